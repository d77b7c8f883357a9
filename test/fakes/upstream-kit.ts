/**
 * What the OpenAI and Anthropic fakes share: the fault script, request recording,
 * behaviour knobs and the event-stream driver that applies faults at the first token.
 * Web-standard only (Request, Response, ReadableStream), so a fake runs in-process as
 * well as behind test/fakes/listen.ts.
 */

/** Narrows a scripted fault to some requests; without fields it matches the next model request. */
export interface FaultMatch {
  /** Only requests for this upstream model id. */
  model?: string;
  /** Only requests to this path, e.g. '/v1/embeddings'. */
  path?: string;
  /** How many matching requests it applies to (default 1; Infinity for all until reset). */
  times?: number;
}

export type UpstreamFault = FaultMatch &
  (
    | {
        /** Answer with this HTTP status and the provider's error body. */
        kind: 'status';
        status: number;
        /** Seconds, sent as `retry-after`. */
        retryAfter?: number;
        message?: string;
      }
    | {
        /** Reset the connection before any response (Response.error() in-process). */
        kind: 'networkError';
      }
    | {
        /**
         * 200 and the stream's preamble (e.g. message_start), then the connection dies before any
         * content. On a JSON request: 200, then the connection dies before the body.
         */
        kind: 'dropBeforeFirstToken';
      }
    | {
        /** The preamble, then nothing for `ms`, then the normal reply (a JSON reply comes `ms` late). */
        kind: 'stallBeforeFirstToken';
        ms: number;
      }
    | {
        /**
         * `afterDeltas` deltas (text, reasoning or tool input; default 2), then the provider's
         * in-band error event and the end of the stream; with `cut: true` the connection dies
         * instead. On a JSON request: half the body, then the connection dies.
         */
        kind: 'errorAfterContent';
        afterDeltas?: number;
        cut?: boolean;
        message?: string;
      }
  );

export interface UpstreamBehavior {
  /** Wait before each delta after the first. */
  chunkDelayMs: number;
  /** Wait before the first content event (and before a JSON reply). */
  firstTokenDelayMs: number;
  /**
   * Exactly this many text deltas per text reply (undefined: one per word); a non-streamed
   * reply carries the same text joined. Not applied to JSON output or tool calls.
   */
  deltas: number | undefined;
}

export type RequestOutcome =
  | 'ok'
  | 'unauthorized'
  | 'bad_request'
  | 'model_not_found'
  | 'not_found'
  | UpstreamFault['kind'];

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names; credentials replaced by '[redacted]'. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for GET or unparsable bodies). */
  body: unknown;
  model: string | undefined;
  stream: boolean;
  /** Index of the accepted key that authenticated the request, undefined if none did. */
  keyIndex: number | undefined;
  /** What the fake did: 'ok', an error it found, or the kind of the scripted fault. */
  outcome: RequestOutcome;
}

export interface FakeUpstreamOptions {
  /** Accepted key(s); the first is the default key. */
  apiKey?: string | string[];
  /** Known model ids; other ids get the provider's 404. */
  models?: string[];
  /** Shown in replies (`This reply comes from <name> model <model>.`). */
  name?: string;
  behavior?: Partial<UpstreamBehavior>;
  /** Set false for benchmarks so the fake keeps no per-request state. */
  recordRequests?: boolean;
}

export interface FakeUpstream {
  /** The web-standard handler. */
  fetch: (request: Request) => Promise<Response>;
  name: string;
  apiKeys: readonly string[];
  models: string[];
  /** Faults taken in order by matching model requests (after the key and model checks). */
  script: UpstreamFault[];
  requests: RecordedRequest[];
  behavior: UpstreamBehavior;
  /** Clears the script and the recorded requests; behaviour stays. */
  reset(): void;
}

export interface UpstreamState {
  name: string;
  apiKeys: string[];
  models: string[];
  script: UpstreamFault[];
  requests: RecordedRequest[];
  behavior: UpstreamBehavior;
  record: boolean;
  nextId(prefix: string): string;
  takeFault(path: string, model: string | undefined): UpstreamFault | undefined;
  reset(): void;
}

export function createUpstreamState(options: FakeUpstreamOptions, defaults: { name: string; apiKey: string; models: string[] }): UpstreamState {
  const apiKeys = options.apiKey === undefined ? [defaults.apiKey] : [options.apiKey].flat();
  const used = new Map<UpstreamFault, number>();
  let counter = 0;
  const state: UpstreamState = {
    name: options.name ?? defaults.name,
    apiKeys,
    models: [...(options.models ?? defaults.models)],
    script: [],
    requests: [],
    behavior: { chunkDelayMs: 0, firstTokenDelayMs: 0, deltas: undefined, ...options.behavior },
    record: options.recordRequests ?? true,
    nextId(prefix) {
      counter += 1;
      return `${prefix}${counter.toString().padStart(6, '0')}`;
    },
    takeFault(path, model) {
      const index = state.script.findIndex(
        fault => (fault.model === undefined || fault.model === model) && (fault.path === undefined || fault.path === path),
      );
      if (index < 0) return undefined;
      const fault = state.script[index]!;
      const count = (used.get(fault) ?? 0) + 1;
      if (count >= (fault.times ?? 1)) {
        state.script.splice(index, 1);
        used.delete(fault);
      } else {
        used.set(fault, count);
      }
      return fault;
    },
    reset() {
      state.script.length = 0;
      state.requests.length = 0;
      used.clear();
    },
  };
  return state;
}

