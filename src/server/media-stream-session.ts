/**
 * The session of a streamed speech or transcription WebSocket, the envelope both share: the
 * client sends a start frame, input frames and a done frame; the server answers with the
 * upstream model's stream parts, one JSON text frame each, and closes with 1000 after the
 * `finish` part. An `error` part is terminal: it is followed by a non-1000 close.
 *
 * The upgrade was admitted before the 101 (websocket-upgrade.ts); the start frame comes after
 * it, so the upstream `doStream` call is made then, trying the model's providers in order until
 * one's call returns. Until then every input frame is kept, so each attempt reads the input from
 * its start; after it, only what the chosen provider has not read yet. What differs per kind
 * (the frames, the upstream call) is in speech-stream-route.ts and transcription-stream-route.ts.
 */
import { z } from 'zod/v4';
import { GatewayServerError } from '../errors/gateway-server-error';
import { stringifyWire } from '../protocol/wire-codec';
import { formatUsd } from './cost';
import { wireStreamError } from './language-model-route';
import { RouteExecution } from './route-execution';
import type { RouteAttempt, RoutePlan } from './routing';
import { closeQuietly, framePayload, SOCKET_OPEN, whenOpen, type RelaySocket, type WebSocketAcceptance } from './server-websocket';
import { upstreamModel, upstreamProvider } from './upstream';
import { admitUpgrade, planProviders, type AdmittedUpgrade, type SocketUpgradeContext } from './websocket-upgrade';

/** The protocol's limit on a client frame (§4, §5): larger ones end the session. */
export const MAX_CLIENT_FRAME_BYTES = 256 * 1024;
/** Input the upstream has not read yet beyond which a client socket that can pause (`ws`'s) is paused, and below which it resumes. */
export const PAUSE_INPUT_BYTES = 1024 * 1024;
const RESUME_INPUT_BYTES = 256 * 1024;
/** Unread input at which a client that keeps sending (a socket that cannot pause) is stopped. */
export const MAX_UNREAD_INPUT_BYTES = 16 * 1024 * 1024;
/** An adapter that never completes the handshake, or a client that never sends its start frame, must not hold a concurrency slot. */
const ACCEPT_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 30_000;

const CLOSE_NORMAL = 1000;
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;
const CLOSE_UPSTREAM_FAILED = 1011;

/** A client frame as a kind reads it. */
export type ClientFrame<Start, Input> =
  | { type: 'start'; start: Start }
  | { type: 'input'; input: Input; bytes: number }
  | { type: 'done' }
  /** A frame of a type this server does not know: skipped, for forward compatibility. */
  | { type: 'ignored' }
  | { type: 'invalid'; message: string };

const frameTypeSchema = z.object({ type: z.string() });

/** A client text frame's JSON and its `type`; invalid (`notJson` its message, if it is not JSON) unless it has a string `type`. */
export function typedFrame(frame: string, kind: MediaStreamKind<unknown, unknown>['name'], notJson: string): { json: unknown; frameType: string } | { type: 'invalid'; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { type: 'invalid', message: notJson };
  }
  const typed = frameTypeSchema.safeParse(json);
  if (!typed.success) return { type: 'invalid', message: `A ${kind} stream frame has no string \`type\`.` };
  return { json, frameType: typed.data.type };
}

/** Where a frame failed its schema (zod's first issue), as a client reads it. */
export function frameIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `\`${issue.path.join('.') || '(frame)'}\`: ${issue.message}`;
}

/** Whether an upstream model streams: spec v4 with `doStream` (speech and transcription models alike). */
export const hasV4DoStream = (model: unknown): boolean =>
  typeof model === 'object' && model !== null && 'specificationVersion' in model && model.specificationVersion === 'v4' && 'doStream' in model && typeof model.doStream === 'function';

/** What the runner reads of a stream part: its type, an error part's error, a finish part's metadata. */
export interface WirePart {
  type: string;
  error?: unknown;
  providerMetadata?: unknown;
}

