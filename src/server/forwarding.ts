import { APICallError, type LanguageModelV4Usage } from '@ai-sdk/provider';
import { createJsonErrorResponseHandler, isRecord, postJsonToApi, resolve, type FetchFunction, type ResponseHandler } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { createParser } from 'eventsource-parser';
import { GatewayServerError } from '../errors/gateway-server-error';
import { encodeSseText } from '../protocol/sse';
import { recordStreamFinish } from './language-model-route';
import type { RequestContext } from './request-context';
import type { BodySource } from './response-body';
import type { RouteExecution } from './route-execution';
import type { ClientCredential, RouteAttempt } from './routing';
import { rejectionOnAbort, UpstreamStreamError } from './stream-priming';
import { upstreamLanguageModel } from './upstream';

// What every unconverted ("forwarded") attempt shares, whichever API its client and upstream speak
// (openai-compatible/chat-forward.ts and responses-forward.ts, anthropic-compatible/messages-forward.ts):
// finding the provider's endpoint, posting the client's body there, reading the answer's SSE events up to
// the first output and on, and keeping a call that only one API takes on the providers that forward it.

/** Where and how a provider model calls its API: URL, headers (with the key) and fetch stay the provider's. */
export interface ForwardEndpoint {
  url: string;
  headers: () => Promise<Record<string, string | undefined>>;
  fetch?: FetchFunction;
  /**
   * The body this upstream takes for the client's, where it differs from the API's own (an OpenAI-compatible
   * server: chat-forward.ts); undefined when it cannot take the call as sent, which then runs converted.
   */
  adapt?: (body: Record<string, unknown>) => Record<string, unknown> | undefined;
}

/**
 * A provider model's endpoint at `url`, read from the `config` it calls with: its headers (with the key) and
 * its fetch; undefined when the config is not the shape read here (another package version: converted).
 */
export function endpointFromConfig(config: Record<string, unknown>, url: unknown): ForwardEndpoint | undefined {
  if (typeof url !== 'string' || (typeof config.headers !== 'function' && !isRecord(config.headers))) return undefined;
  const headers = config.headers as Parameters<typeof resolve<Record<string, string | undefined>>>[0];
  return {
    url,
    headers: () => resolve(headers),
    ...(typeof config.fetch === 'function' ? { fetch: config.fetch as FetchFunction } : {}),
  };
}

/**
 * The endpoint of an @ai-sdk/openai model of `provider` (`openai.chat`, `openai.responses`) at `path`, from
 * the `config.url` it calls; undefined for any other model, or a deployment URL (Azure's `requestModelId`).
 */
export function openAIModelEndpoint(model: unknown, provider: string, path: string): ForwardEndpoint | undefined {
  if (!isRecord(model) || model.provider !== provider || typeof model.modelId !== 'string') return undefined;
  const config = model.config;
  // A deployment name in the URL is not the model id the body would name.
  if (!isRecord(config) || typeof config.url !== 'function' || config.requestModelId !== undefined) return undefined;
  return endpointFromConfig(config, (config.url as (options: { path: string; modelId: string }) => unknown)({ path, modelId: model.modelId }));
}

/** Reads the endpoint of one kind of provider model (`openAIChatEndpoint`, …): undefined for any other model. */
export type EndpointReader = (model: unknown) => ForwardEndpoint | undefined;

/**
 * The endpoint a forwarded attempt posts to: only an attempt with the server's own key forwards (a BYOK
 * attempt keeps the converted path, where its key is checked), so its upstream model is only read then;
 * or one with the client's own credential (Claude Max), sent in place of the provider's key.
 */
export function forwardedEndpoint(attempt: RouteAttempt, upstream: () => unknown, endpointOf: EndpointReader): ForwardEndpoint | undefined {
  if (attempt.clientCredential) {
    const endpoint = endpointOf(upstream());
    return endpoint && withClientCredential(endpoint, attempt.clientCredential);
  }
  return attempt.credentialType === 'system' ? endpointOf(upstream()) : undefined;
}

/** Whether an attempt of the call forwards to the endpoint `endpointOf` reads (its upstream model is built only for an attempt that may). */
export const attemptForwards = (context: RequestContext, attempt: RouteAttempt, endpointOf: EndpointReader): boolean =>
  forwardedEndpoint(attempt, () => upstreamLanguageModel(context.config, attempt), endpointOf) !== undefined;

/** Headers that carry a provider's key, whichever API it is. */
const KEY_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);

/** An endpoint that sends the client's credential, in the header it came in, and none of the provider's key headers. */
export function withClientCredential(endpoint: ForwardEndpoint, { header, token }: ClientCredential): ForwardEndpoint {
  return {
    ...endpoint,
    headers: async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(await endpoint.headers())) if (!KEY_HEADERS.has(name.toLowerCase())) headers[name] = value;
      headers[header] = header === 'authorization' ? `Bearer ${token}` : token;
      return headers;
    },
  };
}