const REDACTED_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'cookie']);

export function redactedHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : value;
  });
  return result;
}

/** Index of the accepted key, compared whole (test code; no need for constant time). */
export function keyIndexOf(state: UpstreamState, key: string | null | undefined): number | undefined {
  if (key == null) return undefined;
  const index = state.apiKeys.indexOf(key);
  return index < 0 ? undefined : index;
}

export async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false }> {
  const text = await request.text();
  if (text.length === 0) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const encoder = new TextEncoder();

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  return new Response(bytes, {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers },
  });
}

/**
 * Markers in a frame sequence: where content starts (faults at the first token act here),
 * that the next frame is a delta (text, reasoning or tool input: counted by errorAfterContent,
 * paced by chunkDelayMs), and where content ends.
 */
export const CONTENT_START = Symbol('content-start');
export const DELTA = Symbol('delta');
export const CONTENT_END = Symbol('content-end');
export type StreamFrame = string | typeof CONTENT_START | typeof DELTA | typeof CONTENT_END;

export function sseFrame(event: string | undefined, data: unknown): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;
}

export class FakeUpstreamDisconnect extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FakeUpstreamDisconnect';
  }
}

/**
 * Turns lazily produced SSE frames into a pull-driven response body (one frame per read,
 * so memory stays flat for long streams) and applies the stream-phase fault:
 * drop or stall at CONTENT_START, an error event or a cut after `afterDeltas` deltas.
 */
export function eventStreamResponse(options: {
  frames: Iterator<StreamFrame>;
  fault: UpstreamFault | undefined;
  behavior: UpstreamBehavior;
  /** The provider's in-band error event for errorAfterContent. */
  errorFrame: (message: string) => string;
  headers?: Record<string, string>;
}): Response {
  const { frames, fault, behavior, errorFrame } = options;
  const cancelled = new AbortController();
  let deltas = 0;
  let finished = false;

  const failAfterContent = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    finished = true;
    if (fault?.kind !== 'errorAfterContent') return;
    if (fault.cut) {
      controller.error(new FakeUpstreamDisconnect('fake upstream cut the stream after content'));
    } else {
      controller.enqueue(encoder.encode(errorFrame(fault.message ?? 'The fake upstream failed in the middle of the reply.')));
      controller.close();
    }
  };

  let pending: StreamFrame | undefined; // taken from the iterator, emitted after a wait
  let waited = false;

  // Synchronous unless a wait is due: a zero-delay stream costs no promise per frame.
  const step = (controller: ReadableStreamDefaultController<Uint8Array>): void | Promise<void> => {
    if (finished) return;
    for (;;) {
      let frame: StreamFrame;
      if (pending !== undefined) {
        frame = pending;
        pending = undefined;
      } else {
        const next = frames.next();
        if (next.done) {
          finished = true;
          controller.close();
          return;
        }
        frame = next.value;
      }
      const alreadyWaited = waited;
      waited = false;
      if (frame === CONTENT_START) {
        if (fault?.kind === 'dropBeforeFirstToken') {
          finished = true;
          controller.error(new FakeUpstreamDisconnect('fake upstream dropped the stream before the first token'));
          return;
        }
        const wait = (fault?.kind === 'stallBeforeFirstToken' ? fault.ms : 0) + behavior.firstTokenDelayMs;
        if (wait > 0 && !alreadyWaited) return pause(wait, frame, controller);
        continue;
      }
      if (frame === CONTENT_END) {
        if (fault?.kind === 'errorAfterContent') return failAfterContent(controller);
        continue;
      }
      if (frame === DELTA) {
        if (fault?.kind === 'errorAfterContent' && deltas >= (fault.afterDeltas ?? 2)) {
          return failAfterContent(controller);
        }
        if (deltas > 0 && behavior.chunkDelayMs > 0 && !alreadyWaited) {
          return pause(behavior.chunkDelayMs, frame, controller);
        }
        deltas += 1;
        continue;
      }
      controller.enqueue(encoder.encode(frame));
      return;
    }
  };
  const pause = (ms: number, frame: StreamFrame, controller: ReadableStreamDefaultController<Uint8Array>) => {
    pending = frame;
    waited = true;
    return sleep(ms, cancelled.signal).then(completed => (completed ? step(controller) : undefined));
  };

  const body = new ReadableStream<Uint8Array>(
    {
      pull: step,
      cancel() {
        finished = true;
        cancelled.abort();
      },
    },
    { highWaterMark: 0 },
  );

  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...options.headers },
  });
}