/** What differs between streamed speech and streamed transcription. */
export interface MediaStreamKind<Start, Input> {
  name: 'speech' | 'transcription';
  /** The AI SDK call that serves the kind over HTTP, named in refusals. */
  httpCall: string;
  /** Whether an upstream model streams (spec v4 with `doStream`). */
  canStream(model: unknown): boolean;
  /** Reads one client frame: a string for a text frame, bytes for a binary one. */
  readFrame(frame: string | Uint8Array): ClientFrame<Start, Input>;
  /** Calls the upstream model's `doStream` (the model `canStream`). */
  doStream(model: unknown, options: { start: Start; input: ReadableStream<Input>; abortSignal: AbortSignal }): PromiseLike<{ stream: ReadableStream<WirePart> }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The upgrade's preflight: refuses a model none of whose providers stream this kind (their models have no
 * `doStream`, as `@ai-sdk/openai`'s speech and transcription models), naming the model and the HTTP call.
 */
function requireStreamingProvider(kind: Pick<MediaStreamKind<unknown, unknown>, 'name' | 'httpCall' | 'canStream'>, context: SocketUpgradeContext, plan: RoutePlan, modelId: string): void {
  const streams = plan.models[0]!.attempts.some((attempt) => {
    try {
      return kind.canStream(upstreamModel(upstreamProvider(context.config, attempt), kind.name, attempt));
    } catch {
      return false;
    }
  });
  if (streams) return;
  throw new GatewayServerError({
    status: 400,
    type: 'invalid_request_error',
    message: `Model '${modelId}' cannot stream ${kind.name} here: its providers (${planProviders(plan).join(', ')}) offer no streaming ${kind.name} model (a spec v4 ${kind.name} model with doStream; @ai-sdk/openai's has none). Use ${kind.httpCall} over HTTP (POST /v4/ai/${kind.name}-model), which this gateway serves for it.`,
    param: { modelId },
  });
}

/** Whether a text frame is over the limit in UTF-8, measured only when it may be. */
function textOverLimit(text: string): boolean {
  if (text.length * 3 <= MAX_CLIENT_FRAME_BYTES) return false;
  return text.length > MAX_CLIENT_FRAME_BYTES || new TextEncoder().encode(text).length > MAX_CLIENT_FRAME_BYTES;
}

interface QueueReader {
  position: number;
  wake: (() => void) | undefined;
  controller: ReadableStreamDefaultController<unknown> | undefined;
  detached: boolean;
}

/**
 * The client's input, as streams the upstream reads. Before an attempt is chosen every item is kept, so
 * each attempt's stream starts at the first; once one is chosen (`commit`), what it has read is dropped.
 * `onUnread` hears the bytes kept after each change, for backpressure. Streams pull one item per read.
 */
export class InputQueue<T> {
  private items: Array<{ value: T; bytes: number }> = [];
  /** The position of `items[0]` in the whole input. */
  private offset = 0;
  private unread = 0;
  private ended = false;
  private readonly readers = new Set<QueueReader>();
  private chosen: QueueReader | undefined;

  constructor(private readonly onUnread: (bytes: number) => void) {}

  push(value: T, bytes: number): void {
    this.items.push({ value, bytes });
    this.unread += bytes;
    this.wakeAll();
    this.onUnread(this.unread);
  }

  /** The input is complete: readers get the rest, then the end. */
  end(): void {
    this.ended = true;
    this.wakeAll();
  }

  /** Bytes received and not yet dropped. */
  get unreadBytes(): number {
    return this.unread;
  }

