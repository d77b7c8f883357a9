/**
 * What the WebSocket model calls (streaming speech, streaming transcription) share: the
 * socket address and credentials, and one stream runner for their common envelope
 * (a start frame, input frames, a done frame; server frames are stream parts; `finish`
 * ends the call, an `error` part is terminal).
 */
import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import {
  connectToWebSocket,
  getRuntimeEnvironmentUserAgent,
  normalizeHeaders,
  toWebSocketUrl,
  waitForWebSocketBufferDrain,
  withUserAgentSuffix,
  type WebSocketConstructor,
  type WebSocketLike,
} from '@ai-sdk/provider-utils';
import { abortErrorFrom } from '../errors/abort-error';
import { isAbortError, scrubSecrets, scrubSecretsDeep, type GatewayErrorContext } from '../errors/create-gateway-error';
import { GatewayError } from '../errors/gateway-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import { gatewayErrorFromErrorPart } from '../errors/stream-error-part';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import { isSubprotocolToken } from '../protocol/websocket-protocol';
import { MODEL_ID_HEADER, TEAM_HEADER } from '../protocol/wire';
import { VERSION } from '../version';
import type { GatewayModelConfig } from './gateway-model-config';
import { byokSecrets, redactRequestBody } from './redact';

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

/** What differs between the model kinds served over a WebSocket. */
export interface SocketKind<Input, Part extends StreamPart> {
  /** `speech` or `transcription`: names the spec-version header and messages. */
  name: string;
  endpoint: string;
  /** The subprotocol naming the surface, and the builder adding the credentials. */
  marker: string;
  protocolsFor: (token: string, options: { teamIdOrSlug?: string }) => string[];
  doneFrame: { type: string };
  /** The frames of one input chunk, in order. */
  framesOf(chunk: Input): Iterable<string | Uint8Array>;
  /** A server frame as a stream part; undefined for frames to skip. */
  parsePart(text: string): Part | undefined;
  /** Whether an `error` part's payload is replaced by the mapped gateway error (speech) or passed on as sent (transcription). */
  mapErrorParts: boolean;
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

interface SocketCallOptions {
  headers?: Record<string, string | undefined>;
  abortSignal?: AbortSignal;
  providerOptions?: unknown;
}

/**
 * One `doStream` call: credentials resolved now (as for an HTTP call) and sent as
 * subprotocols, then the stream runs (see runGatewayStream). The returned request body
 * is the start frame with BYOK credentials redacted.
 */
export async function streamOverSocket<Input, Part extends StreamPart>(
  kind: SocketKind<Input, Part>,
  modelId: string,
  { client }: GatewayModelConfig,
  webSocket: GatewayWebSocketClass | undefined,
  options: SocketCallOptions,
  startFrame: Record<string, unknown>,
  input: ReadableStream<Input>,
) {
  validateGatewayProviderOptions(options.providerOptions);
  // Narrowed once here: every WebSocket class calls its handlers with events of the shape connectToWebSocket reads.
  const WebSocket = (webSocket ?? globalThis.WebSocket) as WebSocketConstructor | undefined;
  if (!WebSocket) {
    throw new InvalidArgumentError({
      argument: 'webSocket',
      message:
        'This runtime has no global WebSocket (Node 20 has none). Pass a WebSocket class: ' +
        "`createGateway({ webSocket: WebSocket })` with `import { WebSocket } from 'ws'`.",
    });
  }
  const url = gatewaySocketUrl(client.baseURL, kind.endpoint, modelId);
  const { headers, authMethod, secrets } = await client.headers({
    headers: options.headers,
    modelHeaders: { [`ai-${kind.name}-model-specification-version`]: client.spec.header, [MODEL_ID_HEADER]: modelId },
  });
  const errorContext: GatewayErrorContext = { url, authMethod, secrets: [...secrets, ...byokSecrets(startFrame)] };
  const sent = normalizeHeaders(headers);
  const token = sent.authorization?.startsWith('Bearer ') ? sent.authorization.slice(7) : undefined;
  if (token !== undefined && !isSubprotocolToken(token)) {
    // Never quote the token: it is a credential.
    throw new InvalidArgumentError({
      argument: 'apiKey',
      message:
        'The AI Gateway credential cannot be sent over a WebSocket: it travels as a subprotocol, which allows only ' +
        "letters, digits and !#$%&'*+-.^_`|~. Check the API key (or use a client secret from getToken()).",
    });
  }
  let socketHeaders: Record<string, string | undefined>;
  try {
    socketHeaders = withUserAgentSuffix(headers, getRuntimeEnvironmentUserAgent(), `modelgate/${VERSION}`);
  } catch (error) {
    throw safeError(error, errorContext);
  }
  return {
    stream: runGatewayStream(kind, {
      url,
      protocols: token === undefined ? [kind.marker] : kind.protocolsFor(token, { teamIdOrSlug: sent[TEAM_HEADER] }),
      headers: socketHeaders,
      WebSocket,
      errorContext,
      startFrame,
      input,
      abortSignal: options.abortSignal,
    }),
    request: { body: redactRequestBody(startFrame) },
    response: { timestamp: new Date(), modelId },
  };
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

/** The part every stream ends with, and the error part. */
interface StreamPart {
  type: string;
  error?: unknown;
}

interface SocketStream<Input> {
  url: string;
  protocols: string[];
  /** Sent by constructors that take headers (`ws`); the global `WebSocket` ignores them. */
  headers: Record<string, string | undefined>;
  WebSocket: WebSocketConstructor;
  errorContext: GatewayErrorContext;
  startFrame: unknown;
  input: ReadableStream<Input>;
  abortSignal: AbortSignal | undefined;
}

/**
 * Runs one WebSocket stream call: sends the start frame, then the input's frames (waiting
 * for the socket buffer to drain between frames), then the done frame; returns the server's
 * parts. It ends at the `finish` part (closing with 1000). An abort, a cancel, an `error`
 * part or an early close stops the input and closes the socket.
 */
function runGatewayStream<Input, Part extends StreamPart>(
  kind: SocketKind<Input, Part>,
  socket: SocketStream<Input>,
): ReadableStream<Part> {
  const { name } = kind;
  const { input, abortSignal, errorContext: context } = socket;
  let finished = false;
  let inputStopped = false;
  let reader: ReadableStreamDefaultReader<Input> | undefined;
  let serverError: { payload: unknown } | undefined;
  let close: (code?: number) => void = () => {};

  const stopInput = () => {
    inputStopped = true;
    // Cancelling tells the caller's producer to stop, too.
    (reader ?? input).cancel().catch(() => {});
  };

  return new ReadableStream<Part>({
    start(controller) {
      // Without an error: the `finish` part arrived.
      const end = (error?: unknown, failed = error !== undefined) => {
        if (finished) return;
        finished = true;
        stopInput();
        close(failed ? undefined : 1000);
        if (failed) controller.error(safeError(error, context));
        else controller.close();
      };

      const sendInput = async (ws: WebSocketLike) => {
        const sending = () => !finished && !inputStopped;
        reader = input.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done || !sending()) break;
            for (const frame of kind.framesOf(value)) {
              if (!sending()) break;
              ws.send(frame);
              await waitForWebSocketBufferDrain(ws, { abortSignal });
            }
          }
        } finally {
          reader.releaseLock();
          reader = undefined;
        }
        // Without the done frame the gateway treats the close as an abort.
        if (sending()) ws.send(JSON.stringify(kind.doneFrame));
      };

      const connection = connectToWebSocket({
        url: socket.url,
        protocols: socket.protocols,
        headers: socket.headers,
        webSocket: socket.WebSocket,
        abortSignal,
        onAbort: () => abortSignal && end(abortErrorFrom(abortSignal)),
        // A constructor's own error (a bad URL, say), with any secret it quotes scrubbed by `end`.
        onProcessingError: (error) => end(error, true),
        onOpen(ws) {
          ws.send(JSON.stringify(socket.startFrame));
          // The caller's own input error ends the stream as it is.
          sendInput(ws).catch((error) => end(error, true));
        },
        onMessageText(text) {
          if (finished) return;
          const part = kind.parsePart(text);
          if (part === undefined) return;
          if (part.type === 'error') {
            // Terminal: no more input; the gateway closes the socket next.
            serverError = { payload: part.error };
            stopInput();
            part.error = kind.mapErrorParts
              ? gatewayErrorFromErrorPart(part.error, context, name)
              : scrubSecretsDeep(part.error, context.secrets);
          }
          controller.enqueue(part);
          if (part.type === 'finish') end();
        },
        onSocketError: () =>
          end(
            new GatewayResponseError({
              message: `Connection error on the AI Gateway ${name} stream (${context.url}).`,
              url: context.url,
              isRetryable: true,
            }),
          ),
        onClose: ({ code, reason }) =>
          end(
            serverError
              ? gatewayErrorFromErrorPart(serverError.payload, context, name)
              : new GatewayResponseError({
                  message: `The AI Gateway ${name} stream closed before a finish part was received${
                    code === undefined ? '' : ` (code ${code}${reason ? `: ${scrubSecrets(reason, context.secrets)}` : ''})`
                  }.`,
                  url: context.url,
                  isRetryable: true,
                }),
          ),
      });
      close = connection.close;
      // An already aborted signal ended the stream before `close` was known.
      if (finished) close();
    },
    cancel() {
      if (finished) return;
      finished = true;
      stopInput();
      close();
    },
  });
}
