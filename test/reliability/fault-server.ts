/**
 * A fault-injecting AI Gateway stand-in for tests: a real `node:http` server on
 * 127.0.0.1 (random port) that speaks the gateway wire protocol and can misbehave
 * on demand (cut streams, malformed SSE, byte-split events, delayed headers, HTML
 * 5xx, 429 with retry headers, 402, connection reset before headers, huge error
 * bodies).
 *
 * Every request is recorded as an `Exchange` with what the server saw and did, so
 * tests can assert on counts and states (bytes written, whether the client closed
 * the connection before the response was complete) instead of on wall-clock time.
 *
 * Every loop here is bounded, every timer is cleared on close, and `close()`
 * destroys all open sockets.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll } from 'vitest';

export type HeaderMap = Record<string, string>;

export type Fault =
  /** A 200 `text/event-stream` response carrying `parts` (or a raw SSE body). */
  | {
      kind: 'sse';
      parts?: unknown[];
      /** Raw SSE text, sent instead of `parts`. */
      raw?: string;
      /**
       * How to write the body: all at once, one byte per write, or split at the
       * given byte offsets. Writes are spaced by `writeGapMs` so they tend to reach
       * the client as separate reads.
       */
      chunking?: 'whole' | 'byte' | { splitAt: number[] };
      writeGapMs?: number;
      /**
       * Cut the stream after this many body bytes: `end` closes it cleanly (a
       * well-formed but truncated HTTP response), `destroy` kills the socket in
       * the middle of the chunked body.
       */
      cut?: { afterBytes: number; how: 'end' | 'destroy' };
      headers?: HeaderMap;
    }
  /**
   * A stream that writes `prelude`, then one `tick(i)` part every `intervalMs`, up
   * to `maxTicks`, then `finish`. Used to observe how quickly a client stops
   * reading after an abort.
   */
  | {
      kind: 'slow-sse';
      prelude: unknown[];
      tick: (i: number) => unknown;
      intervalMs: number;
      maxTicks: number;
      finish: unknown[];
    }
  | { kind: 'json'; status?: number; body: unknown; headers?: HeaderMap }
  | { kind: 'text'; status: number; body: string; contentType: string; headers?: HeaderMap }
  /** Hold the response headers back for `ms`, then behave like `then`. */
  | { kind: 'delay-headers'; ms: number; then: Fault }
  /** Destroy the connection as soon as the request has been read, before any header. */
  | { kind: 'reset' }
  /** An error response whose body is `totalBytes` long, written with back-pressure. */
  | {
      kind: 'huge-error';
      status: number;
      totalBytes: number;
      chunkBytes?: number;
      contentType?: string;
      /** The body starts with this text; the rest is filler. */
      head?: string;
    };

export interface Exchange {
  index: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
  /** The request body parsed as JSON, when it is JSON. */
  body: any;
  /** performance.now() when the request body had been read. */
  receivedAt: number;
  /** Date.now() when the request body had been read. */
  receivedAtWall: number;
  /** performance.now() when the response was complete (ended or cut by the server). */
  respondedAt?: number;
  /** Body bytes handed to the socket. */
  bytesWritten: number;
  /** Body bytes handed to the socket after `markClientAbort()` was called. */
  bytesWrittenAfterMark: number;
  /** Parts written by a `slow-sse` fault. */
  ticksWritten: number;
  /** true when the connection closed before the server finished the response. */
  closedByClient: boolean;
  /** Resolves when the exchange is over (response ended, cut, or connection closed). */
  done: Promise<void>;
}

export type Responder = Fault | ((exchange: Exchange) => Fault);

export interface FaultServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The language/embedding/image model base URL, `${origin}/v1/ai`. */
  baseURL: string;
  exchanges: Exchange[];
  /** Queue faults; each request takes the next one, then falls back to the default. */
  enqueue(...faults: Responder[]): void;
  setDefault(responder: Responder): void;
  /** Forget queued faults and recorded exchanges (between tests sharing a server). */
  reset(): void;
  /** From now on, count bytes written as "after the mark" (call right after aborting). */
  markClientAbort(): void;
  /** Number of TCP connections currently open. */
  openConnections(): number;
  close(): Promise<void>;
}

