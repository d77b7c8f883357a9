/**
 * One realtime session: the client speaks the AI SDK's normalized realtime events (JSON text
 * frames), the upstream its provider's own protocol; the upstream model's codec translates
 * (`serializeClientEvent` one way, `parseServerEvent` and `getHealthCheckResponse` the other).
 * Each direction is one ordered queue, so a close is passed on only after every frame received
 * before it went through. The session is logged, with its tokens and cost, when it ends.
 */
import type {
  Experimental_RealtimeModelV4 as RealtimeModelV4,
  Experimental_RealtimeModelV4ServerEvent as RealtimeServerEvent,
  Experimental_RealtimeModelV4Usage as RealtimeUsage,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { scrubSecrets } from '../errors/create-gateway-error';
import { addUsage, languageModelCost } from './cost';
import type { GovernedCall } from './governance/governance';
import type { RouteExecution } from './route-execution';
import type { RouteAttempt } from './routing';
import { closeQuietly, frameText, relayedCloseCode, SOCKET_OPEN, whenOpen, type RelaySocket, type WebSocketAcceptance } from './server-websocket';
import { upstreamProviderOptions } from './upstream';

/** The upstream end of a session, connected. */
export interface UpstreamSession {
  model: RealtimeModelV4;
  socket: RelaySocket;
  attempt: RouteAttempt;
  /** Takes the upstream's frames over: first those that arrived since it opened, then each as it comes. */
  onFrame(handler: (data: unknown) => void): void;
  /** Strings that must never reach the client: the provider credential the connection sent. */
  secrets: readonly string[];
  openedAt: number;
}

/** An adapter that never completes the handshake must not hold the upstream session (and a concurrency slot). */
const ACCEPT_TIMEOUT_MS = 30_000;
/** The relay's own close codes: 1011 for an upstream failure, 1001 when the client's side went away. */
const UPSTREAM_FAILED = 1011;
const CLIENT_GONE = 1001;

// Only the discriminator is checked: the upstream model's codec reads the rest and rejects what it cannot send.
const clientEventSchema = z.looseObject({ type: z.string() });
type ClientEvent = z.infer<typeof clientEventSchema>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The event without the gateway's own options (`providerOptions.gateway` of a session config or a
 * context append), which are for this server and must not reach the provider. Returns copies; pure.
 */
export function withoutGatewayOptions(event: ClientEvent): ClientEvent {
  const strip = (holder: Record<string, unknown>): Record<string, unknown> => {
    if (!isRecord(holder.providerOptions) || !('gateway' in holder.providerOptions)) return holder;
    const { providerOptions, ...rest } = holder;
    const remaining = upstreamProviderOptions(providerOptions as Parameters<typeof upstreamProviderOptions>[0]);
    return remaining ? { ...rest, providerOptions: remaining } : rest;
  };
  if ((event.type === 'session-update' || event.type === 'session-start') && isRecord(event.config)) {
    return { ...event, config: strip(event.config) };
  }
  return event.type === 'context-append' ? (strip(event) as ClientEvent) : event;
}

/** A realtime usage increment as the usage log counts tokens (input totals include the cached part). Pure. */
export function realtimeUsageAsTokens(usage: RealtimeUsage): LanguageModelV4Usage {
  const cached = usage.cachedInputTokens;
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache: usage.inputTokens === undefined ? undefined : usage.inputTokens - (cached ?? 0),
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: { total: usage.outputTokens, text: usage.outputTextTokens, reasoning: undefined },
  };
}

/** Usage increments: a response's, and an input transcription's. Session snapshots (`session-usage`, `custom`) are not summed. */
function usageIncrement(event: RealtimeServerEvent): RealtimeUsage | undefined {
  return event.type === 'response-done' || event.type === 'input-transcription-completed' ? event.usage : undefined;
}

/** A gateway-made error event, in the normalized shape (code: the protocol's error type). */
const errorEvent = (message: string, code = 'invalid_request_error') => JSON.stringify({ type: 'error', message, code, raw: null });

/** Sends a translated value upstream: what the codec returned as it is when it is text or bytes, else as JSON. */
function sendUpstream(socket: RelaySocket, value: unknown): void {
  if (value == null || socket.readyState !== SOCKET_OPEN) return;
  socket.send(typeof value === 'string' || value instanceof ArrayBuffer || value instanceof Uint8Array ? value : JSON.stringify(value));
}

/**
 * Starts relaying as soon as the upstream is open (frames it sends before the client's socket is
 * handed over wait for it), and returns the acceptance the adapter completes.
 */
