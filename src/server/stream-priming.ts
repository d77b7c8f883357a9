import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

/**
 * Parts that are model output: the first one commits the stream to its provider. Every other
 * part (stream-start, response-metadata, text-start, raw, ping, provider `custom` parts such as
 * Anthropic's message_start, and kinds added later) is held back until then, so a stream can
 * still fail over after them: nothing has reached the client yet.
 */
const CONTENT_TYPES = new Set([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-call',
  'tool-result',
  'tool-approval-request',
  'file',
  'reasoning-file',
  'source',
  'finish',
]);

/** The upstream's in-band error, raised so the attempt fails over. */
export class UpstreamStreamError extends Error {
  constructor(readonly error: unknown) {
    const message =
      typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
        ? (error as { message: string }).message
        : typeof error === 'string'
          ? error
          : 'the provider sent an error part';
    super(`stream error before the first token: ${message}`, { cause: error });
  }
}

/** Rejects with the signal's reason once it aborts: raced against reads, since a stalled upstream may never settle one (the attempt's timeout aborts `signal`). */
export function rejectionOnAbort(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => {});
  return aborted;
}

export interface PrimedStream {
  /** The parts read so far, ending with the first content part (or `finish`). */
  head: LanguageModelV4StreamPart[];
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
  /** ms from the attempt's start to its first content part. */
  firstTokenMs: number;
}

/**
 * Reads an upstream stream up to its first content part. Until then nothing has reached the client, so an error part, a
 * broken stream, an early end or a stall fails the attempt and the next
 * provider can take over; after it, the stream is the client's.
 */
export async function primeStream(
  stream: ReadableStream<LanguageModelV4StreamPart>,
  signal: AbortSignal,
  startedAt: number,
): Promise<PrimedStream> {
  const reader = stream.getReader();
  const aborted = rejectionOnAbort(signal);
  const head: LanguageModelV4StreamPart[] = [];
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) throw new Error('the stream ended before the first token');
      if (value.type === 'error') throw new UpstreamStreamError(value.error);
      head.push(value);
      // Providers open with an empty delta (OpenAI's first chunk): not yet a token.
      const empty = (value.type === 'text-delta' || value.type === 'reasoning-delta') && value.delta === '';
      if (CONTENT_TYPES.has(value.type) && !empty) {
        return { head, reader, firstTokenMs: Date.now() - startedAt };
      }
    }
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
}