/** Whether a client body names no provider options for the upstream (`providerOptions.gateway` is the gateway's own): it can go as it is. Pure. */
export function namesNoUpstreamOptions(body: Record<string, unknown>): boolean {
  const providerOptions = body.providerOptions;
  return !isRecord(providerOptions) || Object.keys(providerOptions).every((key) => key === 'gateway');
}

/** One upstream SSE event's data, parsed. */
export type ForwardedEvent = Record<string, unknown>;

/** The upstream's SSE events as JSON objects, read on demand (OpenAI's closing `[DONE]` is dropped). */
export class SseJsonReader {
  private readonly queue: ForwardedEvent[] = [];
  private readonly decoder = new TextDecoder();
  private readonly parser = createParser({
    onEvent: (event) => {
      if (event.data === '[DONE]') return;
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        value = { error: { message: `the provider sent an event that is not JSON: ${event.data.slice(0, 80)}` } };
      }
      if (isRecord(value)) this.queue.push(value);
    },
  });
  private done = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The events of the next read (at least one), or undefined at the body's end. */
  async next(): Promise<ForwardedEvent[] | undefined> {
    while (this.queue.length === 0) {
      if (this.done) return undefined;
      const { done, value } = await this.reader.read();
      if (done) {
        this.done = true;
        this.parser.feed(this.decoder.decode());
        this.parser.reset({ consume: true });
      } else {
        this.parser.feed(this.decoder.decode(value, { stream: true }));
      }
    }
    return this.queue.splice(0);
  }

  cancel(reason: unknown): Promise<void> {
    return this.reader.cancel(reason);
  }
}

export interface PrimedEvents {
  /** The events read so far, ending with the first output event (and what came with it in the same read). */
  head: ForwardedEvent[];
  events: SseJsonReader;
  firstTokenMs: number;
}

/** The error an event reports (OpenAI chat and Anthropic put it in an `error` field), or undefined. */
export type EventError = (event: ForwardedEvent) => unknown;
const errorField: EventError = (event) => ('error' in event ? event.error : undefined);

/**
 * Reads up to the first output event; before it an error event, an early end or a stall (the signal)
 * fails the attempt over, as primeStream does for parts.
 */
export async function primeEvents(
  events: SseJsonReader,
  isOutput: (event: ForwardedEvent) => boolean,
  signal: AbortSignal,
  attemptStart: number,
  errorOf: EventError = errorField,
): Promise<PrimedEvents> {
  const aborted = rejectionOnAbort(signal);
  const head: ForwardedEvent[] = [];
  try {
    for (;;) {
      const read = await Promise.race([events.next(), aborted]);
      if (read === undefined) throw new Error('the stream ended before the first token');
      const output = read.findIndex(isOutput);
      const before = output === -1 ? read : read.slice(0, output);
      const error = before.map(errorOf).find((found) => found !== undefined);
      if (error !== undefined) throw new UpstreamStreamError(error);
      head.push(...read);
      // What followed the first output event in the same read is the client's, errors included.
      if (output !== -1) return { head, events, firstTokenMs: Date.now() - attemptStart };
    }
  } catch (error) {
    events.cancel(error).catch(() => {});
    throw error;
  }
}

/** An upstream's error answer: OpenAI's `{ error: { message, … } }` and Anthropic's `{ type: 'error', error: { type, message } }` alike. */
const failedForwardHandler = createJsonErrorResponseHandler({
  errorSchema: z.object({ error: z.object({ message: z.string() }).loose() }),
  errorToMessage: (data) => data.error.message,
});

/**
 * Posts a forwarded body to the provider's endpoint; undefined when the upstream refuses it with a 400
 * (a field this model does not take, such as `temperature` on a reasoning model): the provider adapts
 * those on the converted path, so the attempt runs there instead, unless the call has no converted form
 * (`convertOn400: false`), when the 400 is the answer.
 */
export async function postForwarded<T>(
  endpoint: ForwardEndpoint,
  body: Record<string, unknown>,
  signal: AbortSignal,
  success: ResponseHandler<T>,
  extraHeaders: Record<string, string | undefined> = {},
  convertOn400 = true,
): Promise<T | undefined> {
  try {
    const { value } = await postJsonToApi({
      url: endpoint.url,
      headers: { ...(await endpoint.headers()), ...extraHeaders },
      body,
      failedResponseHandler: failedForwardHandler,
      successfulResponseHandler: success,
      abortSignal: signal,
      fetch: endpoint.fetch,
    });
    return value;
  } catch (error) {
    if (convertOn400 && APICallError.isInstance(error) && error.statusCode === 400) return undefined;
    throw error;
  }
}