export function relayRealtimeSession(
  upstream: UpstreamSession,
  context: { call: GovernedCall; execution: RouteExecution; protocol: string | undefined; startedAt: number },
): WebSocketAcceptance {
  const { model, socket: upstreamSocket, attempt } = upstream;
  const { call, execution } = context;
  const secrets = [...execution.secrets, ...upstream.secrets];
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const parse = model.createServerEventParser?.() ?? model.parseServerEvent.bind(model);
  const options = { intent: 'conversation' as const };

  let usage: LanguageModelV4Usage | undefined;
  let ended = false;
  let upstreamFailed = false;
  let clientClosed = false;
  let client: RelaySocket | undefined;
  let clientReady!: (socket: RelaySocket | undefined) => void;
  // Resolves with the open client socket, or undefined when there will be none (refused, timed out, closed first).
  const clientOpen = new Promise<RelaySocket | undefined>((resolve) => (clientReady = resolve));
  let toClient: Promise<void> = Promise.resolve();
  let toUpstream: Promise<void> = Promise.resolve();

  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(acceptTimer);
    call.served({
      attempt,
      execution,
      usage,
      finishReason: upstreamFailed ? 'error' : 'stop',
      cost: languageModelCost(usage, attempt.pricing),
      streamed: true,
      latencyMs: upstream.openedAt - context.startedAt,
      generationMs: Date.now() - context.startedAt,
    });
  };

  /** Upstream → client: one frame, parsed and translated; in order, after the client's socket is open. */
  const fromUpstream = (data: unknown) => {
    toClient = toClient.then(async () => {
      const text = await frameText(data);
      let raw: unknown;
      try {
        raw = JSON.parse(text ?? '');
      } catch {
        raw = undefined;
      }
      const socket = await clientOpen;
      if (!socket || socket.readyState !== SOCKET_OPEN) return;
      if (raw === undefined) {
        socket.send(errorEvent('The upstream provider sent a frame that is not JSON; it was dropped.', 'internal_server_error'));
        return;
      }
      // Keepalives (ping/pong) are answered upstream, as ai 7's session does for a direct connection.
      const health = model.getHealthCheckResponse?.(raw);
      if (health != null) sendUpstream(upstreamSocket, health);
      let events: RealtimeServerEvent[];
      try {
        const parsed = parse(raw);
        events = Array.isArray(parsed) ? parsed : [parsed];
      } catch (error) {
        socket.send(errorEvent(scrub(`The upstream event could not be translated: ${error instanceof Error ? error.message : String(error)}`), 'internal_server_error'));
        return;
      }
      for (const event of events) {
        const increment = usageIncrement(event);
        if (increment) usage = addUsage(usage, realtimeUsageAsTokens(increment));
        // Error events may quote what the provider was sent, credential included.
        socket.send(scrub(JSON.stringify(event)));
      }
    });
  };

  /** Client → upstream: one normalized event, translated by the upstream model; in order. */
  const fromClient = (data: unknown) => {
    toUpstream = toUpstream.then(async () => {
      const text = await frameText(data);
      let event: ClientEvent | undefined;
      try {
        const parsed = clientEventSchema.safeParse(JSON.parse(text ?? ''));
        event = parsed.success ? parsed.data : undefined;
      } catch {
        event = undefined;
      }
      if (!event) {
        if (client?.readyState === SOCKET_OPEN) client.send(errorEvent('Send each realtime event as one JSON text frame with a string `type`, e.g. {"type":"response-create"}.'));
        return;
      }
      try {
        // serializeClientEvent builds a session-update's provider config itself (through buildSessionConfig).
        const serialized = await model.serializeClientEvent(withoutGatewayOptions(event) as Parameters<RealtimeModelV4['serializeClientEvent']>[0], options);
        sendUpstream(upstreamSocket, serialized);
      } catch (error) {
        if (client?.readyState === SOCKET_OPEN) client.send(errorEvent(scrub(`The ${event.type} event could not be sent to the provider: ${error instanceof Error ? error.message : String(error)}`)));
      }
    });
  };

  upstream.onFrame(fromUpstream);
  upstreamSocket.addEventListener('error', () => {
    if (!clientClosed) upstreamFailed = true;
  });
  // The session ends when the upstream's socket closes, whoever began: its last frames (usage) still count.
  upstreamSocket.addEventListener('close', (event) => {
    if (!clientClosed && event.code !== 1000 && event.code !== 1005) upstreamFailed = true;
    // After every frame already received went out (or there is no client to send it to).
    toClient = toClient.then(() => {
      if (client) closeQuietly(client, relayedCloseCode(event.code, UPSTREAM_FAILED), scrub(event.reason));
      clientReady(undefined);
      end();
    });
  });

  const acceptTimer = setTimeout(() => {
    clientReady(undefined);
    closeQuietly(upstreamSocket, CLIENT_GONE, 'the client did not complete the WebSocket handshake');
    call.cancelled();
  }, ACCEPT_TIMEOUT_MS);

  return {
    protocol: context.protocol,
    accept(socket) {
      clearTimeout(acceptTimer);
      client = socket;
      socket.addEventListener('message', (event) => fromClient(event.data));
      socket.addEventListener('close', (event) => {
        clientClosed = true;
        clientReady(undefined);
        // After every event the client sent before closing went upstream.
        toUpstream = toUpstream.then(() => closeQuietly(upstreamSocket, relayedCloseCode(event.code, CLIENT_GONE), event.reason));
      });
      whenOpen(socket).then(
        () => clientReady(socket),
        () => clientReady(undefined),
      );
    },
    reject() {
      clearTimeout(acceptTimer);
      clientReady(undefined);
      closeQuietly(upstreamSocket, CLIENT_GONE, 'the client left before the session opened');
      call.cancelled();
    },
  };
}
