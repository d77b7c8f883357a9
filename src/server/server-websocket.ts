/**
 * How the web-standard server takes WebSocket sessions without owning a transport. An adapter
 * (the Node listener, `Deno.upgradeWebSocket`, Cloudflare's `WebSocketPair`, Bun) hands the
 * upgrade `Request` to `GatewayServer.upgradeWebSocket`, which answers either a `Response`
 * (the refusal, sent instead of 101) or a `WebSocketAcceptance`: the adapter completes the
 * handshake with `acceptance.protocol` and gives `accept` the socket it got.
 */

/** The members of a WebSocket (web-standard, or `ws`'s) a session uses: the client's socket and the upstream's. */
export interface RelaySocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Stops reading frames until `resume` (`ws`'s sockets have both): how a stream holds back a client that sends faster than its provider reads. */
  pause?(): void;
  resume?(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/**
 * A WebSocket class that sends handshake headers, for the connection to the upstream provider
 * (which authenticates with them): `ws`'s `WebSocket` has this shape. A browser-style class that
 * ignores the third argument would connect without the provider's key and be refused.
 */
export type UpstreamWebSocketClass = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => RelaySocket;

/** An upgrade the server will take: the adapter answers 101, then hands over the socket. */
export interface WebSocketAcceptance {
  /** The subprotocol to select in the 101 answer (`Sec-WebSocket-Protocol`); undefined when the client offered none. */
  readonly protocol: string | undefined;
  /** The client's socket, open or still opening; the session runs until either side closes. */
  accept(socket: RelaySocket): void;
  /** The adapter could not complete the handshake (the client left): the upstream session is closed. */
  reject(): void;
}

/** What an adapter may supply for WebSocket sessions; the server's own options win. */
export interface WebSocketAdapterDefaults {
  /** The adapter's WebSocket class for upstream connections (the Node listener passes `ws`'s). */
  webSocket?: UpstreamWebSocketClass;
}

export const SOCKET_OPEN = 1;

/** A request asking to become a WebSocket (`Upgrade: websocket`). */
export const isWebSocketUpgrade = (request: Request) => request.headers.get('upgrade')?.toLowerCase() === 'websocket';

/** The largest frame a realtime client may send: a whole recorded audio message (base64) fits. (Streamed speech and transcription refuse frames over 256 KiB themselves.) */
export const MAX_WEBSOCKET_FRAME_BYTES = 8 * 2 ** 20;

/** Resolves when `socket` is open; rejects when it closes, fails or `signal` aborts first (closing it). */
export function whenOpen(socket: RelaySocket, signal?: AbortSignal): Promise<void> {
  if (socket.readyState === SOCKET_OPEN) return Promise.resolve();
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      settle(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
      socket.close();
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.addEventListener('open', () => settle());
    // An error event carries no reason a browser-style socket will tell; the close that follows has the code.
    socket.addEventListener('error', (event) => settle(new Error(`the WebSocket connection failed${describeSocketError(event)}`)));
    socket.addEventListener('close', (event) => settle(new Error(`the WebSocket closed before it opened (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`)));
  });
}

/** `ws` puts the cause (e.g. "Unexpected server response: 401") on its error event; browser-style sockets give nothing. */
function describeSocketError(event: unknown): string {
  const message = (event as { message?: unknown; error?: { message?: unknown } } | null)?.message ?? (event as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' && message ? `: ${message}` : '';
}

/**
 * A received frame's payload: text frames as strings, binary ones as bytes of their own. Web sockets give
 * strings, ArrayBuffers or Blobs; `ws` gives strings and Buffers, which may be views of a larger one (copied).
 */
export async function framePayload(data: unknown): Promise<string | Uint8Array | undefined> {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  return undefined;
}

/** A received frame's text (a binary frame decoded as UTF-8). */
export async function frameText(data: unknown): Promise<string | undefined> {
  const payload = await framePayload(data);
  return payload instanceof Uint8Array ? new TextDecoder().decode(payload) : payload;
}

/**
 * The code to pass a close on with: 1005 (closed without a status) as an orderly 1000, and codes that only
 * describe a close (1006 dropped, 1015 TLS) or are reserved (1004) as `dropped`.
 */
export function relayedCloseCode(code: number, dropped: number): number {
  if (code === 1005) return 1000;
  const sendable = (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1006) || (code >= 3000 && code <= 4999);
  return sendable ? code : dropped;
}

/** A close reason within the protocol's 123 bytes. */
export function closeReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= 123) return reason;
  // Cut at a character boundary: a decoder drops the partial character at the end.
  return new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '') + '…';
}

/** Closes a socket that may already be closing; a runtime that refuses the code (browser rules) still closes. */
export function closeQuietly(socket: RelaySocket, code: number, reason = ''): void {
  if (socket.readyState >= 2) return;
  try {
    socket.close(code, closeReason(reason));
  } catch {
    try {
      socket.close();
    } catch {
      // Closed in the meantime.
    }
  }
}
