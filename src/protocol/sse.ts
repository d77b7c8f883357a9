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

const utf8 = new TextEncoder();

/**
 * UTF-8 bytes of SSE text. Short ASCII text (most stream events: JSON escapes everything else only
 * in strings, and deltas are mostly ASCII) is copied in a loop: `TextEncoder.encode`'s fixed cost
 * per call is about twice that loop's for one event.
 */
export function encodeSseText(text: string): Uint8Array {
  const length = text.length;
  if (length > 256) return utf8.encode(text);
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) return utf8.encode(text);
    bytes[index] = code;
  }
  return bytes;
}
