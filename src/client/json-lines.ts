/** One line of a JSON Lines body: its 1-based number and its text, without the line break. */
export interface JsonLine {
  line: number;
  text: string;
}

/**
 * Reads a JSON Lines (NDJSON) body line by line as it streams in, yielding each line that
 * is not blank. A line is measured in bytes before it is decoded, so a line longer than
 * `maxLineBytes` fails (with the error `tooLong` returns) without being held in memory;
 * the body is never buffered whole. Returning early or failing cancels the body.
 * (Not provider-utils' JSON Lines handler: it brings its schema machinery, ~7 KB gzipped.)
 */
export async function* readJsonLines(
  body: ReadableStream<Uint8Array> | null,
  maxLineBytes: number,
  tooLong: (line: number) => unknown,
): AsyncGenerator<JsonLine> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  let line = 1;
  let finished = false;
  const complete = (): JsonLine | undefined => {
    const value = text.endsWith('\r') ? text.slice(0, -1) : text;
    return value.trim() === '' ? undefined : { line, text: value };
  };
  try {
    for (;;) {
      const read = await reader.read();
      if (read.done) break;
      const chunk = read.value;
      for (let start = 0; ; ) {
        const newline = chunk.indexOf(10, start);
        const end = newline === -1 ? chunk.length : newline;
        bytes += end - start;
        if (bytes > maxLineBytes) throw tooLong(line);
        text += decoder.decode(chunk.subarray(start, end), { stream: true });
        if (newline === -1) break;
        // A line break is one byte and never inside a character, so the decoder is flushed here.
        text += decoder.decode();
        const done = complete();
        if (done) yield done;
        text = '';
        bytes = 0;
        line++;
        start = newline + 1;
      }
    }
    finished = true;
    text += decoder.decode();
    const last = complete();
    if (last) yield last;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
