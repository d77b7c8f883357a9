import { isRecord } from '../protocol/web-helpers';
import { createParser } from 'eventsource-parser';
import { abortErrorFrom } from '../errors/abort-error';
import { isAbortError, scrubSecrets, scrubSecretsDeep, type GatewayErrorContext } from '../errors/create-gateway-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import type { IncompleteStream } from './usage';
import type { SpecType } from '../protocol/spec-types';
import type { SpecificationVersion } from '../protocol/spec-versions';

/** An in-band error part: every spec version has this one. */
export type StreamErrorPart = { type: 'error'; error: unknown };

/** A stream part of spec version `V`, or an error part modelgate adds itself. */
export type GatewayStreamPart<V extends SpecificationVersion> = SpecType<V, 'languageStreamPart'> | StreamErrorPart;

export interface DecodeEventStreamOptions {
  /** Pass `raw` parts on only when the call asked for them. */
  includeRawChunks?: boolean;
  errorContext: GatewayErrorContext;
  /** Called with the `response-metadata` part, before it is passed on. */
  onMetadata?: (part: { id?: string }) => void;
  /** Called with the `finish` part, before it is passed on. */
  onFinish?: (part: { usage: unknown; providerMetadata?: unknown }) => void;
  /** The call's signal: once aborted, the stream errors with an abort, never a gateway error. */
  abortSignal?: AbortSignal;
  /** Called once when the stream ends without a `finish` part, saying how it ended. */
  onIncomplete?: (how: IncompleteStream) => void;
}

// The gateway sends the spec's own stream parts; every part has a string `type`.
function isStreamPart<V extends SpecificationVersion>(event: unknown): event is SpecType<V, 'languageStreamPart'> {
  return isRecord(event) && typeof event.type === 'string';
}

/**
 * Turns the gateway's `text/event-stream` body into spec stream parts in one
 * stage (bytes → text → events → parts), pulled on demand so a slow consumer
 * applies backpressure and cancelling stops the network read.
 *
 * A body that ends, or breaks off, before a `finish` part yields a retryable
 * `GatewayResponseError` part rather than a silent, truncated success. An aborted
 * `abortSignal` errors the stream with the abort instead, whatever the body did.
 */
export function decodeGatewayEventStream<V extends SpecificationVersion>(
  body: ReadableStream<Uint8Array>,
  { includeRawChunks = false, errorContext, onMetadata, onFinish, abortSignal, onIncomplete }: DecodeEventStreamOptions,
): ReadableStream<GatewayStreamPart<V>> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let sawFinish = false;
  let eventCount = 0;
  let endsInCR = false;
  let output!: ReadableStreamDefaultController<GatewayStreamPart<V>>;
  let produced = 0;
  let endedIncomplete = false;
  const endIncomplete = (how: IncompleteStream) => {
    if (sawFinish || endedIncomplete) return;
    endedIncomplete = true;
    onIncomplete?.(how);
  };
  const emit = (part: GatewayStreamPart<V>) => {
    produced++;
    output.enqueue(part);
  };

  const parser = createParser({
    onEvent(event) {
      eventCount++;
      let json: unknown;
      let cause: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (error) {
        cause = error;
      }
      if (!isStreamPart<V>(json)) {
        emit({
          type: 'error',
          error: new GatewayResponseError({
            message: `The AI Gateway sent a malformed stream event #${eventCount} (${
              cause ? 'not JSON' : 'not a stream part'
            }): ${JSON.stringify(scrubSecrets(event.data.slice(0, 80), errorContext.secrets))}. The event was skipped.`,
            url: errorContext.url,
            cause,
          }),
        });
        return;
      }
      // A const of the narrowed (generic) type, so the switch can narrow it by `type`.
      const part = json;
      switch (part.type) {
        case 'raw':
          if (!includeRawChunks) return;
          break;
        case 'response-metadata': {
          // JSON carries the timestamp as an ISO string.
          const timestamp: unknown = part.timestamp;
          if (typeof timestamp === 'string') part.timestamp = new Date(timestamp);
          onMetadata?.(part);
          break;
        }
        case 'finish':
          sawFinish = true;
          onFinish?.(part);
          break;
        case 'error':
          // An upstream provider's error may echo the credentials it was given.
          emit({ type: 'error', error: scrubSecretsDeep(part.error, errorContext.secrets) });
          return;
      }
      emit(part);
    },
  });

  const endedEarly = (reason: string, cause?: unknown): StreamErrorPart => ({
    type: 'error',
    error: new GatewayResponseError({
      message: `The AI Gateway stream ended before the \`finish\` part (${reason}, after ${eventCount} events). The reply is incomplete; retrying the call may help.`,
      url: errorContext.url,
      requestBodyValues: errorContext.requestBodyValues,
      cause,
      isRetryable: true,
    }),
  });

  const abort = (controller: ReadableStreamDefaultController<GatewayStreamPart<V>>, error: unknown) => {
    endIncomplete('aborted');
    controller.error(error);
  };

  return new ReadableStream<GatewayStreamPart<V>>({
    start(controller) {
      output = controller;
    },
    // A pull that enqueues nothing is not called again, so read until a part is out.
    async pull(controller) {
      const before = produced;
      while (produced === before) {
        if (abortSignal?.aborted) {
          // A custom fetch may ignore the signal: stop the network read here too.
          const error = abortErrorFrom(abortSignal);
          reader.cancel(error).catch(() => {});
          abort(controller, error);
          return;
        }
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          // fetch rejects with the signal's reason, which need not look like an abort.
          if (abortSignal?.aborted) return abort(controller, abortErrorFrom(abortSignal));
          if (isAbortError(error)) return abort(controller, error);
          parser.reset({ consume: true });
          if (!sawFinish) emit(endedEarly('the connection broke off', error));
          endIncomplete('failed');
          controller.close();
          return;
        }
        if (chunk.done) {
          // A final CR may still be waiting for an LF; settle it so the last event counts.
          parser.feed(decoder.decode() + (endsInCR ? '\n' : ''));
          parser.reset({ consume: true });
          // Some fetch implementations end the body on abort instead of failing the read.
          if (!sawFinish && abortSignal?.aborted) return abort(controller, abortErrorFrom(abortSignal));
          if (!sawFinish) emit(endedEarly('the body closed'));
          endIncomplete('failed');
          controller.close();
          return;
        }
        const text = decoder.decode(chunk.value, { stream: true });
        if (text) endsInCR = text.charCodeAt(text.length - 1) === 13;
        parser.feed(text);
      }
    },
    cancel(reason) {
      endIncomplete('cancelled');
      return reader.cancel(reason);
    },
  });
}
