/**
 * What every WebSocket surface does with an upgrade request before its session starts (realtime,
 * streamed speech, streamed transcription): check the request and the offered subprotocols,
 * authenticate (a gateway key as a header, or a key or a client secret of the surface's kind as
 * the `ai-gateway-auth.` subprotocol), open the governed call, plan the route, let the surface
 * refuse a model it cannot serve, and admit the call against the key's limits and budgets.
 * Every refusal is a GatewayServerError, answered as HTTP instead of 101.
 */
import { GatewayServerError } from '../errors/gateway-server-error';
import {
  getGatewayRealtimeAuthToken,
  GATEWAY_REALTIME_SUBPROTOCOL,
  GATEWAY_SPEECH_SUBPROTOCOL,
  GATEWAY_TRANSCRIPTION_SUBPROTOCOL,
  SOCKET_ENDPOINT,
} from '../protocol/websocket-protocol';
import { MODEL_ID_HEADER } from '../protocol/wire';
import { bearerToken, findApiKey, type StoredApiKey } from './api-keys';
import type { CounterStore } from '../storage/types';
import { isClientSecret, verifyClientSecret, type ClientSecretKind } from './client-secrets';
import type { ResolvedServerConfig } from './config';
import { parseCallIdentity } from './governance/call-identity';
import type { Governance, GovernedCall } from './governance/governance';
import type { ProviderStats } from './provider-stats';
import { planRoute, type RoutePlan } from './routing';
import type { UpstreamWebSocketClass } from './server-websocket';

/** The WebSocket surfaces, by the kind of session they open (the client secret kinds). */
export type SocketRouteKind = ClientSecretKind;

/** The marker subprotocol each surface's clients offer, and the one its 101 selects. */
export const SOCKET_SUBPROTOCOL: Record<SocketRouteKind, string> = {
  realtime: GATEWAY_REALTIME_SUBPROTOCOL,
  speech: GATEWAY_SPEECH_SUBPROTOCOL,
  transcription: GATEWAY_TRANSCRIPTION_SUBPROTOCOL,
};

const SESSION_NAMES: Record<SocketRouteKind, string> = { realtime: 'realtime sessions', speech: 'streamed speech', transcription: 'streamed transcription' };

/** Everything an upgrade is answered with. */
export interface SocketUpgradeContext {
  request: Request;
  modelId: string | null;
  config: ResolvedServerConfig;
  stats: ProviderStats;
  keys: readonly StoredApiKey[];
  governance: Governance;
  generationId: string;
  /** The class that opens upstream connections (realtime); undefined when neither the server nor its adapter has one. */
  webSocket: UpstreamWebSocketClass | undefined;
}

/** An upgrade that passed every check and was admitted: the surface opens its session, or calls `call.failed`. */
export interface AdmittedUpgrade<T> {
  /** What the surface's preflight returned. */
  prepared: T;
  apiKey: StoredApiKey;
  call: GovernedCall;
  plan: RoutePlan;
  /** The subprotocol to select in the 101; undefined when the client offered none. */
  protocol: string | undefined;
  startedAt: number;
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
 * The key a handshake authenticates as: its `Authorization` header (a trusted server), else the token of
 * its `ai-gateway-auth.` subprotocol (a browser), which is a gateway key or a client secret minted for this
 * model and this kind of session. Throws 401 with the protocol's error body otherwise; never echoes the token.
 */
export async function upgradeApiKey(
  request: Request,
  counters: CounterStore,
  keys: readonly StoredApiKey[],
  modelId: string,
  kind: SocketRouteKind,
  nowSeconds: number,
): Promise<StoredApiKey> {
  const token = bearerToken(request.headers) ?? getGatewayRealtimeAuthToken(request.headers.get('sec-websocket-protocol'));
  if (!token) {
    throw unauthorized(
      `Missing credentials. Send \`Authorization: Bearer <key>\` from a server, or from a browser the subprotocols ['${SOCKET_SUBPROTOCOL[kind]}', 'ai-gateway-auth.<client secret>'] (getToken() mints the secret).`,
    );
  }
  if (isClientSecret(token)) {
    const verdict = await verifyClientSecret(counters, token, keys, modelId, nowSeconds, kind);
    if ('refused' in verdict) throw unauthorized(verdict.refused);
    return verdict.apiKey;
  }
  const key = findApiKey(keys, token);
  if (!key) throw unauthorized('Invalid API key. Use a key this gateway was configured with, or a client secret it minted.');
  return key;
}

/**
 * Checks an upgrade for `kind` sessions, authenticates it, plans its route, lets `preflight` refuse a
 * model (or a server) that cannot serve it (or return what the session needs), and admits it. Throws
 * the refusal; a refusal after the call was opened is logged against it.
 */
export async function admitUpgrade<T>(
  context: SocketUpgradeContext,
  kind: SocketRouteKind,
  preflight: (plan: RoutePlan, modelId: string) => T,
): Promise<AdmittedUpgrade<T>> {
  const { request, modelId, config, stats, keys, governance, generationId } = context;
  const startedAt = Date.now();
  const marker = SOCKET_SUBPROTOCOL[kind];
  if (request.method !== 'GET') {
    throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Open ${SESSION_NAMES[kind]} with a GET WebSocket upgrade.` });
  }
  if (!modelId) {
    const example = kind === 'realtime' ? 'openai/gpt-realtime-2' : kind === 'speech' ? 'openai/tts-1' : 'openai/gpt-4o-transcribe';
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Missing the ${MODEL_ID_HEADER} query parameter naming the ${kind} model, e.g. …/${SOCKET_ENDPOINT[kind]}?${MODEL_ID_HEADER}=${example}.`,
      param: MODEL_ID_HEADER,
    });
  }
  const offered = offeredProtocols(request.headers.get('sec-websocket-protocol'));
  // A client that offers subprotocols fails the handshake unless the answer selects one of them.
  if (offered.length > 0 && !offered.includes(marker)) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Offer the '${marker}' subprotocol (the client's protocol helpers build the list), or none when authenticating with a header.`,
    });
  }
  const apiKey = await upgradeApiKey(request, governance.counters, keys, modelId, kind, Math.floor(Date.now() / 1000));
  const team = config.governance.keyTeams.get(apiKey.name);
  const call = governance.open({ generationId, identity: parseCallIdentity({}, apiKey.name, team, request.headers), kind, model: modelId });
  try {
    const plan = planRoute(modelId, kind, {}, config, stats, apiKey.models);
    const prepared = preflight(plan, modelId);
    await call.admit();
    return { prepared, apiKey, call, plan, protocol: offered.length > 0 ? marker : undefined, startedAt };
  } catch (error) {
    call.failed(error, request.signal.aborted);
    throw error;
  }
}

/** The distinct providers of a plan's model, in routing order. */
export const planProviders = (plan: RoutePlan): string[] => [...new Set(plan.models[0]!.attempts.map((attempt) => attempt.provider))];
