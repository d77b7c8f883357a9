import { budgetCost } from '../storage/memory-usage-store';
import type { UsageRecord } from '../storage/types';

/** What `/v1/generation?id=` answers for one call (the protocol's snake_case fields). */
export interface GenerationRecord {
  id: string;
  total_cost: number;
  market_cost: number;
  upstream_inference_cost: number;
  usage: number;
  created_at: string;
  model: string;
  is_byok: boolean;
  provider_name: string;
  streamed: boolean;
  finish_reason: string;
  /** Time to first token, ms. */
  latency: number;
  /** Whole call, ms. */
  generation_time: number;
  tokens_prompt: number;
  tokens_completion: number;
  native_tokens_prompt: number;
  native_tokens_completion: number;
  native_tokens_reasoning: number;
  native_tokens_cached: number;
  native_tokens_cache_creation: number;
  billable_web_search_calls: number;
}

/**
 * A usage-log record as `/v1/generation` answers it. Failed calls have no provider and finish reason `error`.
 * `total_cost` (and `usage`) is what the gateway charged: 0 for BYOK calls, whose cost at the provider's
 * price is `market_cost` and `upstream_inference_cost` (the same rule as `/v1/report`).
 */
export function generationRecordOf(record: UsageRecord): GenerationRecord {
  const charged = budgetCost(record);
  return {
    id: record.id,
    total_cost: charged,
    market_cost: record.cost,
    upstream_inference_cost: record.cost,
    usage: charged,
    created_at: new Date(record.createdAt).toISOString(),
    model: record.model,
    is_byok: record.credentialType === 'byok',
    provider_name: record.provider ?? '',
    streamed: record.streamed,
    finish_reason: record.finishReason ?? 'error',
    latency: record.ttftMs,
    generation_time: record.latencyMs,
    tokens_prompt: record.inputTokens,
    tokens_completion: record.outputTokens,
    native_tokens_prompt: record.inputTokens,
    native_tokens_completion: record.outputTokens,
    native_tokens_reasoning: record.reasoningTokens,
    native_tokens_cached: record.cachedInputTokens,
    native_tokens_cache_creation: record.cacheWriteTokens,
    billable_web_search_calls: 0,
  };
}
