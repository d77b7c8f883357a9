import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { takeBodySource, takeWholeBody } from '../server/response-body';
import { readWhole } from './read-whole';

export type FetchHandler = (request: Request) => Promise<Response> | Response;

const decoder = new TextDecoder();

/**
 * The web Request a handler gets, built lazily from Node's message. What a gateway call reads (method, url,
 * headers, signal, and the body as text, JSON or bytes) comes straight from the message; any other member
 * builds undici's Request on first use and answers from it. Building and reading undici's Request and Response
 * for every call was most of what the listener cost over bare node:http (bench/listener-overhead.ts).
 */
class NodeRequest implements Request {
  readonly method: string;
  readonly url: string;
  readonly headers = new Headers();
  readonly signal: AbortSignal;
  /** The whole body, read as it arrives (undefined for GET and HEAD). */
  readonly #body: Promise<Uint8Array<ArrayBuffer>> | undefined;
  #used = false;
  #web: Request | undefined;

  /** True once the body went past the listener's limit: the answer is then 413, whatever the handler says. */
  bodyTooLarge = false;

  constructor(incoming: IncomingMessage, signal: AbortSignal, maxBodyBytes: number) {
    for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
      this.headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
    }
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

  /** The body's bytes, once, as a web Request gives them. */
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    // arrayBuffer(), not bytes(): early Node 20 releases lack the latter.
    if (this.#web) return new Uint8Array(await this.#web.arrayBuffer());
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return (await this.#body) ?? new Uint8Array();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  }

  async text(): Promise<string> {
    return decoder.decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
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
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
  const whole = takeWholeBody(response);
  if (whole !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(whole));
    outgoing.writeHead(response.status, headers);
    outgoing.end(whole);
    return;
  }
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

/** Serves a web-standard `fetch` handler on Node's HTTP server. */
export function listen(handler: FetchHandler, options: ListenOptions = {}): Promise<{ server: Server; url: string }> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server = createServer((incoming, outgoing) => {
    if (Number(incoming.headers['content-length']) > maxBodyBytes) {
      refuseBody(outgoing, maxBodyBytes);
      return;
    }
    const controller = new AbortController();
    // The client left before the answer was complete: abort the upstream call too.
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    const request = new NodeRequest(incoming, controller.signal, maxBodyBytes);
    Promise.resolve()
      .then(() => handler(request))
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
  // Without an 'upgrade' listener Node drops the connection unanswered; say instead why the WebSocket was refused.
  server.on('upgrade', (_incoming, socket) => {
    const body = JSON.stringify({ error: { message: 'This server accepts no WebSocket connections (realtime sessions, streamed speech and transcription). Use its HTTP endpoints.', type: 'not_found' } });
    socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` });
    });
  });
}
