/**
 * A real gateway stand-in for WebSocket calls: node:http + `ws` on 127.0.0.1 (random port).
 * It records every WebSocket handshake (path, offered subprotocols, headers), every frame
 * the client sends and how the client closed, and answers each socket with a script; it
 * also serves `POST /v1/realtime/client-secrets` (recorded, answer scripted).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { WebSocket as WsClient, WebSocketServer, type WebSocket } from 'ws';

export type ClientFrame = { text: unknown } | { binary: Uint8Array };

export interface RecordedSocket {
  /** Path and query, e.g. `/v4/ai/speech-model?ai-model-id=openai%2Ftts-1`. */
  path: string;
  /** The subprotocols the client offered, in order. */
  protocols: string[];
  /** Handshake headers, lowercase, without the per-connection random key. */
  headers: Record<string, string>;
  frames: ClientFrame[];
  /** How the client closed (`code` 1005 = a close without a status code). */
  clientClose?: { code: number; reason: string };
  /** Resolves once the socket is closed, whoever closed it. */
  closed: Promise<void>;
}

export interface RecordedHttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What a script does with one socket. */
export interface ScriptedSocket {
  record: RecordedSocket;
  /** Sends a JSON text frame. */
  send(part: unknown): void;
  close(code?: number, reason?: string): void;
  /** Waits for a client frame matching `predicate` (already received ones count). */
  frame(predicate: (frame: ClientFrame) => boolean): Promise<ClientFrame>;
  /** Waits for a text frame of this `type`. */
  textFrame(type: string): Promise<unknown>;
}

export type SocketScript = (socket: ScriptedSocket) => void | Promise<void>;

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name !== 'sec-websocket-key' && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export async function startWsGateway() {
  const sockets: RecordedSocket[] = [];
  const httpRequests: RecordedHttpRequest[] = [];
  const scripts = new Map<string, SocketScript>();
  let clientSecretAnswer: { status: number; body: unknown } = {
    status: 200,
    body: { token: 'vcst_minted-client-secret', expiresAt: 1_900_000_000 },
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      httpRequests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: headersOf(request),
        body: text ? JSON.parse(text) : undefined,
      });
      const found = request.method === 'POST' && request.url === '/v1/realtime/client-secrets';
      const { status, body } = found ? clientSecretAnswer : { status: 404, body: { error: { message: 'no route', type: 'not_found' } } };
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });

  // The marker is the protocol to select: browsers fail a handshake whose offered protocols get no answer.
  const wss = new WebSocketServer({
    server,
    handleProtocols: (protocols) => [...protocols].find((protocol) => /^ai-gateway-[a-z]+\.v1$/.test(protocol)) ?? false,
  });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    let markClosed!: () => void;
    const record: RecordedSocket = {
      path: request.url ?? '',
      protocols: (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean),
      headers: headersOf(request),
      frames: [],
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    sockets.push(record);
    const waiters = new Set<() => void>();
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      record.frames.push(isBinary ? { binary: new Uint8Array(data) } : { text: JSON.parse(data.toString('utf8')) });
      for (const wake of waiters) wake();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      if (record.clientClose === undefined) record.clientClose = { code, reason: reason.toString('utf8') };
      markClosed();
      for (const wake of waiters) wake();
    });
    let serverClosed = false;
    const scripted: ScriptedSocket = {
      record,
      send: (part) => ws.send(JSON.stringify(part)),
      close: (code, reason) => {
        serverClosed = true;
        ws.close(code, reason);
      },
      frame: (predicate) =>
        new Promise((resolve, reject) => {
          const check = () => {
            const found = record.frames.find(predicate);
            if (found) {
              waiters.delete(check);
              resolve(found);
            } else if (ws.readyState === ws.CLOSED) {
              waiters.delete(check);
              reject(new Error(`socket closed before the awaited frame; frames: ${JSON.stringify(record.frames.map(describe))}`));
            }
          };
          waiters.add(check);
          check();
        }),
      textFrame: async (type) => {
        const frame = await scripted.frame((f) => 'text' in f && (f.text as { type?: unknown }).type === type);
        return 'text' in frame ? frame.text : undefined;
      },
    };
    ws.on('close', () => {
      // A close the server started is not the client's.
      if (serverClosed && record.clientClose) record.clientClose = undefined;
    });
    const path = record.path.split('?')[0]!;
    const script = scripts.get(path);
    if (!script) {
      ws.close(4404, `no script for ${path}`);
      return;
    }
    Promise.resolve(script(scripted)).catch(() => ws.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    /** The base URL a V4 client is given. */
    baseURL: `${origin}/v4/ai`,
    sockets,
    httpRequests,
    /** Answers sockets on `path` (e.g. `/v4/ai/speech-model`) with `script`. */
    onSocket(path: string, script: SocketScript) {
      scripts.set(path, script);
    },
    answerClientSecret(status: number, body: unknown) {
      clientSecretAnswer = { status, body };
    },
    reset() {
      sockets.length = 0;
      httpRequests.length = 0;
      scripts.clear();
      clientSecretAnswer = { status: 200, body: { token: 'vcst_minted-client-secret', expiresAt: 1_900_000_000 } };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type WsGateway = Awaited<ReturnType<typeof startWsGateway>>;

/** One stand-in for a whole test file: started before the first test (`onStart` keeps it), reset after each, closed after the last. */
export function useWsGateway(onStart: (gateway: WsGateway) => void): void {
  let gateway: WsGateway | undefined;
  beforeAll(async () => {
    gateway = await startWsGateway();
    onStart(gateway);
  });
  afterEach(() => gateway?.reset());
  afterAll(() => gateway?.close());
}

/** Everything printed to the console from now on, kept instead of printed: tests check that no secret is ever logged. */
export function captureConsole(): string[] {
  const logged: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 6 }))).join(' '));
    });
  }
  return logged;
}

/** A frame in a form `toEqual` compares well and messages print: text as JSON, binary as length and hex head. */
export function describe(frame: ClientFrame): unknown {
  if ('text' in frame) return frame.text;
  return { binary: frame.binary.length, head: Buffer.from(frame.binary.subarray(0, 8)).toString('hex') };
}

type WebSocketConstructor = import('@ai-sdk/provider-utils').WebSocketConstructor;
type WebSocketLike = import('@ai-sdk/provider-utils').WebSocketLike;

/**
 * `ws`'s client as the AI SDK's `WebSocketConstructor` type, for @ai-sdk/gateway 4's
 * `webSocket` setting (whose type rejects `ws`'s class as it is; modelgate's accepts it).
 * Every call goes straight to a `ws` socket, so both clients put the same bytes on the wire.
 */
export const ReferenceWebSocket: WebSocketConstructor = class implements WebSocketLike {
  private readonly socket: WsClient;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;

  constructor(url: string | URL, protocols?: string | string[], options?: { headers?: Record<string, string | undefined> }) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options?.headers ?? {})) if (value !== undefined) headers[name] = value;
    this.socket = new WsClient(url, protocols, { headers });
    this.socket.onopen = (event) => this.onopen?.(event);
    this.socket.onmessage = (event) => this.onmessage?.({ data: event.data });
    this.socket.onerror = (event) => this.onerror?.(event);
    this.socket.onclose = (event) => this.onclose?.(event);
  }

  get readyState() {
    return this.socket.readyState;
  }

  get bufferedAmount() {
    return this.socket.bufferedAmount;
  }

  send(data: string | Uint8Array | ArrayBuffer) {
    this.socket.send(data);
  }

  close(code?: number, reason?: string) {
    this.socket.close(code, reason);
  }
};