const encoder = new TextEncoder();

export function sse(parts: unknown[], lineEnding: '\n' | '\r\n' = '\n'): string {
  return parts.map((p) => `data: ${JSON.stringify(p)}${lineEnding}${lineEnding}`).join('');
}

const TIMESTAMP = '2025-01-01T00:00:00.000Z';

/** The V2 stream parts for a response that streams `deltas` as text. */
export function textStreamParts(
  deltas: string[],
  opts: { id?: string; modelId?: string; finishReason?: string } = {},
): unknown[] {
  return [
    { type: 'stream-start', warnings: [] },
    {
      type: 'response-metadata',
      id: opts.id ?? 'resp_1',
      modelId: opts.modelId ?? 'test/model',
      timestamp: TIMESTAMP,
    },
    { type: 'text-start', id: 't0' },
    ...deltas.map((delta) => ({ type: 'text-delta', id: 't0', delta })),
    { type: 'text-end', id: 't0' },
    {
      type: 'finish',
      finishReason: opts.finishReason ?? 'stop',
      usage: { inputTokens: 3, outputTokens: deltas.length, totalTokens: 3 + deltas.length },
    },
  ];
}

/** A V2 `doGenerate` result body with one text part. */
export function generateResult(text: string, opts: { id?: string; modelId?: string } = {}) {
  return {
    content: [{ type: 'text', text }],
    finishReason: 'stop',
    usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 },
    warnings: [],
    providerMetadata: {},
    response: { id: opts.id ?? 'resp_1', modelId: opts.modelId ?? 'test/model', timestamp: TIMESTAMP },
  };
}

