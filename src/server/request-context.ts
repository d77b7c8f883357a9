import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { SpecificationVersion } from '../protocol/spec-versions';
import type { StoredApiKey } from './api-keys';
import type { ResolvedServerConfig } from './config';
import type { GovernedCall } from './governance/governance';
import type { ResponseCache } from './governance/response-cache';
import type { ProviderStats } from './provider-stats';
import type { RouteExecution } from './route-execution';
import type { RouteAttempt, RoutePlan } from './routing';

/** What a finished call reports for the usage log. */
export interface FinishedCall {
  attempt: RouteAttempt;
  /** The failover chain (none for a cache hit). */
  execution?: RouteExecution;
  usage: LanguageModelV4Usage | undefined;
  finishReason: string;
  cost: number;
  streamed: boolean;
  /** Time to first token (streams) or to the whole answer, ms. */
  latencyMs: number;
  generationMs: number;
  /** Served from the response cache (costs nothing). */
  cacheHit?: boolean;
  /** The completion text, kept only when `usageLog.storePrompts` is on. */
  completion?: string;
}

/** The times of a call whose answer came whole (no first token before the rest): its latency is its generation time. */
export function wholeAnswerTimes(startedAt: number): Pick<FinishedCall, 'latencyMs' | 'generationMs'> {
  const elapsedMs = Date.now() - startedAt;
  return { latencyMs: elapsedMs, generationMs: elapsedMs };
}

/** Everything a model route needs about the request it serves, checked and planned. */
export interface RequestContext {
  request: Request;
  config: ResolvedServerConfig;
  stats: ProviderStats;
  /** The spec version the client speaks. */
  version: SpecificationVersion;
  modelId: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  plan: RoutePlan;
  /** `providerOptions.gateway` as the call sent it (checked). */
  gatewayOptions: Record<string, unknown>;
  generationId: string;
  apiKey: StoredApiKey;
  /** Reports the served call to the usage log, limits and budgets (a stream at its finish part). */
  recordGeneration(call: FinishedCall): void;
  /** This call's governance ledger: how a stream or a cache hit reports its end. */
  call: GovernedCall;
  responseCache: ResponseCache;
}
