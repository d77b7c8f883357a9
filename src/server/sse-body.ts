import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { encodeSseText } from '../protocol/sse';
import { bodyFromSource } from './response-body';

/** The routed parts of one stream, read one upstream part at a time. */
export interface PartSource {
  /** Reads the next upstream part and hands what it becomes (none, one or more parts) to `emit`; true once the stream has ended. */
  read(emit: (part: LanguageModelV4StreamPart) => void): Promise<boolean>;
  cancel(reason: unknown): Promise<void>;
}

/** What one client API makes of a stream: the event text of each part, and text before the first and after the last. */
export interface SseEncoder {
  open?(): string;
  part(part: LanguageModelV4StreamPart): string;
  close?(): string;
}

/** A stateful converter from V4 parts to one client API's events, one per stream. */
export interface EventConverter<Event> {
  /** Appends the events every stream starts with. */
  first(out: Event[]): void;
  /** Appends the events one V4 part becomes (none for parts the API does not carry). */
  convert(part: LanguageModelV4StreamPart, out: Event[]): void;
}

/** The SSE encoder of a converter: each event as `encodeEvent` writes it, and `close` after the last. */
export function eventsSseEncoder<Event>(converter: EventConverter<Event>, encodeEvent: (event: Event) => string, close?: string): SseEncoder {
  const out: Event[] = [];
  const drain = () => {
    let text = '';
    for (const event of out) text += encodeEvent(event);
    out.length = 0;
    return text;
  };
  return {
    open() {
      converter.first(out);
      return drain();
    },
    part(part) {
      converter.convert(part, out);
      return out.length === 0 ? '' : drain();
    },
    ...(close === undefined ? {} : { close: () => close }),
  };
}

/** The SSE body of a routed stream: gateway metadata, conversion and encoding all run in one pull per upstream part. */
export function partsSseBody(parts: PartSource, encoder: SseEncoder): ReadableStream<Uint8Array> {
  // The opening events go out at once, before the first part is read.
  let text = encoder.open?.() ?? '';
  let ended = false;
  const emit = (part: LanguageModelV4StreamPart) => {
    text += encoder.part(part);
  };
  return bodyFromSource({
    async next() {
      if (text) {
        const bytes = encodeSseText(text);
        text = '';
        return bytes;
      }
      while (!ended) {
        ended = await parts.read(emit);
        if (ended) text += encoder.close?.() ?? '';
        if (text) {
          const bytes = encodeSseText(text);
          text = '';
          return bytes;
        }
      }
      return undefined;
    },
    cancel: (reason) => parts.cancel(reason),
  });
}

/** A part stream read as a `PartSource` (for tests and for parts that come as a stream). */
export function partSourceFromStream(stream: ReadableStream<LanguageModelV4StreamPart>): PartSource {
  const reader = stream.getReader();
  return {
    async read(emit) {
      const { done, value } = await reader.read();
      if (!done) emit(value);
      return done;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
