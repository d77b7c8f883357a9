import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { takeAbortController } from '../server/abort-controllers';
import { FROM_NODE_LISTENER } from '../server/listener-request';
import { headerRecord, takeBodySource, takeWholeAnswer } from '../server/response-body';
import { MAX_WEBSOCKET_FRAME_BYTES, type WebSocketAcceptance, type WebSocketAdapterDefaults } from '../server/server-websocket';
import { readWhole } from './read-whole';

export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A handler that also takes WebSocket upgrades: a `GatewayServer` (realtime sessions, streamed speech and transcription). */
export interface UpgradingHandler {
  fetch: FetchHandler;
  upgradeWebSocket?(request: Request, adapter?: WebSocketAdapterDefaults): Promise<Response | WebSocketAcceptance>;
}

type WsModule = typeof import('ws');
let wsModule: Promise<WsModule> | undefined;
/** `ws`, an optional peer dependency: loaded on the first WebSocket upgrade, so HTTP-only servers need nothing more. */
const loadWs = () => (wsModule ??= import('ws'));


const decoder = new TextDecoder();
/** A header name fetch accepts (an HTTP token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A request's headers, answered from Node's raw list: `get` and `has` read it directly, any other member first
 * copies it into the Headers this is. Filling a Headers with every header took ~20 µs per gateway call (timed in
 * an instrumented build), and a call reads only a few of them.
 */
class MessageHeaders extends Headers {
  /** Node's raw headers (name, value, name, value, …) until they are copied in. */
  #raw: string[] | undefined;

  constructor(raw: string[]) {
    super();
    this.#raw = raw;
  }

  /** Copies the raw list in, once: from then on this is a plain Headers. */
  #filled(): void {
    const raw = this.#raw;
    if (!raw) return;
    this.#raw = undefined;
    for (let index = 0; index < raw.length; index += 2) super.append(raw[index]!, raw[index + 1]!);
  }

  override get(name: string): string | null {
    const raw = this.#raw;
    // An invalid name is fetch's to refuse, with its own error.
    if (!raw || !HEADER_NAME.test(name)) {
      this.#filled();
      return super.get(name);
    }
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let index = 0; index < raw.length; index += 2) {
      const candidate = raw[index]!;
      if (candidate.length === wanted.length && candidate.toLowerCase() === wanted) {
        // Repeats joined by ", ", as fetch does (Node's parser already strips the blanks around a value).
        value = value === null ? raw[index + 1]! : `${value}, ${raw[index + 1]!}`;
      }
    }
    return value;
  }

  override has(name: string): boolean {
    if (this.#raw && HEADER_NAME.test(name)) return this.get(name) !== null;
    this.#filled();
    return super.has(name);
  }

  override append(name: string, value: string): void {
    this.#filled();
    super.append(name, value);
  }

  override set(name: string, value: string): void {
    this.#filled();
    super.set(name, value);
  }

  override delete(name: string): void {
    this.#filled();
    super.delete(name);
  }

  override getSetCookie(): string[] {
    this.#filled();
    return super.getSetCookie();
  }

  override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.#filled();
    super.forEach(callback, thisArg);
  }

  override entries(): HeadersIterator<[string, string]> {
    this.#filled();
    return super.entries();
  }

  override keys(): HeadersIterator<string> {
    this.#filled();
    return super.keys();
  }

  override values(): HeadersIterator<string> {
    this.#filled();
    return super.values();
  }

  override [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * The web Request a handler gets, built lazily from Node's message. What a gateway call reads (method, url,
 * headers, signal, and the body as text, JSON or bytes) comes straight from the message; any other member
 * builds undici's Request on first use and answers from it. Building and reading undici's Request and Response
 * for every call was most of what the listener cost over bare node:http (bench/listener-overhead.ts).
 */
