/**
 * The WebSocket stream runner of streaming speech and transcription, loaded with import()
 * on the first `doStream` (most apps never open a stream): one runner for their common
 * envelope (a start frame, input frames, a done frame; server frames are stream parts;
 * `finish` ends the call, an `error` part is terminal), and what differs per kind.
 */
import type {
  Experimental_SpeechModelV4StreamPart as SpeechStreamPart,
  Experimental_SpeechModelV4StreamTextPart as SpeechTextPart,
  Experimental_TranscriptionModelV4StreamPart as TranscriptionStreamPart,
} from '@ai-sdk/provider';
import { InvalidArgumentError } from '@ai-sdk/provider';
import {
  connectToWebSocket,
  EXPERIMENTAL_SPEECH_STREAM_TEXT_DONE_FRAME_TYPE as SPEECH_TEXT_DONE_FRAME,
  EXPERIMENTAL_TRANSCRIPTION_STREAM_AUDIO_DONE_FRAME_TYPE as AUDIO_DONE_FRAME,
  experimental_parseSpeechStreamPart as parseSpeechStreamPart,
  experimental_parseTranscriptionStreamPart as parseTranscriptionStreamPart,
  getRuntimeEnvironmentUserAgent,
  normalizeHeaders,
  waitForWebSocketBufferDrain,
  withUserAgentSuffix,
  type WebSocketConstructor,
  type WebSocketLike,
} from '@ai-sdk/provider-utils';
import { abortErrorFrom } from '../errors/abort-error';
import { scrubSecrets, scrubSecretsDeep, type GatewayErrorContext } from '../errors/create-gateway-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import { gatewayErrorFromErrorPart } from '../errors/stream-error-part';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import {
  GATEWAY_SPEECH_SUBPROTOCOL,
  GATEWAY_TRANSCRIPTION_SUBPROTOCOL,
  getGatewaySpeechProtocols,
  getGatewayTranscriptionProtocols,
  isSubprotocolToken,
  SOCKET_ENDPOINT,
} from '../protocol/websocket-protocol';
import { MODEL_ID_HEADER, TEAM_HEADER } from '../protocol/wire';
import { VERSION } from '../version';
import type { GatewayModelConfig } from './gateway-model-config';
import { speechTextFrames } from './gateway-streaming-speech';
import { audioFrames } from './gateway-streaming-transcription';
import { gatewaySocketUrl, safeError, type GatewayWebSocketClass } from './gateway-websocket';
import { byokSecrets, redactRequestBody } from './redact';

/** What differs between the model kinds served over a WebSocket. */
interface SocketKind<Input, Part extends StreamPart> {
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


export const SPEECH_SOCKET: SocketKind<SpeechTextPart, SpeechStreamPart> = {
  name: 'speech',
  endpoint: SOCKET_ENDPOINT.speech,
  marker: GATEWAY_SPEECH_SUBPROTOCOL,
  protocolsFor: getGatewaySpeechProtocols,
  doneFrame: { type: SPEECH_TEXT_DONE_FRAME },
  framesOf: (part) => speechTextFrames(part).map((frame) => JSON.stringify(frame)),
  parsePart: parseSpeechStreamPart,
  mapErrorParts: true,
};

export const TRANSCRIPTION_SOCKET: SocketKind<Uint8Array | string, TranscriptionStreamPart> = {
  name: 'transcription',
  endpoint: SOCKET_ENDPOINT.transcription,
  marker: GATEWAY_TRANSCRIPTION_SUBPROTOCOL,
  protocolsFor: getGatewayTranscriptionProtocols,
  doneFrame: { type: AUDIO_DONE_FRAME },
  framesOf: audioFrames,
  parsePart: parseTranscriptionStreamPart,
  // Error parts go on as the gateway sent them; the mapped error ends the stream at close.
  mapErrorParts: false,
};

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
