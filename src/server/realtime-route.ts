/**
 * GET {base}/realtime-model?ai-model-id=<id> with `Upgrade: websocket`: a realtime session. The
 * client authenticates with its gateway key as a header (a trusted server) or with a key or a
 * client secret as the `ai-gateway-auth.` subprotocol (a browser). The session is admitted
 * against the key's limits and budgets, and the upstream connection is opened before the
 * upgrade is answered, trying the model's providers in order, so every refusal is an HTTP
 * answer with the protocol's error body. Then realtime-relay.ts carries the frames.
 */
import { APICallError, type Experimental_RealtimeModelV4 as RealtimeModelV4 } from '@ai-sdk/provider';
import { GatewayServerError } from '../errors/gateway-server-error';
import { getGatewayRealtimeAuthToken, GATEWAY_REALTIME_SUBPROTOCOL } from '../protocol/websocket-protocol';
import { MODEL_ID_HEADER } from '../protocol/wire';
import { bearerToken, findApiKey, type StoredApiKey } from './api-keys';
import type { CounterStore } from '../storage/types';
import { isClientSecret, verifyClientSecret } from './client-secrets';
import { secretSettingValues, type ResolvedServerConfig } from './config';
import { parseCallIdentity } from './governance/call-identity';
import type { Governance } from './governance/governance';
import type { ProviderStats } from './provider-stats';
import { relayRealtimeSession, type UpstreamSession } from './realtime-relay';
import { RouteExecution } from './route-execution';
import { planRoute, type RouteAttempt } from './routing';
import { whenOpen, type UpstreamWebSocketClass, type WebSocketAcceptance } from './server-websocket';
import { upstreamModel, upstreamProvider } from './upstream';

export interface RealtimeUpgradeContext {
  request: Request;
  modelId: string | null;
  config: ResolvedServerConfig;
  stats: ProviderStats;
  keys: readonly StoredApiKey[];
  governance: Governance;
  generationId: string;
  /** The class that opens upstream connections; undefined when neither the server nor its adapter has one. */
  webSocket: UpstreamWebSocketClass | undefined;
}

const unauthorized = (message: string) => new GatewayServerError({ status: 401, type: 'authentication_error', message });

/** The subprotocols a handshake offers (`Sec-WebSocket-Protocol`, comma-separated). Pure. */
export function offeredProtocols(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The key a realtime handshake authenticates as: its `Authorization` header (a trusted server), else
 * the token of its `ai-gateway-auth.` subprotocol (a browser), which is a gateway key or a client secret
 * minted for this model. Throws 401 with the protocol's error body otherwise; never echoes the token.
 */
export async function realtimeApiKey(request: Request, counters: CounterStore, keys: readonly StoredApiKey[], modelId: string, nowSeconds: number): Promise<StoredApiKey> {
  const token = bearerToken(request.headers) ?? getGatewayRealtimeAuthToken(request.headers.get('sec-websocket-protocol'));
  if (!token) {
    throw unauthorized(
      `Missing credentials. Send \`Authorization: Bearer <key>\` from a server, or from a browser the subprotocols ['${GATEWAY_REALTIME_SUBPROTOCOL}', 'ai-gateway-auth.<client secret>'] (getToken() mints the secret).`,
    );
  }
  if (isClientSecret(token)) {
    const verdict = await verifyClientSecret(counters, token, keys, modelId, nowSeconds);
    if ('refused' in verdict) throw unauthorized(verdict.refused);
    return verdict.apiKey;
  }
  const key = findApiKey(keys, token);
  if (!key) throw unauthorized('Invalid API key. Use a key this gateway was configured with, or a client secret it minted.');
  return key;
}

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
export async function upgradeRealtime(context: RealtimeUpgradeContext): Promise<WebSocketAcceptance> {
  const { request, modelId, config, stats, keys, governance, generationId } = context;
  const startedAt = Date.now();
  if (request.method !== 'GET') {
    throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: 'Open realtime sessions with a GET WebSocket upgrade.' });
  }
  if (!modelId) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Missing the ${MODEL_ID_HEADER} query parameter naming the realtime model, e.g. …/realtime-model?${MODEL_ID_HEADER}=openai/gpt-realtime-2.`,
      param: MODEL_ID_HEADER,
    });
  }
  const offered = offeredProtocols(request.headers.get('sec-websocket-protocol'));
  // A client that offers subprotocols fails the handshake unless the answer selects one of them.
  if (offered.length > 0 && !offered.includes(GATEWAY_REALTIME_SUBPROTOCOL)) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Offer the '${GATEWAY_REALTIME_SUBPROTOCOL}' subprotocol (getGatewayRealtimeProtocols builds the list), or none when authenticating with a header.`,
    });
  }
  const apiKey = await realtimeApiKey(request, governance.counters, keys, modelId, Math.floor(Date.now() / 1000));
  const team = config.governance.keyTeams.get(apiKey.name);
  const call = governance.open({ generationId, identity: parseCallIdentity({}, apiKey.name, team, request.headers), kind: 'realtime', model: modelId });
  try {
    const plan = planRoute(modelId, 'realtime', {}, config, stats, apiKey.models);
    const providers = [...new Set(plan.models[0]!.attempts.map((attempt) => attempt.provider))];
    if (!providers.some((slug) => typeof config.providers.get(slug)?.system.experimental_realtime === 'function')) {
      throw new GatewayServerError({
        status: 400,
        type: 'invalid_request_error',
        message: `Model '${modelId}' cannot open realtime sessions here: its providers (${providers.join(', ')}) offer no realtime models (no experimental_realtime, as @ai-sdk/openai 4 has). Configure it with a provider package that has them.`,
        param: { modelId },
      });
    }
    const webSocket = context.webSocket;
    if (!webSocket) {
      throw new GatewayServerError({
        status: 424,
        type: 'failed_dependency',
        message:
          "This gateway has no WebSocket client for upstream connections. Pass one that sends headers: createGatewayServer(config, { webSocket }) with `import { WebSocket } from 'ws'` (modelgate serve and listen from modelgate/server/node use ws).",
      });
    }
    await call.admit();
    const execution = new RouteExecution(plan, request.signal, config.secrets, stats);
    // Failover happens at connect only: once a session is open, its conversation lives at that provider.
    const upstream = await execution.run(config.firstTokenTimeoutMs, ({ attempt, signal }) => connectUpstream(config, webSocket, attempt, signal));
    call.streamOpened(execution);
    return relayRealtimeSession(upstream, { call, execution, protocol: offered.length > 0 ? GATEWAY_REALTIME_SUBPROTOCOL : undefined, startedAt });
  } catch (error) {
    call.failed(error, request.signal.aborted);
    throw error;
  }
}