  /** A stream of the input from its first item, for one attempt; `commit` chooses it, `detach` errors it. */
  open(): { stream: ReadableStream<T>; commit(): void; detach(reason: unknown): void } {
    const reader: QueueReader = { position: 0, wake: undefined, controller: undefined, detached: false };
    this.readers.add(reader);
    const stream = new ReadableStream<T>(
      {
        start: (controller) => {
          reader.controller = controller;
        },
        pull: async (controller) => {
          while (!reader.detached && reader.position >= this.offset + this.items.length && !this.ended) {
            await new Promise<void>((resolve) => (reader.wake = resolve));
          }
          if (reader.detached) return;
          const item = this.items[reader.position - this.offset];
          if (!item) return controller.close();
          reader.position++;
          controller.enqueue(item.value);
          if (this.chosen === reader) this.dropRead();
        },
        cancel: () => this.remove(reader),
      },
      { highWaterMark: 0 },
    );
    return {
      stream,
      commit: () => {
        this.chosen = reader;
        for (const other of this.readers) if (other !== reader) this.detachReader(other, new Error('another provider serves this stream'));
        this.dropRead();
      },
      detach: (reason) => this.detachReader(reader, reason),
    };
  }

  /** Ends every stream with `reason` (the session ended). */
  close(reason: unknown): void {
    this.ended = true;
    for (const reader of this.readers) this.detachReader(reader, reason);
    this.items = [];
    this.unread = 0;
  }

  private detachReader(reader: QueueReader, reason: unknown): void {
    if (reader.detached) return;
    reader.detached = true;
    this.remove(reader);
    try {
      reader.controller?.error(reason);
    } catch {
      // Closed already.
    }
    reader.wake?.();
  }

  private remove(reader: QueueReader): void {
    this.readers.delete(reader);
    reader.detached = true;
    reader.wake?.();
  }

  private dropRead(): void {
    const count = (this.chosen?.position ?? 0) - this.offset;
    if (count <= 0) return;
    for (const item of this.items.splice(0, count)) this.unread -= item.bytes;
    this.offset += count;
    this.onUnread(this.unread);
  }

