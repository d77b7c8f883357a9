/**
 * Serves a web-standard handler on a real node:http server at 127.0.0.1 (random port).
 * Response bodies are written chunk by chunk as the handler produces them (no buffering;
 * Nagle is off), `Response.error()` resets the connection before any response, a body stream
 * that errors ends the connection after what was already written, and `close()` ends open
 * streams instead of waiting for them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Response bodies still being written (0 once every stream ended or was cancelled). */
  readonly openStreams: number;
  close(): Promise<void>;
}

export type WebHandler = (request: Request) => Response | Promise<Response>;

export async function listen(handler: WebHandler): Promise<ListeningServer> {
  const open = new Set<ReadableStreamDefaultReader<Uint8Array>>();
  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    serve(handler, req, res, open).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get openStreams() {
      return open.size;
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const reader of open) reader.cancel().catch(() => {});
        open.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  handler: WebHandler,
  req: IncomingMessage,
  res: ServerResponse,
  open: Set<ReadableStreamDefaultReader<Uint8Array>>,
): Promise<void> {
  const aborted = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort();
  });

  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method,
    headers,
    body,
    signal: aborted.signal,
  });

  const response = await handler(request);
  if (response.type === 'error') {
    req.socket.destroy();
    return;
  }

  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  res.writeHead(response.status, outgoing);
  if (response.body === null) {
    res.end();
    return;
  }
  const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  // Event streams send their headers at once, so a client sees the response before the first event.
  if (streaming) res.flushHeaders();

  const reader = response.body.getReader();
  open.add(reader);
  const onClose = () => reader.cancel().catch(() => {});
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } catch {
    // The handler's body failed: the status line and what was written still go out, then the
    // connection dies (destroySoon flushes first), as when a real upstream crashes mid-response.
    res.flushHeaders(); // no-op once sent; writeHead alone only builds the status line
    res.socket?.destroySoon();
  } finally {
    open.delete(reader);
    res.off('close', onClose);
  }
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise(resolve => {
    const settle = () => {
      res.off('drain', settle);
      res.off('close', settle);
      resolve();
    };
    res.on('drain', settle);
    res.on('close', settle);
  });
}
