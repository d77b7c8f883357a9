import type { LanguageModelV4Usage } from '@ai-sdk/provider';

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

/** Where finished calls go. The default keeps recent ones in memory; durable stores plug in here. */
export interface GenerationLog {
  record(entry: GenerationRecord): void;
  get(id: string): GenerationRecord | undefined;
  /** Total USD spent, for `/v1/credits`. */
  totalCost(): number;
}

export function generationRecord(fields: {
  id: string;
  model: string;
  provider: string;
  byok: boolean;
  streamed: boolean;
  finishReason: string;
  usage: LanguageModelV4Usage | undefined;
  cost: number;
  latencyMs: number;
  generationMs: number;
  createdAt: Date;
}): GenerationRecord {
  const input = fields.usage?.inputTokens;
  const output = fields.usage?.outputTokens;
  return {
    id: fields.id,
    total_cost: fields.cost,
    market_cost: fields.cost,
    upstream_inference_cost: fields.cost,
    usage: fields.cost,
    created_at: fields.createdAt.toISOString(),
    model: fields.model,
    is_byok: fields.byok,
    provider_name: fields.provider,
    streamed: fields.streamed,
    finish_reason: fields.finishReason,
    latency: fields.latencyMs,
    generation_time: fields.generationMs,
    tokens_prompt: input?.total ?? 0,
    tokens_completion: output?.total ?? 0,
    native_tokens_prompt: input?.total ?? 0,
    native_tokens_completion: output?.total ?? 0,
    native_tokens_reasoning: output?.reasoning ?? 0,
    native_tokens_cached: input?.cacheRead ?? 0,
    native_tokens_cache_creation: input?.cacheWrite ?? 0,
    billable_web_search_calls: 0,
  };
}

/** Keeps the most recent `capacity` generations in memory (oldest dropped first). */
export class MemoryGenerationLog implements GenerationLog {
  private readonly entries = new Map<string, GenerationRecord>();
  private spent = 0;

  constructor(private readonly capacity = 10_000) {}

  record(entry: GenerationRecord): void {
    this.entries.set(entry.id, entry);
    this.spent += entry.total_cost;
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get(id: string): GenerationRecord | undefined {
    return this.entries.get(id);
  }

  totalCost(): number {
    return this.spent;
  }
}
