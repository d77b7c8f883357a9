/**
 * What the WebSocket models (streaming speech, streaming transcription, realtime) share
 * and need before a stream starts: the WebSocket class setting, socket addresses, the
 * HTTP model `doGenerate` goes to, and error scrubbing. The stream runner itself is in
 * gateway-websocket-stream.ts, loaded on the first stream.
 */
import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { toWebSocketUrl, type WebSocketConstructor } from '@ai-sdk/provider-utils';
import { isAbortError, scrubSecrets, type GatewayErrorContext } from '../errors/create-gateway-error';
import { GatewayError } from '../errors/gateway-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import { MODEL_ID_HEADER } from '../protocol/wire';

type SocketHandler = ((event: never) => void) | null;

/**
 * A WebSocket class: the global `WebSocket`, `ws`'s, or any of the AI SDK's
 * `WebSocketConstructor` shape. (That type alone rejects `ws`'s class, whose handlers
 * take `ws`'s own event types; both kinds work the same at run time.)
 */
export type GatewayWebSocketClass =
  | WebSocketConstructor
  | (new (
      url: string,
      protocols?: string | string[],
      options?: { headers?: Record<string, string> },
    ) => {
      readonly readyState: number;
      readonly bufferedAmount?: number;
      send(data: string | Uint8Array): void;
      close(code?: number, reason?: string): void;
      onopen: SocketHandler;
      onmessage: SocketHandler;
      onerror: SocketHandler;
      onclose: SocketHandler;
    });

/** Settings of the WebSocket calls (V4 entry). */
export interface GatewayWebSocketSettings {
  /**
   * The WebSocket class for streaming speech and transcription. Default: the global
   * `WebSocket` (browsers, edge runtimes, Node 22+). On Node 20 pass one, e.g.
   * `import { WebSocket } from 'ws'`. Credentials travel as subprotocols, so a class
   * that cannot send headers works too.
   */
  webSocket?: GatewayWebSocketClass;
}

export function validateWebSocketSetting(webSocket: unknown): void {
  if (webSocket !== undefined && typeof webSocket !== 'function') {
    throw new InvalidArgumentError({
      argument: 'webSocket',
      message: `Invalid createGateway setting \`webSocket\`: expected a WebSocket class (e.g. \`import { WebSocket } from 'ws'\`), received ${
        webSocket === null ? 'null' : typeof webSocket
      }.`,
    });
  }
}

/** `https://host/v4/ai` and `speech-model` → `wss://host/v4/ai/speech-model?ai-model-id=<id>`. */
export function gatewaySocketUrl(baseURL: string, endpoint: string, modelId: string): string {
  const url = toWebSocketUrl(`${baseURL}/${endpoint}`);
  url.searchParams.set(MODEL_ID_HEADER, modelId);
  return url.toString();
}

export interface StreamingModelSettings<G> {
  webSocket?: GatewayWebSocketClass;
  /** The HTTP model of the same id, which `doGenerate` goes to. */
  generator?: G;
}

/** The HTTP model a streaming model's `doGenerate` goes to. */
export function generatorOf<G>({ generator }: StreamingModelSettings<G>, modelId: string, name: string): G {
  if (!generator) {
    throw new UnsupportedFunctionalityError({
      functionality: `${name} over HTTP`,
      message: `${modelId}: this modelgate build serves ${name} over its WebSocket only (doStream).`,
    });
  }
  return generator;
}

/**
 * `error` as it may be shown: gateway and abort errors as they are, any other error
 * unchanged unless its message quotes a secret (a constructor quoting the auth
 * subprotocol, say), which then becomes a response error with the secret scrubbed.
 */
export function safeError(error: unknown, context: GatewayErrorContext): unknown {
  if (GatewayError.isInstance(error) || isAbortError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const scrubbed = scrubSecrets(message, context.secrets);
  return scrubbed === message ? error : new GatewayResponseError({ message: scrubbed, url: context.url, isRetryable: false });
}