/** Applies a stream-phase fault to a JSON reply: drop → body dies, stall → late, errorAfterContent → half a body. */
export async function faultyJsonResponse(
  make: () => Response,
  fault: UpstreamFault | undefined,
  behavior: UpstreamBehavior,
  signal: AbortSignal,
): Promise<Response> {
  const wait = (fault?.kind === 'stallBeforeFirstToken' ? fault.ms : 0) + behavior.firstTokenDelayMs;
  if (wait > 0) await sleep(wait, signal);
  if (fault?.kind === 'dropBeforeFirstToken' || fault?.kind === 'errorAfterContent') {
    const response = make();
    const text = await response.text();
    const partial = fault.kind === 'errorAfterContent' ? text.slice(0, Math.floor(text.length / 2)) : '';
    let sent = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          // error on a later read: erroring right after enqueue would discard the partial body
          if (!sent && partial.length > 0) controller.enqueue(encoder.encode(partial));
          else controller.error(new FakeUpstreamDisconnect('fake upstream cut the JSON body'));
          sent = true;
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }
  return make();
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (timers never outlive a closed stream). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise(resolve => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RouteContext {
  request: Request;
  body: unknown;
  model: string | undefined;
  stream: boolean;
  /** The scripted fault for this request if it acts on the reply (drop, stall, errorAfterContent). */
  fault: UpstreamFault | undefined;
}

export interface ProviderWire {
  /** `METHOD /path` → handler; requests for other routes get `errors.notFound`. */
  routes: Record<string, (context: RouteContext) => Response | Promise<Response>>;
  /** Routes answered without a model (e.g. 'GET /v1/models'); they take no scripted fault. */
  modelless: ReadonlySet<string>;
  /** Model routes that take no scripted fault either (e.g. token counting). */
  unscripted?: ReadonlySet<string>;
  readKey(headers: Headers): string | null;
  /** A bad-request message for a structurally invalid request, or undefined. */
  validate(route: string, body: Record<string, unknown>, headers: Headers): string | undefined;
  errors: {
    unauthorized(keyGiven: boolean): Response;
    notFound(method: string, path: string): Response;
    badRequest(message: string): Response;
    modelNotFound(model: string): Response;
    status(status: number, message: string | undefined, retryAfter: number | undefined): Response;
  };
}

/** The request pipeline both fakes share: route → key → body → model → scripted fault → handler. */
export async function serveFakeRequest(state: UpstreamState, wire: ProviderWire, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const route = `${request.method} ${path}`;
  const entry: RecordedRequest = {
    method: request.method,
    path,
    headers: redactedHeaders(request.headers),
    body: undefined,
    model: undefined,
    stream: false,
    keyIndex: keyIndexOf(state, wire.readKey(request.headers)),
    outcome: 'ok',
  };
  if (state.record) state.requests.push(entry);
  const done = (outcome: RequestOutcome, response: Response) => {
    entry.outcome = outcome;
    return response;
  };

  const handler = wire.routes[route];
  if (handler === undefined) return done('not_found', wire.errors.notFound(request.method, path));
  if (entry.keyIndex === undefined) return done('unauthorized', wire.errors.unauthorized(wire.readKey(request.headers) != null));

  let body: Record<string, unknown> = {};
  if (request.method !== 'GET') {
    const parsed = await readJsonBody(request);
    if (!parsed.ok || !isRecord(parsed.body)) {
      return done('bad_request', wire.errors.badRequest('The request body is not valid JSON.'));
    }
    body = parsed.body;
    entry.body = body;
    entry.model = typeof body.model === 'string' ? body.model : undefined;
    entry.stream = body.stream === true;
    const problem = wire.validate(route, body, request.headers);
    if (problem !== undefined) return done('bad_request', wire.errors.badRequest(problem));
  }

  if (!wire.modelless.has(route)) {
    if (entry.model === undefined) return done('bad_request', wire.errors.badRequest('model: a model id is required.'));
    if (!state.models.includes(entry.model)) return done('model_not_found', wire.errors.modelNotFound(entry.model));
  }

  const scripted = !wire.modelless.has(route) && !(wire.unscripted?.has(route) ?? false);
  const fault = scripted ? state.takeFault(path, entry.model) : undefined;
  if (fault?.kind === 'status') {
    return done('status', wire.errors.status(fault.status, fault.message, fault.retryAfter));
  }
  if (fault?.kind === 'networkError') return done('networkError', Response.error());
  if (fault !== undefined) entry.outcome = fault.kind;
  return handler({ request, body, model: entry.model, stream: entry.stream, fault });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function publicView(state: UpstreamState, fetch: (request: Request) => Promise<Response>): FakeUpstream {
  return {
    fetch,
    name: state.name,
    apiKeys: state.apiKeys,
    models: state.models,
    script: state.script,
    requests: state.requests,
    behavior: state.behavior,
    reset: state.reset,
  };
}
