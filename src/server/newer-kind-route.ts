import { GatewayServerError } from '../errors/gateway-server-error';
import type { NewerKindSpecVersion } from '../protocol/convert-reranking-speech-transcription';
import { stringifyWire } from '../protocol/wire-codec';
import { formatUsd } from './cost';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import { executionFor } from './route-execution';
import type { RouteAttempt } from './routing';
import { upstreamModel, upstreamProvider } from './upstream';
import { encodedJsonResponse } from './response-body';

type Kind = 'reranking' | 'speech' | 'transcription' | 'video';
type ProviderMetadata = Record<string, Record<string, unknown>>;

/** Video generation takes minutes: an attempt gets at least ai 7's own polling budget. */
const VIDEO_ATTEMPT_TIMEOUT_MS = 10 * 60_000;

/** The client's spec version, when it is one whose public client calls this kind (gw3, gw4). */
export function newerKindVersion(context: RequestContext, kind: Kind): NewerKindSpecVersion {
  if (context.version === 'v2') {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `${kind} models are served to spec 3 and 4 clients: call /v3/ai/${kind}-model or /v4/ai/${kind}-model with ai-${kind}-model-specification-version 3 or 4.`,
    });
  }
  return context.version;
}

/**
 * Runs one non-streaming call of a reranking, speech, transcription or video model: runs
 * the plan with failover, adds `providerMetadata.gateway`, records the generation and
 * returns the client's body (the upstream's raw request and response left out).
 * `signal`: what cancels the call; default the client's request, `null` for a call that outlives it (a video
 * job: `undefined` would take the default).
 */
export async function runNewerKindCall<R extends { providerMetadata?: ProviderMetadata }, B extends { [key: string]: unknown; request?: unknown; response?: unknown }>(
  context: RequestContext,
  kind: Kind,
  call: (model: unknown, signal: AbortSignal) => Promise<R>,
  toClient: (result: R) => B,
  signal: AbortSignal | null = context.request.signal,
): Promise<Omit<B, 'request' | 'response'>> {
  const { config, generationId } = context;
  const execution = executionFor(context, signal);
  const startedAt = Date.now();
  const result = await execution.run(kind === 'video' ? Math.max(config.attemptTimeoutMs, VIDEO_ATTEMPT_TIMEOUT_MS) : config.attemptTimeoutMs, async ({ attempt, signal }) => {
    return await call(upstreamModel(upstreamProvider(config, attempt), kind, attempt), signal);
  });
  const attempt: RouteAttempt = execution.finalAttempt!;
  // These kinds have no per-token usage: a call costs the serving provider's `request` price (0 without one).
  const cost = Number(attempt.pricing?.request ?? 0);
  context.recordGeneration({
    attempt,
    execution,
    usage: undefined,
    finishReason: 'stop',
    cost,
    streamed: false,
    ...wholeAnswerTimes(startedAt),
  });
  const withGateway = {
    ...result,
    providerMetadata: {
      ...result.providerMetadata,
      gateway: { ...execution.routingMetadata(), cost: formatUsd(cost), generationId },
    },
  };
  const { request: _request, response: _response, ...body } = toClient(withGateway);
  return body;
}

/** Serves one reranking, speech or transcription call as JSON (bytes as base64). */
export async function serveNewerKindCall<R extends { providerMetadata?: ProviderMetadata }>(
  context: RequestContext,
  kind: Kind,
  call: (model: unknown, signal: AbortSignal) => Promise<R>,
  toClient: (result: R) => { request?: unknown; response?: unknown },
): Promise<Response> {
  const body = await runNewerKindCall(context, kind, call, toClient);
  return encodedJsonResponse(stringifyWire(body));
}
