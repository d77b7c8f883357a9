/** Response headers of an event stream the gateway sends. */
export const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** One server-sent event carrying a JSON value: `data: <json>` and a blank line. */
export function encodeSseEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
