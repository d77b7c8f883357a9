import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

/** Parts that carry no model output: a stream may fail over while it has sent only these. */
const PREAMBLE_TYPES = new Set(['stream-start', 'response-metadata', 'raw', 'ping', 'text-start', 'reasoning-start']);

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
  // A stalled upstream may never settle a read: the attempt's timeout aborts `signal`.
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => {});
  const head: LanguageModelV4StreamPart[] = [];
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) throw new Error('the stream ended before the first token');
      if (value.type === 'error') throw new UpstreamStreamError(value.error);
      head.push(value);
      // Providers open with an empty delta (OpenAI's first chunk): not yet a token.
      const empty = (value.type === 'text-delta' || value.type === 'reasoning-delta') && value.delta === '';
      if (!PREAMBLE_TYPES.has(value.type) && !empty) {
        return { head, reader, firstTokenMs: Date.now() - startedAt };
      }
    }
  } catch (error) {
    reader.cancel(error).catch(() => {});
    throw error;
  }
}
