import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { readWhole } from './read-whole';

/** An idle keep-alive connection is closed after this long, as undici's fetch does, before servers close theirs (Node's default is 5 s). */
const DEFAULT_IDLE_MS = 4_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/** Answers up to this many bytes (by content-length) are read whole before fetch resolves. */
const WHOLE_BODY_LIMIT = 64 * 1024;

export interface NodeFetchOptions {
  /** What this fetch hands every request it does not serve itself; the global fetch by default. */
  fallback?: typeof fetch;
  /** How long an idle keep-alive connection is kept, ms (4,000). */
  idleMs?: number;
}

/**
 * A `fetch` for upstream calls on Node, over node:http and node:https with keep-alive agents. undici's fetch
 * spends 2.5 times the CPU of this one on a small JSON exchange (613 against 241 µs in-process, client and server,
 * the Response built), and every provider call of the gateway is one (bench/README.md). It serves what AI SDK
 * providers send: a URL, headers, a string or byte body and an abort signal, answered with a streamed,
 * decompressed body. Everything else (Request objects, FormData, Blob or stream bodies, redirects, other
 * protocols, a GET with a body) goes to `fallback` unchanged. Network errors are `TypeError('fetch failed')` with the cause, as
 * undici reports them, so providers treat them alike.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const fallback = options.fallback ?? globalThis.fetch;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  // `timeout` on an agent only closes sockets in its free list; an answer that pauses longer is left alone.
  const agents: Record<string, http.Agent> = {
    'http:': new http.Agent({ keepAlive: true, timeout: idleMs }),
    'https:': new https.Agent({ keepAlive: true, timeout: idleMs }),
  };

  return function nodeFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const body = init?.body;
    const bytes = body == null ? undefined : typeof body === 'string' ? Buffer.from(body) : body instanceof ArrayBuffer ? new Uint8Array(body) : body instanceof Uint8Array ? body : null;
    const method = (init?.method ?? 'GET').toUpperCase();
    // A GET or HEAD with a body is left to fetch, which refuses it.
    const served =
      (typeof input === 'string' || input instanceof URL) &&
      bytes !== null &&
      !(bytes && (method === 'GET' || method === 'HEAD')) &&
      (init?.redirect === undefined || init.redirect === 'follow');
    const target = served ? parseUrl(input) : undefined;
    const agent = target && agents[target.protocol];
    if (!target || !agent || bytes === null) return fallback(input, init);

    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const headers = requestHeaders(init?.headers, typeof body === 'string', bytes, method);

      let failBody: ((reason: unknown) => void) | undefined;
      const onAbort = () => {
        request.destroy();
        failBody?.(signal!.reason);
        reject(signal!.reason);
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });

      const request = (target.protocol === 'https:' ? https : http).request(target, { method, headers, agent }, (response) => {
        try {
          answer(response);
        } catch (error) {
          // An answer no Response can carry (a status past 599, say): a failed fetch, not an uncaught exception.
          response.destroy();
          done();
          reject(new TypeError('fetch failed', { cause: error }));
        }
      });
      const answer = (response: http.IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status) && response.headers.location) {
          // Rare for an API: the fetch this one replaces follows it, with its own rules.
          response.resume();
          done();
          resolve(fallback(input, init));
          return;
        }
        const responseHeaders = new Headers();
        for (let index = 0; index < response.rawHeaders.length; index += 2) responseHeaders.append(response.rawHeaders[index]!, response.rawHeaders[index + 1]!);
        const responseInit = { status, statusText: response.statusMessage, headers: responseHeaders };
        if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
          response.resume();
          done();
          resolve(withUrl(new Response(null, responseInit), target.href));
          return;
        }
        if (Number(response.headers['content-length']) <= WHOLE_BODY_LIMIT) {
          // A small answer of known length is read whole before the Response is made: a body over the bytes
          // costs a third of one over a live stream, and every provider reads it whole anyway.
          readWhole(decoded(response)).then(
            (bytes) => {
              done();
              try {
                resolve(withUrl(new Response(bytes, responseInit), target.href));
              } catch (error) {
                reject(new TypeError('fetch failed', { cause: error }));
              }
            },
            (error: unknown) => {
              done();
              if (!signal?.aborted) reject(new TypeError('fetch failed', { cause: error }));
            },
          );
          return;
        }
        const { stream, fail } = webBody(decoded(response), done);
        failBody = fail;
        resolve(withUrl(new Response(stream, responseInit), target.href));
      };
      request.once('error', (error) => {
        done();
        if (signal?.aborted) return;
        failBody?.(new TypeError('fetch failed', { cause: error }));
        reject(new TypeError('fetch failed', { cause: error }));
      });
      request.end(bytes);
    });
  };
}

function parseUrl(input: string | URL): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}

/** The request's headers as node:http takes them, with what fetch adds: a length, a text content type, accepted encodings. */
function requestHeaders(init: HeadersInit | undefined, textBody: boolean, bytes: Uint8Array | undefined, method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init).forEach((value, name) => {
    headers[name] = value;
  });
  if (bytes || (method !== 'GET' && method !== 'HEAD')) headers['content-length'] = String(bytes?.byteLength ?? 0);
  if (textBody && !('content-type' in headers)) headers['content-type'] = 'text/plain;charset=UTF-8';
  headers['accept'] ??= '*/*';
  headers['accept-encoding'] ??= 'gzip, deflate, br';
  return headers;
}

/** The answer's bytes, decompressed as fetch does. */
function decoded(response: http.IncomingMessage): Readable {
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
      : encoding === 'deflate'
        ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH })
        : encoding === 'br'
          ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH })
          : undefined;
  if (!decoder) return response;
  // Errors of either stream reach the decoder, which the body reads.
  return pipeline(response, decoder, () => {});
}

/**
 * A Node stream as a web byte stream: paused while the reader is behind, destroyed when it cancels. node:http
 * emits one 'data' per HTTP chunk, so a fast SSE answer arrives as thousands per socket read: those of one
 * tick go out as one chunk, or every stream stage of the provider would run once per event instead of per read.
 */
function webBody(source: Readable, done: () => void): { stream: ReadableStream<Uint8Array>; fail: (reason: unknown) => void } {
  let settled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (settled || pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) source.pause();
  };
  const fail = (reason: unknown) => {
    if (settled) return;
    settled = true;
    done();
    source.destroy();
    controller.error(reason);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        source.on('data', (chunk: Buffer) => {
          if (settled) return;
          pending.push(chunk);
          pendingBytes += chunk.byteLength;
          if (!flushScheduled) {
            flushScheduled = true;
            process.nextTick(flush);
          }
        });
        source.once('end', () => {
          if (settled) return;
          flush();
          settled = true;
          done();
          controller.close();
        });
        source.once('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
        // A connection that closes before the body's end is an error, not an end.
        source.once('close', () => {
          if (!settled) fail(new TypeError('fetch failed', { cause: new Error('the connection closed before the end of the body') }));
        });
      },
      pull() {
        source.resume();
      },
      cancel() {
        settled = true;
        done();
        source.destroy();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, fail };
}

/** `response.url`, as fetch sets it (a constructed Response has none). */
function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

/**
 * Makes `createNodeFetch` the process's `fetch`, so AI SDK providers (which read `globalThis.fetch` at each call)
 * reach their APIs through it. For `modelgate serve`, whose process is the gateway's alone.
 */
export function installNodeFetch(options: Omit<NodeFetchOptions, 'fallback'> = {}): void {
  const original = globalThis.fetch;
  globalThis.fetch = createNodeFetch({ ...options, fallback: original });
}