class NodeRequest implements Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  /** The whole body, read as it arrives (undefined for GET and HEAD). */
  readonly #body: Promise<Uint8Array<ArrayBuffer>> | undefined;
  #used = false;
  #web: Request | undefined;

  /** True once the body went past the listener's limit: the answer is then 413, whatever the handler says. */
  bodyTooLarge = false;

  /** See listener-request.ts: whole answers are written from their text, and objects may be made ahead. */
  readonly [FROM_NODE_LISTENER] = true;

  constructor(incoming: IncomingMessage, signal: AbortSignal, maxBodyBytes: number) {
    this.headers = new MessageHeaders(incoming.rawHeaders);
    this.method = incoming.method ?? 'GET';
    this.url = `http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`;
    this.signal = signal;
    this.#body =
      this.method === 'GET' || this.method === 'HEAD'
        ? undefined
        : readWhole(incoming, {
            bytes: maxBodyBytes,
            error: () => {
              this.bodyTooLarge = true;
              return new RangeError(`the request body is larger than ${maxBodyBytes} bytes`);
            },
          });
    // A body nobody reads may fail (the client left): that is not an unhandled rejection.
    this.#body?.catch(() => {});
  }

  /** The body's bytes, once, as a web Request gives them; a body read already is a rejection. */
  #take(): Promise<Uint8Array<ArrayBuffer>> {
    // arrayBuffer(), not bytes(): early Node 20 releases lack the latter.
    if (this.#web) return this.#web.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    if (this.#used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#used = true;
    return this.#body ?? Promise.resolve(new Uint8Array());
  }

  // Each reads the bytes with one await: a gateway call reads its body as JSON, on its critical path.
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return await this.#take();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#take();
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  }

  async text(): Promise<string> {
    return decoder.decode(await this.#take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(decoder.decode(await this.#take()));
  }

  get bodyUsed(): boolean {
    return this.#web ? this.#web.bodyUsed : this.#used;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#request().body;
  }

  blob(): Promise<Blob> {
    return this.#request().blob();
  }

  formData(): Promise<FormData> {
    return this.#request().formData();
  }

  clone(): Request {
    return this.#request().clone();
  }

  get cache(): RequestCache {
    return this.#request().cache;
  }

  get credentials(): RequestCredentials {
    return this.#request().credentials;
  }

  get destination(): RequestDestination {
    return this.#request().destination;
  }

  get integrity(): string {
    return this.#request().integrity;
  }

  get keepalive(): boolean {
    return this.#request().keepalive;
  }

  get mode(): RequestMode {
    return this.#request().mode;
  }

  get redirect(): RequestRedirect {
    return this.#request().redirect;
  }

  get referrer(): string {
    return this.#request().referrer;
  }

  get referrerPolicy(): ReferrerPolicy {
    return this.#request().referrerPolicy;
  }

  /** undici's Request, made on first use of a member the message does not answer; from then on the body is its. */
  #request(): Request {
    if (this.#web) return this.#web;
    const body = this.#body;
    const used = this.#used;
    const stream =
      body &&
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(await body);
          controller.close();
        },
      });
    this.#web = new Request(this.url, { method: this.method, headers: this.headers, signal: this.signal, ...(stream ? { body: stream, duplex: 'half' } : {}) });
    // Read already: the web Request's body is spent too.
    if (used && stream) void this.#web.arrayBuffer().catch(() => {});
    return this.#web;
  }
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const whole = takeWholeAnswer(response);
  if (whole !== undefined) {
    whole.headers['content-length'] = String(Buffer.byteLength(whole.text));
    outgoing.writeHead(response.status, whole.headers);
    outgoing.end(whole.text);
    return;
  }
  const headers = headerRecord(response.headers);
  if (!response.body) {
    outgoing.writeHead(response.status, headers);
    outgoing.end();
    return;
  }
  // A gateway stream is pulled directly, not through its ReadableStream (see sse-body.ts).
  const source = takeBodySource(response.body);
  const reader = source ? undefined : response.body.getReader();
  const next = source ? () => source.next() : () => reader!.read().then((result) => result.value);
  const cancel = () => (source ? source.cancel(undefined) : reader!.cancel()).catch(() => {});
  // The client left: cancelling ends a pending read (done). Listening once, not racing every read
  // against a close promise, which kept one reaction per chunk alive until the response ended.
  const onClose = () => void cancel();
  outgoing.once('close', onClose);
  // Chunks the handler produces within one tick go out as one write (one HTTP chunk), not one each:
  // a stream's parts arrive in bursts, and each write has its own framing and buffer entries.
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let flushScheduled = false;
  let full = false;
  let ended = false;
  const flush = () => {
    flushScheduled = false;
    const chunks = batch;
    batch = [];
    batchBytes = 0;
    if (outgoing.destroyed) return;
    const data = chunks.length === 0 ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (!outgoing.headersSent) {
      // The whole body is here before anything was sent: send it with its length, not chunked.
      if (ended && !('content-length' in headers) && !('transfer-encoding' in headers)) headers['content-length'] = String(data?.byteLength ?? 0);
      outgoing.writeHead(response.status, headers);
    }
    if (ended) outgoing.end(data);
    else if (data && !outgoing.write(data)) full = true;
  };
  try {
    for (;;) {
      // Respect backpressure: a slow client slows the upstream read, not the server's memory.
      if (full) {
        full = false;
        await drainedOrClosed(outgoing);
      }
      const value = await next();
      if (value === undefined || outgoing.destroyed) break;
      batch.push(value);
      batchBytes += value.byteLength;
      // A handler that produces without pause never ends the tick: write once a buffer's worth is here.
      if (batchBytes >= outgoing.writableHighWaterMark) flush();
      else if (!flushScheduled) {
        flushScheduled = true;
        process.nextTick(flush);
      }
    }
  } catch {
    // The handler's stream failed after the status was sent: end the response.
  } finally {
    ended = true;
    flush();
    outgoing.off('close', onClose);
    if (outgoing.destroyed || !outgoing.writableEnded) void cancel();
    if (!outgoing.writableEnded) outgoing.end();
  }
}

