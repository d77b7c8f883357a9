/**
 * GET {base}/realtime-model?ai-model-id=<id> with `Upgrade: websocket`: a realtime session. The
 * client authenticates with its gateway key as a header (a trusted server) or with a key or a
 * client secret as the `ai-gateway-auth.` subprotocol (a browser), and the session is admitted
 * against the key's limits and budgets (websocket-upgrade.ts, shared with streamed speech and
 * transcription). The upstream connection is opened before the upgrade is answered, trying the
 * model's providers in order, so every refusal is an HTTP answer with the protocol's error body.
 * Then realtime-relay.ts carries the frames.
 */
import { APICallError, type Experimental_RealtimeModelV4 as RealtimeModelV4 } from '@ai-sdk/provider';
import { GatewayServerError } from '../errors/gateway-server-error';
import { secretSettingValues, type ResolvedServerConfig } from './config';
import { relayRealtimeSession, type UpstreamSession } from './realtime-relay';
import { RouteExecution } from './route-execution';
import type { RouteAttempt } from './routing';
import { whenOpen, type UpstreamWebSocketClass, type WebSocketAcceptance } from './server-websocket';
import { upstreamModel, upstreamProvider } from './upstream';
import { admitUpgrade, planProviders, type SocketUpgradeContext } from './websocket-upgrade';

/** A realtime model the relay can drive: spec v4 with a server-side connection and the codec. */
function asRealtimeModel(model: unknown, attempt: RouteAttempt): RealtimeModelV4 & Required<Pick<RealtimeModelV4, 'getServerWebSocketConfig'>> {
  const candidate = model as Partial<Record<keyof RealtimeModelV4, unknown>> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.specificationVersion !== 'v4' ||
    typeof candidate.getServerWebSocketConfig !== 'function' ||
    typeof candidate.serializeClientEvent !== 'function' ||
    typeof candidate.parseServerEvent !== 'function'
  ) {
    throw new GatewayServerError({
      status: 500,
      type: 'internal_server_error',
      message: `Provider '${attempt.provider}' returned no realtime model of spec v4 with a server-side WebSocket connection (getServerWebSocketConfig) for '${attempt.providerModelId}'.`,
    });
  }
  return model as RealtimeModelV4 & Required<Pick<RealtimeModelV4, 'getServerWebSocketConfig'>>;
}

/** The credential values a connection sends (`Authorization: Bearer sk-…` and the bare key): never shown to the client. */
function connectionSecrets(headers: Record<string, string>): string[] {
  return secretSettingValues(headers).flatMap((value) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(value.trim());
    return bearer ? [value, bearer[1]!] : [value];
  });
}

/**
 * A handshake the provider answered with an HTTP status (`ws` says "Unexpected server response: 401") as the
 * API error a provider package would throw, so failover and provider health judge it as they judge HTTP calls:
 * a 401 is the configuration's fault, not the provider's health. Anything else (refused, reset) stays as it is.
 */
export function handshakeRefusal(error: unknown, url: string): unknown {
  const status = error instanceof Error ? /Unexpected server response: (\d{3})/.exec(error.message)?.[1] : undefined;
  if (!status) return error;
  const statusCode = Number(status);
  return new APICallError({ message: (error as Error).message, url, requestBodyValues: {}, statusCode, isRetryable: statusCode === 408 || statusCode === 429 || statusCode >= 500 });
}

/** Opens one attempt's upstream connection; the socket is closed when the attempt fails or times out. */
async function connectUpstream(
  config: ResolvedServerConfig,
  webSocket: UpstreamWebSocketClass,
  attempt: RouteAttempt,
  signal: AbortSignal,
): Promise<UpstreamSession> {
  const model = asRealtimeModel(upstreamModel(upstreamProvider(config, attempt), 'realtime', attempt), attempt);
  const connection = await model.getServerWebSocketConfig({ intent: 'conversation' });
  const socket = new webSocket(connection.url, connection.protocols ?? [], { headers: connection.headers });
  // Frames that arrive before the relay takes over wait here.
  const early: unknown[] = [];
  let handler: ((data: unknown) => void) | undefined;
  socket.addEventListener('message', (event) => (handler ? handler(event.data) : early.push(event.data)));
  await whenOpen(socket, signal).catch((error: unknown) => {
    throw handshakeRefusal(error, connection.url);
  });
  return {
    model,
    socket,
    attempt,
    secrets: connectionSecrets(connection.headers),
    openedAt: Date.now(),
    onFrame(take) {
      handler = take;
      for (const data of early.splice(0)) take(data);
    },
  };
}

/** Answers a realtime upgrade: throws the refusal (a GatewayServerError), or returns the acceptance. */
export async function upgradeRealtime(context: SocketUpgradeContext): Promise<WebSocketAcceptance> {
  const { request, config, stats } = context;
  const admitted = await admitUpgrade(context, 'realtime', (plan, modelId): UpstreamWebSocketClass => {
    const providers = planProviders(plan);
    if (!providers.some((slug) => typeof config.providers.get(slug)?.system.experimental_realtime === 'function')) {
      throw new GatewayServerError({
        status: 400,
        type: 'invalid_request_error',
        message: `Model '${modelId}' cannot open realtime sessions here: its providers (${providers.join(', ')}) offer no realtime models (no experimental_realtime, as @ai-sdk/openai 4 has). Configure it with a provider package that has them.`,
        param: { modelId },
      });
    }
    if (!context.webSocket) {
      throw new GatewayServerError({
        status: 424,
        type: 'failed_dependency',
        message:
          "This gateway has no WebSocket client for upstream connections. Pass one that sends headers: createGatewayServer(config, { webSocket }) with `import { WebSocket } from 'ws'` (modelgate serve and listen from modelgate/server/node use ws).",
      });
    }
    return context.webSocket;
  });
  const { prepared: webSocket, call, plan, protocol, startedAt } = admitted;
  try {
    const execution = new RouteExecution(plan, request.signal, config.secrets, stats);
    // Failover happens at connect only: once a session is open, its conversation lives at that provider.
    const upstream = await execution.run(config.firstTokenTimeoutMs, ({ attempt, signal }) => connectUpstream(config, webSocket, attempt, signal));
    call.streamOpened(execution);
    return relayRealtimeSession(upstream, { call, execution, protocol, startedAt });
  } catch (error) {
    call.failed(error, request.signal.aborted);
    throw error;
  }
}