/** The gateway's error body shape. */
export function gatewayError(message: string, type: string, extra: Record<string, unknown> = {}) {
  return { error: { message, type, ...extra } };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFaultServer(): Promise<FaultServer> {
  const queue: Responder[] = [];
  let fallback: Responder = {
    kind: 'json',
    status: 500,
    body: gatewayError('fault server: no response queued', 'internal_server_error'),
  };
  const exchanges: Exchange[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  let marked = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Uint8Array[] = [];
    try {
      for await (const c of req) chunks.push(c as Uint8Array);
    } catch {
      return;
    }
    const bodyText = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = JSON.parse(bodyText);
    } catch {
      body = undefined;
    }
    let resolveDone!: () => void;
    const exchange: Exchange = {
      index: exchanges.length,
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      bodyText,
      body,
      receivedAt: performance.now(),
      receivedAtWall: Date.now(),
      bytesWritten: 0,
      bytesWrittenAfterMark: 0,
      ticksWritten: 0,
      closedByClient: false,
      done: new Promise<void>((r) => (resolveDone = r)),
    };
    exchanges.push(exchange);

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      resolveDone();
    };
    res.on('close', () => {
      if (!res.writableFinished && exchange.respondedAt === undefined) exchange.closedByClient = true;
      finish();
    });
    res.on('finish', () => {
      exchange.respondedAt ??= performance.now();
    });

    const responder = queue.length > 0 ? queue.shift()! : fallback;
    const fault = typeof responder === 'function' ? responder(exchange) : responder;

    /** Write with back-pressure; false once the connection is gone. */
    const write = async (bytes: Uint8Array): Promise<boolean> => {
      if (res.destroyed || closing) return false;
      exchange.bytesWritten += bytes.byteLength;
      if (marked) exchange.bytesWrittenAfterMark += bytes.byteLength;
      const ok = res.write(bytes);
      if (!ok) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      return !res.destroyed;
    };

    const run = async (f: Fault): Promise<void> => {
      switch (f.kind) {
        case 'json': {
          const bytes = encoder.encode(JSON.stringify(f.body));
          res.writeHead(f.status ?? 200, { 'content-type': 'application/json', ...f.headers });
          await write(bytes);
          res.end();
          return;
        }
        case 'text': {
          res.writeHead(f.status, { 'content-type': f.contentType, ...f.headers });
          await write(encoder.encode(f.body));
          res.end();
          return;
        }
        case 'reset': {
          exchange.respondedAt = performance.now();
          req.socket.destroy();
          return;
        }
        case 'delay-headers': {
          // Poll in small steps so a client that gives up is noticed.
          const until = performance.now() + f.ms;
          while (performance.now() < until && !res.destroyed && !closing) await wait(10);
          if (res.destroyed || closing) return;
          return run(f.then);
        }
        case 'huge-error': {
          res.writeHead(f.status, { 'content-type': f.contentType ?? 'application/json' });
          const chunkBytes = f.chunkBytes ?? 64 * 1024;
          const head = encoder.encode(f.head ?? '');
          if (head.byteLength > 0 && !(await write(head))) return;
          const filler = new Uint8Array(chunkBytes).fill(0x78); // 'x'
          let sent = head.byteLength;
          while (sent < f.totalBytes) {
            const n = Math.min(chunkBytes, f.totalBytes - sent);
            if (!(await write(n === chunkBytes ? filler : filler.subarray(0, n)))) return;
            sent += n;
          }
          res.end();
          return;
        }
        case 'sse': {
          const text = f.raw ?? sse(f.parts ?? []);
          let bytes = encoder.encode(text);
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-cache',
            ...f.headers,
          });
          res.flushHeaders();
          req.socket.setNoDelay(true);
          if (f.cut) bytes = bytes.subarray(0, f.cut.afterBytes);
          let pieces: Uint8Array[];
          const chunking = f.chunking ?? 'whole';
          if (chunking === 'whole') pieces = [bytes];
          else if (chunking === 'byte') pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
          else {
            const cuts = [0, ...chunking.splitAt.filter((n) => n > 0 && n < bytes.byteLength), bytes.byteLength];
            pieces = [];
            for (let i = 0; i + 1 < cuts.length; i++) pieces.push(bytes.subarray(cuts[i], cuts[i + 1]));
          }
          for (const [i, piece] of pieces.entries()) {
            if (i > 0 && f.writeGapMs !== undefined) await wait(f.writeGapMs);
            if (!(await write(piece))) return;
          }
          if (f.cut?.how === 'destroy') {
            exchange.respondedAt = performance.now();
            // Give the written bytes a moment to leave, then kill the connection
            // in the middle of the chunked body (no terminating chunk).
            await wait(5);
            req.socket.destroy();
            return;
          }
          res.end();
          return;
        }
        case 'slow-sse': {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.flushHeaders();
          req.socket.setNoDelay(true);
          if (!(await write(encoder.encode(sse(f.prelude))))) return;
          for (let i = 0; i < f.maxTicks; i++) {
            await wait(f.intervalMs);
            if (!(await write(encoder.encode(sse([f.tick(i)]))))) return;
            exchange.ticksWritten++;
          }
          if (!(await write(encoder.encode(sse(f.finish))))) return;
          res.end();
          return;
        }
      }
    };

    try {
      await run(fault);
    } catch {
      // A write after the client went away: nothing to do.
    } finally {
      if (res.writableEnded || res.destroyed) finish();
    }
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseURL: `${origin}/v1/ai`,
    exchanges,
    enqueue: (...faults) => queue.push(...faults),
    setDefault: (r) => {
      fallback = r;
    },
    reset: () => {
      queue.length = 0;
      exchanges.length = 0;
      marked = false;
    },
    markClientAbort: () => {
      marked = true;
    },
    openConnections: () => sockets.size,
    close: async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `predicate` every 10 ms; rejects after `ms` (a generous safety bound, not a speed target). */
export async function waitFor(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * A fetch that records the size of every body chunk the client actually read, so a
 * test can check that split writes on the server reached the client as split reads.
 */
export function recordingFetch(log: number[][]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const sizes: number[] = [];
    log.push(sizes);
    const body = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          sizes.push(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * One fault server for a test file: started before its tests, reset after each one,
 * closed at the end. The handle forwards to the running server, so tests use it as one.
 */
export function useFaultServer(configure?: (server: FaultServer) => void): FaultServer {
  let running: FaultServer | undefined;
  beforeAll(async () => {
    running = await startFaultServer();
    configure?.(running);
  });
  afterEach(() => running?.reset());
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as FaultServer, {
    get(_, key) {
      if (!running) throw new Error('the fault server is used before it started (outside a test?)');
      const value = Reflect.get(running, key);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