/** The ledger of one forwarded stream: the text the usage log keeps (only when prompts are kept) and the call's record at its end. */
export interface ForwardedCallLedger {
  addText(text: string): void;
  /** Records the call (usage log, limits, budgets, metrics) and returns its cost. */
  finish(finishReason: string, usage: LanguageModelV4Usage): number;
}

/** Opens the ledger of a forwarded stream whose first output has just come (`primed`). */
export function openForwardedCall(context: RequestContext, execution: RouteExecution, primed: PrimedEvents, startedAt: number): ForwardedCallLedger {
  const firstContentAt = Date.now();
  context.call.streamOpened(execution);
  const keepCompletion = context.call.storePrompts;
  let completion = '';
  return {
    addText(text) {
      if (keepCompletion) completion += text;
    },
    finish(finishReason, usage) {
      return recordStreamFinish(context, execution, { usage, finishReason, firstTokenMs: primed.firstTokenMs, firstContentAt, startedAt, completion: keepCompletion ? completion : undefined });
    },
  };
}

/** How one forwarded stream turns upstream events into the client's SSE text. */
export interface ForwardedStreamCodec {
  /** The client's text for one upstream event ('' to drop it). */
  forward(event: ForwardedEvent): string;
  /** Whether the call has ended: its finish was recorded. */
  finished(): boolean;
  /** The client's text when the upstream breaks before the finish: an in-band error and an end. */
  failAfterContent(reason: string): string;
  /** The client's text when the upstream's body ends (an early end is the codec's to report). */
  end(): string;
  /** The client left before the finish. */
  cancelled(): void;
}

/** The client's body of a forwarded stream: the primed events first, then each read of the upstream, through `codec`. */
export function forwardedEventsSource(primed: PrimedEvents, codec: ForwardedStreamCodec): BodySource {
  const { events } = primed;
  let pending: ForwardedEvent[] | undefined = primed.head;
  let ended = false;
  return {
    async next() {
      while (!ended) {
        let text = '';
        let read: ForwardedEvent[] | undefined;
        try {
          read = pending ?? (await events.next());
          pending = undefined;
        } catch (error) {
          if (ended) return undefined;
          if (!codec.finished()) text += codec.failAfterContent(error instanceof Error ? error.message : String(error));
          read = undefined;
        }
        // Cancelled while waiting (the client left): nothing more to send or record.
        if (ended) return undefined;
        if (read) {
          for (const event of read) text += codec.forward(event);
        } else {
          text += codec.end();
          ended = true;
        }
        if (text) return encodeSseText(text);
      }
      return undefined;
    },
    cancel(reason) {
      if (ended) return Promise.resolve();
      ended = true;
      if (!codec.finished()) codec.cancelled();
      return events.cancel(reason);
    },
  };
}

/** A 400 for a forward-only call: what it has, who alone takes that, and what to change. */
export const forwardOnlyRefused = (what: string, api: string, fix: string) =>
  new GatewayServerError({ status: 400, type: 'invalid_request_error', message: `This call has ${what}, which only ${api} takes: ${fix}` });

/**
 * The context of a forward-only call (one with what only the upstream's own API takes: server tools, built-in
 * tools, their items): its route kept to the attempts that `forwards`, since no other provider can serve it;
 * a 400 naming the way out when none can, or when the call asks for what forwarding cannot do.
 */
export function forwardOnlyContext(
  context: RequestContext,
  body: Record<string, unknown>,
  what: string,
  api: string,
  /** The provider model that forwards there, as the operator would configure it. */
  forwarder: string,
  endpointOf: EndpointReader,
): RequestContext {
  if (!namesNoUpstreamOptions(body)) throw forwardOnlyRefused(what, api, 'the call goes to it as sent, so keep only providerOptions.gateway (no provider options for the upstream).');
  if (typeof context.gatewayOptions.cacheControl === 'string') throw forwardOnlyRefused(what, api, 'the call goes to it as sent and is never answered from the response cache, so leave out cacheControl.');
  const models = context.plan.models
    .map(({ model, attempts }) => ({
      model,
      attempts: attempts.filter((attempt) => attemptForwards(context, attempt, endpointOf)),
    }))
    .filter((entry) => entry.attempts.length > 0);
  if (models.length === 0) throw forwardOnlyRefused(what, api, `no provider of '${context.modelId}' is ${forwarder} with this gateway's own key. Leave those out, or use a model that ${api} serves.`);
  const providers = [...new Set(models[0]!.attempts.map((attempt) => attempt.provider))];
  return {
    ...context,
    plan: { ...context.plan, models, fallbacksAvailable: providers.slice(1), planningReasoning: `${context.plan.planningReasoning}. Forwarded as sent: ${api} providers only` },
  };
}
