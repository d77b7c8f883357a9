import { abortErrorFrom } from '../errors/abort-error';

/** One line of a JSON Lines body: its 1-based number and its text, without the line break. */
export interface JsonLine {
  line: number;
  text: string;
}

/**
 * Reads a JSON Lines (NDJSON) body line by line as it streams in, yielding each line that
 * is not blank. A line is measured in bytes before it is decoded, so a line longer than
 * `maxLineBytes` fails (with the error `tooLong` returns) without being held in memory;
 * the body is never buffered whole. Returning early, failing or an abort of `abortSignal`
 * (even while a read waits, should the fetch in use ignore the signal) cancels the body.
 * (Not provider-utils' JSON Lines handler: it brings its schema machinery, ~7 KB gzipped.)
 */
export async function* readJsonLines(
  body: ReadableStream<Uint8Array> | null,
  maxLineBytes: number,
  tooLong: (line: number) => unknown,
  abortSignal?: AbortSignal,
): AsyncGenerator<JsonLine> {
  if (!body) return;
  const reader = body.getReader();
  // Cancelling ends a pending read; the loop then reports the abort.
  const onAbort = () => void reader.cancel(abortSignal?.reason).catch(() => {});
  abortSignal?.addEventListener('abort', onAbort);
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
      if (abortSignal?.aborted) throw abortErrorFrom(abortSignal);
      const read = await reader.read();
      if (abortSignal?.aborted) throw abortErrorFrom(abortSignal);
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
    abortSignal?.removeEventListener('abort', onAbort);
    // Not awaited: cancelling a teed body settles only once every branch is cancelled.
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
