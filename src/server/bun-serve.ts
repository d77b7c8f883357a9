/**
 * Serving the gateway on Bun with its WebSocket sessions: `Bun.serve({ port, ...bunServeOptions(gateway) })`.
 * Bun completes an upgrade with `server.upgrade(request, { data, headers })` and reports the socket's
 * events to the server's `websocket` handlers, not to listeners on the socket; the relay socket made
 * here turns them back into the listener-style `RelaySocket` the gateway's sessions read.
 */
import { GatewayServerError } from '../errors/gateway-server-error';
import { errorResponse, type GatewayServer } from './gateway-server';
import { isWebSocketUpgrade, MAX_WEBSOCKET_FRAME_BYTES, type RelaySocket } from './server-websocket';

/** The members of Bun's `ServerWebSocket` the relay uses (declared here: no dependency on bun-types). */
export interface BunServerWebSocket<Data> {
  readonly data: Data;
  readonly readyState: number;
  /** Bun's answer (bytes sent, -1 backpressured, 0 dropped) is not needed: a session writes in order either way. */
  send(data: string | ArrayBuffer | Uint8Array): unknown;
  close(code?: number, reason?: string): void;
}

/** The member of Bun's `Server` (the second argument of `fetch`) the adapter uses, typed so Bun's own `Server` fits it. */
export interface BunServer {
  upgrade(request: Request, options: { data: BunRelaySocket; headers?: Record<string, string> }): boolean;
}

/** What `Bun.serve` takes to serve the gateway: spread it into the options, next to `port`. */
export interface BunServeOptions {
  fetch(request: Request, server: BunServer): Promise<Response | undefined>;
  websocket: {
    /** Frames past it close the socket (1009), as the Node listener's do. */
    maxPayloadLength: number;
    open(socket: BunServerWebSocket<BunRelaySocket>): void;
    message(socket: BunServerWebSocket<BunRelaySocket>, message: string | Uint8Array): void;
    close(socket: BunServerWebSocket<BunRelaySocket>, code: number, reason: string): void;
  };
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Listeners = {
  open: Array<() => void>;
  message: Array<(event: { data: unknown }) => void>;
  close: Array<(event: { code: number; reason: string }) => void>;
  error: Array<(event: unknown) => void>;
};

/** A client's socket as a session reads it: made before the upgrade, bound to Bun's socket once it opens. */
class BunRelaySocket implements RelaySocket {
  #socket: BunServerWebSocket<BunRelaySocket> | undefined;
  #state = CONNECTING;
  /** A close asked for before the socket opened, done once it does. */
  #pendingClose: { code?: number; reason?: string } | undefined;
  readonly #listeners: Listeners = { open: [], message: [], close: [], error: [] };

  get readyState(): number {
    return this.#state;
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    if (!this.#socket || this.#state !== OPEN) throw new Error('the WebSocket is not open');
    this.#socket.send(data);
  }

  close(code?: number, reason?: string): void {
    if (this.#state >= CLOSING) return;
    this.#state = CLOSING;
    if (this.#socket) this.#socket.close(code, reason);
    else this.#pendingClose = { code, reason };
  }

  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
  addEventListener(type: keyof Listeners, listener: (event: never) => void): void {
    (this.#listeners[type] as Array<(event: never) => void>).push(listener);
  }

  opened(socket: BunServerWebSocket<BunRelaySocket>): void {
    this.#socket = socket;
    if (this.#pendingClose) return socket.close(this.#pendingClose.code, this.#pendingClose.reason);
    this.#state = OPEN;
    for (const listener of this.#listeners.open) listener();
  }

  received(message: string | Uint8Array): void {
    for (const listener of this.#listeners.message) listener({ data: message });
  }

  closed(code: number, reason: string): void {
    this.#state = CLOSED;
    for (const listener of this.#listeners.close) listener({ code, reason });
  }
}

/**
 * The options `Bun.serve` takes to serve `gateway`, WebSocket sessions (realtime, streamed speech and
 * transcription) included: `Bun.serve({ port, ...bunServeOptions(gateway) })`. HTTP requests go to
 * `gateway.fetch`; upgrades to `gateway.upgradeWebSocket`, whose refusals are answered as they are.
 * Give `createGatewayServer` a `webSocket` class that sends headers (`ws`'s) for the upstream connections.
 */
export function bunServeOptions(gateway: Pick<GatewayServer, 'fetch' | 'upgradeWebSocket'>): BunServeOptions {
  return {
    async fetch(request, server) {
      if (!isWebSocketUpgrade(request)) return gateway.fetch(request);
      const acceptance = await gateway.upgradeWebSocket(request);
      if (acceptance instanceof Response) return acceptance;
      const socket = new BunRelaySocket();
      const headers = acceptance.protocol ? { 'Sec-WebSocket-Protocol': acceptance.protocol } : undefined;
      if (!server.upgrade(request, { data: socket, headers })) {
        acceptance.reject();
        return errorResponse(new GatewayServerError({ status: 400, type: 'invalid_request_error', message: 'The WebSocket handshake could not be completed: the request is not a valid WebSocket upgrade.' }));
      }
      // Bun runs the open handler inside upgrade: the session gets a socket already open, as accept allows.
      acceptance.accept(socket);
      // Bun has answered 101 itself: fetch returns nothing after an upgrade.
      return undefined;
    },
    websocket: {
      maxPayloadLength: MAX_WEBSOCKET_FRAME_BYTES,
      open: (socket) => socket.data.opened(socket),
      message: (socket, message) => socket.data.received(message),
      close: (socket, code, reason) => socket.data.closed(code, reason),
    },
  };
}
