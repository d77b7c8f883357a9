import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { takeBodySource } from '../server/sse-body';

export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** Request bodies up to this size are read before the handler runs and handed over as bytes. */
const BUFFERED_BODY_LIMIT = 1 << 20;

// Our own small bridge instead of a Node adapter package: client-only users install nothing for it.
function toRequest(incoming: IncomingMessage, signal: AbortSignal, body: Uint8Array<ArrayBuffer> | undefined): Request {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
    method,
    headers,
    signal,
    ...(!hasBody ? {} : body ? { body } : { body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>, duplex: 'half' }),
  });
}

/**
 * A body of known, modest size, read whole: a web stream over the socket costs more per request
 * than the copy (undefined: stream it, for chunked or large bodies and bodiless methods).
 */
function readSmallBody(incoming: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> | undefined {
  const length = Number(incoming.headers['content-length']);
  if (incoming.method === 'GET' || incoming.method === 'HEAD' || !(length <= BUFFERED_BODY_LIMIT)) return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer<ArrayBuffer>[] = [];
    incoming.on('data', (chunk: Buffer<ArrayBuffer>) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
  });
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = key === 'set-cookie' ? response.headers.getSetCookie() : value;
  });
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

/** Serves a web-standard `fetch` handler on Node's HTTP server. */
export function listen(handler: FetchHandler, options: { port?: number; host?: string } = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((incoming, outgoing) => {
    const controller = new AbortController();
    // The client left before the answer was complete: abort the upstream call too.
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    const body = readSmallBody(incoming);
    Promise.resolve(body)
      .then((bytes) => handler(toRequest(incoming, controller.signal, bytes)))
      .then((response) => writeResponse(response, outgoing))
      .catch((error: unknown) => {
        console.error('[modelgate] request failed:', error instanceof Error ? error.message : error);
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { message: 'internal error', type: 'internal_server_error' } }));
      });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
      resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` });
    });
  });
}
