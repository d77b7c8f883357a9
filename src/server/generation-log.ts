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

/** A usage-log record as `/v1/generation` answers it. Failed calls have no provider and finish reason `error`. */
export function generationRecordOf(record: UsageRecord): GenerationRecord {
  return {
    id: record.id,
    total_cost: record.cost,
    market_cost: record.cost,
    upstream_inference_cost: record.cost,
    usage: record.cost,
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