function drainedOrClosed(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      outgoing.off('drain', settle);
      outgoing.off('close', settle);
      resolve();
    };
    outgoing.on('drain', settle);
    outgoing.on('close', settle);
  });
}

/** The largest request body `listen` accepts unless told otherwise: room for a few large images or PDFs in one prompt. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 2 ** 20;

export interface ListenOptions {
  port?: number;
  host?: string;
  /** The largest request body accepted, in bytes (default 100 MiB); a larger one is answered 413 and never handed on whole. */
  maxBodyBytes?: number;
}

/** 413 with the protocol's error body; the connection closes, so the rest of the body is not read. */
function refuseBody(outgoing: ServerResponse, limit: number): void {
  const message = `The request body is larger than this server accepts (${limit} bytes). Send a smaller body (large files by URL instead of inline), or raise the server's limit (modelgate serve --max-body-mb, or listen's maxBodyBytes).`;
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error' } });
  if (!outgoing.headersSent) outgoing.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  outgoing.end(body);
}

/** Answers an upgrade request with a plain HTTP response (the refusal) and closes the connection. */
function refuseUpgrade(socket: Duplex, status: number, body: string, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const lines = Object.entries({ 'content-type': 'application/json', ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`);
}

const errorBody = (message: string, type: string) => JSON.stringify({ error: { message, type } });

/**
 * WebSocket upgrades for a handler that takes them: the handler decides (a refusal, sent as HTTP, or an
 * acceptance), `ws` completes the handshake selecting the acceptance's subprotocol, and upstream
 * connections default to `ws`'s client. Without `ws` installed, upgrades are refused saying so.
 */
function webSocketUpgrades(upgradeWebSocket: NonNullable<UpgradingHandler['upgradeWebSocket']>) {
  let server: InstanceType<WsModule['WebSocketServer']> | undefined;
  const selected = new WeakMap<IncomingMessage, string | false>();
  return {
    async upgrade(incoming: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      let ws: WsModule;
      try {
        ws = await loadWs();
      } catch {
        const message = 'This server cannot take WebSocket sessions (realtime, streamed speech and transcription): the optional package `ws` is not installed. Run `npm install ws` where the gateway runs, then restart it.';
        console.error(`[modelgate] ${message}`);
        return refuseUpgrade(socket, 424, errorBody(message, 'failed_dependency'));
      }
      const controller = new AbortController();
      // The client left while its upstream session was being opened: stop opening it. A paused socket
      // never sees the client's FIN, so it is read meanwhile, keeping any early bytes for ws.
      const onEarlyClose = () => controller.abort();
      // HTTP server sockets allow half-open connections: the client's FIN is an 'end', with no 'close' after it.
      const onEarlyEnd = () => {
        controller.abort();
        socket.destroy();
      };
      const early: Buffer[] = [head];
      const keep = (chunk: Buffer) => void early.push(chunk);
      socket.once('close', onEarlyClose);
      socket.once('end', onEarlyEnd);
      socket.on('data', keep);
      socket.resume();
      const answer = await upgradeWebSocket(new NodeRequest(incoming, controller.signal, 0), { webSocket: ws.WebSocket });
      // Left flowing: ws takes the data over (its listener) in the same tick, before any more is read.
      socket.off('data', keep);
      socket.off('end', onEarlyEnd);
      if (!('accept' in answer)) {
        socket.off('close', onEarlyClose);
        return refuseUpgrade(socket, answer.status, await answer.text(), Object.fromEntries(answer.headers));
      }
      if (socket.destroyed) return answer.reject();
      server ??= new ws.WebSocketServer({
        noServer: true,
        maxPayload: MAX_WEBSOCKET_FRAME_BYTES,
        handleProtocols: (_offered, request) => selected.get(request) ?? false,
      });
      selected.set(incoming, answer.protocol ?? false);
      // ws answers a malformed handshake itself (400) and never calls back: the session is then given up.
      socket.off('close', onEarlyClose);
      let accepted = false;
      socket.once('close', () => {
        if (!accepted) answer.reject();
      });
      server.handleUpgrade(incoming, socket, Buffer.concat(early), (client) => {
        accepted = true;
        answer.accept(client);
      });
    },
    /** Closes every open session (1001, going away): on shutdown, open sessions would otherwise hold the server. */
    closeAll(): void {
      for (const client of server?.clients ?? []) client.close(1001, 'the server is shutting down');
    },
  };
}

/**
 * Serves a web-standard `fetch` handler on Node's HTTP server. Given the gateway server itself
 * (`listen(gateway)`), WebSocket upgrades go to its `upgradeWebSocket` (realtime sessions, streamed speech and transcription; needs `ws`).
 */
export function listen(
  handler: FetchHandler | UpgradingHandler,
  options: ListenOptions = {},
): Promise<{ server: Server; url: string; closeWebSockets(): void }> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const fetchHandler: FetchHandler = typeof handler === 'function' ? handler : (request) => handler.fetch(request);
  const upgrades = typeof handler !== 'function' && handler.upgradeWebSocket ? webSocketUpgrades(handler.upgradeWebSocket.bind(handler)) : undefined;
  const server = createServer((incoming, outgoing) => {
    if (Number(incoming.headers['content-length']) > maxBodyBytes) {
      refuseBody(outgoing, maxBodyBytes);
      return;
    }
    const controller = takeAbortController();
    // The client left before the answer was complete: abort the upstream call too.
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    const request = new NodeRequest(incoming, controller.signal, maxBodyBytes);
    let answer: Promise<Response> | Response;
    try {
      answer = fetchHandler(request);
    } catch (error) {
      answer = Promise.reject(error);
    }
    Promise.resolve(answer)
      .then((response) => {
        if (!request.bodyTooLarge) return writeResponse(response, outgoing);
        // The handler answered a body it could not read whole: say why, not what it made of that.
        void response.body?.cancel().catch(() => {});
        refuseBody(outgoing, maxBodyBytes);
      })
      .catch((error: unknown) => {
        if (request.bodyTooLarge) return refuseBody(outgoing, maxBodyBytes);
        console.error('[modelgate] request failed:', error instanceof Error ? error.message : error);
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { message: 'internal error', type: 'internal_server_error' } }));
      });
  });
  server.keepAliveTimeout = 65_000;
  // Without an 'upgrade' listener Node drops the connection unanswered; a handler that takes none says why.
  server.on('upgrade', (incoming: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgrades) {
      return refuseUpgrade(socket, 404, errorBody('This server accepts no WebSocket connections. Serve the gateway with listen(gateway) (not gateway.fetch) for WebSocket sessions (realtime, streamed speech and transcription).', 'not_found'));
    }
    upgrades.upgrade(incoming, socket, head).catch((error: unknown) => {
      console.error('[modelgate] WebSocket upgrade failed:', error instanceof Error ? error.message : error);
      refuseUpgrade(socket, 500, errorBody('internal error', 'internal_server_error'));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, closeWebSockets: () => upgrades?.closeAll() });
    });
  });
}