  private wakeAll(): void {
    for (const reader of this.readers) {
      const wake = reader.wake;
      reader.wake = undefined;
      wake?.();
    }
  }
}

/** An in-band error as the protocol sends it (§12): `{ type, message }`, which the clients map to their error classes. */
const errorPart = (type: string, message: string) => ({ type: 'error', error: { type, message } });

/** Answers a streamed speech or transcription upgrade: throws the refusal (a GatewayServerError), or returns the acceptance. */
export async function upgradeMediaStream<Start, Input>(kind: MediaStreamKind<Start, Input>, context: SocketUpgradeContext): Promise<WebSocketAcceptance> {
  const admitted = await admitUpgrade(context, kind.name, (plan, modelId) => requireStreamingProvider(kind, context, plan, modelId));
  return serveMediaStream(kind, admitted, context);
}

/**
 * Serves one admitted streamed speech or transcription session: returns the acceptance the adapter
 * completes. The session is logged once, when it ends: served (with the serving provider's `request`
 * price when it finished), failed, or cancelled when the client left before the finish part.
 */
function serveMediaStream<Start, Input>(kind: MediaStreamKind<Start, Input>, admitted: AdmittedUpgrade<unknown>, context: SocketUpgradeContext): WebSocketAcceptance {
  const { call, plan, protocol, startedAt } = admitted;
  const { config, stats, generationId } = context;
  const aborter = new AbortController();
  const execution = new RouteExecution(plan, aborter.signal, config.secrets, stats);
  call.streamOpened(execution);

  let client: RelaySocket | undefined;
  let clientOpen: Promise<boolean> = Promise.resolve(false);
  let ended = false;
  let started = false;
  let inputDone = false;
  let paused = false;
  /** The chosen provider's attempt, once its doStream call returned. */
  let serving: RouteAttempt | undefined;
  let firstPartAt: number | undefined;
  let upstreamReader: ReadableStreamDefaultReader<WirePart> | undefined;
  let frames: Promise<void> = Promise.resolve();

  const input = new InputQueue<Input>((unread) => {
    if (unread > MAX_UNREAD_INPUT_BYTES) {
      fail(new GatewayServerError({ status: 400, type: 'invalid_request_error', message: `The client sent ${kind.name} input faster than the provider reads it (more than ${MAX_UNREAD_INPUT_BYTES} bytes unread). Wait for the socket buffer to drain between frames.` }), CLOSE_POLICY);
    } else if (unread > PAUSE_INPUT_BYTES && !paused && client?.pause) {
      paused = true;
      client.pause();
    } else if (unread < RESUME_INPUT_BYTES && paused) {
      paused = false;
      client?.resume?.();
    }
  });

  const send = (part: unknown) => {
    if (client?.readyState === SOCKET_OPEN) client.send(execution.scrub(stringifyWire(part)));
  };

  const stop = () => {
    ended = true;
    clearTimeout(acceptTimer);
    clearTimeout(startTimer);
    aborter.abort(new Error(`the ${kind.name} stream ended`));
    input.close(new Error(`the ${kind.name} stream ended`));
    upstreamReader?.cancel().catch(() => {});
    if (paused) client?.resume?.();
  };

  const timesOf = () => ({ latencyMs: (firstPartAt ?? Date.now()) - startedAt, generationMs: Date.now() - startedAt });

  /** Ends the session with an error part and a non-1000 close. A provider's failure after it was chosen is logged as a served call that failed. */
  function fail(error: unknown, code: number): void {
    if (ended) return;
    stop();
    const wire = GatewayServerError.isInstance(error) ? { type: error.type, message: execution.scrub(error.message) } : wireStreamError(error, execution);
    send(errorPart(wire.type, wire.message));
    if (client) closeQuietly(client, code, code === CLOSE_UPSTREAM_FAILED ? `the ${kind.name} stream failed` : 'invalid client frames');
    if (serving && !GatewayServerError.isInstance(error)) {
      call.served({ attempt: serving, execution, usage: undefined, finishReason: 'error', cost: 0, streamed: true, ...timesOf() });
    } else {
      call.failed(error);
    }
  }

  const invalid = (message: string, code = CLOSE_POLICY) => fail(new GatewayServerError({ status: 400, type: 'invalid_request_error', message }), code);

  /** The start frame arrived: the upstream call, with failover until one provider's doStream returns, then its parts. */
  async function begin(start: Start): Promise<void> {
    let stream: ReadableStream<WirePart>;
    try {
      stream = await execution.run(config.firstTokenTimeoutMs, async ({ attempt, signal }) => {
        const attemptInput = input.open();
        try {
          const model = upstreamModel(upstreamProvider(config, attempt), kind.name, attempt);
          if (!kind.canStream(model)) {
            throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: `Provider '${attempt.provider}' has no streaming ${kind.name} model (spec v4 with doStream) for '${attempt.providerModelId}'.` });
          }
          // The attempt's signal stops following the session once the attempt returns, and the stream runs on:
          // the upstream call follows both (a controller: AbortSignal.any is missing from the first Node 20 releases).
          const upstreamAbort = new AbortController();
          for (const source of [signal, aborter.signal]) {
            if (source.aborted) upstreamAbort.abort(source.reason);
            else source.addEventListener('abort', () => upstreamAbort.abort(source.reason), { once: true });
          }
          const result = await kind.doStream(model, { start, input: attemptInput.stream, abortSignal: upstreamAbort.signal });
          attemptInput.commit();
          return result.stream;
        } catch (error) {
          attemptInput.detach(error);
          throw error;
        }
      });
    } catch (error) {
      // The client left meanwhile: the call is logged as cancelled already.
      if (!ended) fail(error, GatewayServerError.isInstance(error) && error.status < 500 ? CLOSE_POLICY : CLOSE_UPSTREAM_FAILED);
      return;
    }
    serving = execution.finalAttempt!;
    const reader = stream.getReader();
    upstreamReader = reader;
    if (ended) {
      reader.cancel().catch(() => {});
      return;
    }
    await pump(reader, serving);
  }

  /** The chosen provider's parts to the client, in order, until `finish` or an error. */
  async function pump(reader: ReadableStreamDefaultReader<WirePart>, attempt: RouteAttempt): Promise<void> {
    // Parts wait for an adapter's socket that is still opening.
    if (!(await clientOpen)) return;
    try {
      for (;;) {
        const { done, value: part } = await reader.read();
        if (ended) return;
        if (done) return fail(new Error(`The provider's ${kind.name} stream ended before its finish part.`), CLOSE_UPSTREAM_FAILED);
        firstPartAt ??= Date.now();
        if (part.type === 'error') {
          // Terminal on this protocol: the client stops sending once it sees one.
          return fail(part.error, CLOSE_UPSTREAM_FAILED);
        }
        if (part.type !== 'finish') {
          send(part);
          continue;
        }
        // These kinds have no per-token prices: a stream costs the serving provider's `request` price.
        const cost = Number(attempt.pricing?.request ?? 0);
        call.served({ attempt, execution, usage: undefined, finishReason: 'stop', cost, streamed: true, ...timesOf() });
        const metadata = isRecord(part.providerMetadata) ? part.providerMetadata : {};
        send({ ...part, providerMetadata: { ...metadata, gateway: { ...execution.routingMetadata(), cost: formatUsd(cost), generationId } } });
        stop();
        if (client) closeQuietly(client, CLOSE_NORMAL);
        return;
      }
    } catch (error) {
      if (!ended) fail(new Error(`The provider's ${kind.name} stream failed: ${errorMessage(error)}`), CLOSE_UPSTREAM_FAILED);
    }
  }

  /** One client frame, in order. */
  async function onFrame(data: unknown): Promise<void> {
    const payload = await framePayload(data);
    if (ended) return;
    if (payload === undefined) return invalid('The frame could not be read.');
    if (typeof payload === 'string' ? textOverLimit(payload) : payload.byteLength > MAX_CLIENT_FRAME_BYTES) {
      return invalid(`The frame is larger than ${MAX_CLIENT_FRAME_BYTES / 1024} KiB, the most this gateway accepts. Send smaller frames.`, CLOSE_TOO_BIG);
    }
    const frame = kind.readFrame(payload);
    switch (frame.type) {
      case 'ignored':
        return;
      case 'invalid':
        return invalid(frame.message);
      case 'start':
        if (started) return invalid(`The ${kind.name} stream was started already: send its start frame once.`);
        started = true;
        clearTimeout(startTimer);
        // Not awaited: frames keep arriving while the upstream call runs.
        void begin(frame.start);
        return;
      case 'input':
        if (!started) return invalid(`Send the ${kind.name} stream's start frame first.`);
        if (inputDone) return invalid(`Input arrived after the ${kind.name} stream's done frame.`);
        return input.push(frame.input, frame.bytes);
      case 'done':
        if (!started) return invalid(`Send the ${kind.name} stream's start frame first.`);
        inputDone = true;
        return input.end();
    }
  }

  const acceptTimer = setTimeout(() => {
    if (!client && !ended) {
      stop();
      call.cancelled();
    }
  }, ACCEPT_TIMEOUT_MS);
  let startTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    protocol,
    accept(socket) {
      clearTimeout(acceptTimer);
      client = socket;
      clientOpen = whenOpen(socket).then(
        () => true,
        () => false,
      );
      startTimer = setTimeout(() => invalid(`No start frame within ${START_TIMEOUT_MS / 1000} s: send it as soon as the socket opens.`), START_TIMEOUT_MS);
      socket.addEventListener('message', (event) => {
        frames = frames.then(() => onFrame(event.data)).catch((error: unknown) => fail(error, CLOSE_UPSTREAM_FAILED));
      });
      socket.addEventListener('close', () => {
        // Closed before the finish part (without the done frame, or while waiting for the rest): an abort.
        if (ended) return;
        stop();
        call.cancelled();
      });
    },
    reject() {
      if (ended) return;
      stop();
      call.cancelled();
    },
  };
}
