/** Response headers of an event stream (language-model streams). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** One server-sent event carrying JSON text: `data: <json>` and a blank line. */
export function encodeSseEvent(json: string): string {
  return `data: ${json}\n\n`;
}
