/**
 * A realistic week of usage records for the dashboard's tests: several models, users and tags
 * (one tag is markup), a failover chain, a cache hit, a rate-limited call and a call every
 * provider failed. Deterministic: the same `now` gives the same records.
 */
import type { UsageAttempt, UsageRecord } from '../../src/storage/types';

export const NOW = Date.UTC(2026, 10, 21, 10, 30, 0);
export const MARKUP_TAG = '<script>alert("tag")</script>';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const MODELS = [
  { id: 'openai/gpt-4o', provider: 'openai', input: 2.5e-6, output: 10e-6, ttft: 420, weight: 4 },
  { id: 'anthropic/claude-sonnet-4.5', provider: 'anthropic', input: 3e-6, output: 15e-6, ttft: 610, weight: 3 },
  { id: 'openai/gpt-4o-mini', provider: 'openai', input: 0.15e-6, output: 0.6e-6, ttft: 260, weight: 5 },
  { id: 'google/gemini-2.5-flash', provider: 'google', input: 0.3e-6, output: 2.5e-6, ttft: 340, weight: 2 },
] as const;
const USERS = ['alice@acme.dev', 'bob@acme.dev', 'ci-bot', undefined] as const;
const TAG_SETS: string[][] = [['feature:chat'], ['feature:search', 'team:growth'], ['feature:chat', 'team:growth'], [], [MARKUP_TAG]];

/** A small linear congruential generator: the same sequence on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function record(fields: Partial<UsageRecord> & Pick<UsageRecord, 'id' | 'createdAt' | 'model'>): UsageRecord {
  return {
    keyName: 'team-app',
    tags: [],
    kind: 'language',
    credentialType: 'system',
    attempts: [],
    status: 200,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    latencyMs: 0,
    ttftMs: 0,
    streamed: true,
    cacheHit: false,
    ...fields,
  };
}

const success = (provider: string, model: string, durationMs: number): UsageAttempt => ({ provider, model, credentialType: 'system', success: true, statusCode: 200, durationMs });
const failure = (provider: string, model: string, statusCode: number, error: string, durationMs: number): UsageAttempt => ({
  provider,
  model,
  credentialType: 'system',
  success: false,
  statusCode,
  error,
  durationMs,
});

/** About 70 ordinary calls spread over the 7 days before `now`, then five notable recent ones. */
export function seedRecords(now = NOW): UsageRecord[] {
  const next = random(7);
  const weighted = MODELS.flatMap((model) => Array.from({ length: model.weight }, () => model));
  const records: UsageRecord[] = [];
  for (let day = 6; day >= 0; day--) {
    const calls = 6 + Math.floor(next() * 9);
    for (let call = 0; call < calls; call++) {
      const model = weighted[Math.floor(next() * weighted.length)]!;
      const createdAt = now - day * DAY - Math.floor(next() * 20 * HOUR) - 2 * HOUR;
      const inputTokens = 200 + Math.floor(next() * 4000);
      const cachedInputTokens = next() < 0.3 ? Math.floor(inputTokens * 0.6) : 0;
      const outputTokens = 50 + Math.floor(next() * 900);
      const ttftMs = Math.round(model.ttft * (0.7 + next() * 0.8));
      records.push(
        record({
          id: `gen_${day}_${call}`,
          createdAt,
          keyName: call % 3 === 0 ? 'ci' : 'team-app',
          user: USERS[Math.floor(next() * USERS.length)],
          tags: TAG_SETS[Math.floor(next() * TAG_SETS.length)]!,
          model: model.id,
          provider: model.provider,
          providerModel: model.id.split('/')[1],
          attempts: [success(model.provider, model.id.split('/')[1]!, ttftMs + 400)],
          finishReason: 'stop',
          inputTokens,
          outputTokens,
          cachedInputTokens,
          cost: (inputTokens - cachedInputTokens) * model.input + cachedInputTokens * model.input * 0.1 + outputTokens * model.output,
          latencyMs: ttftMs + outputTokens * 8,
          ttftMs,
        }),
      );
    }
  }
  records.push(
    record({
      id: 'gen_failover',
      createdAt: now - 4 * MINUTE,
      user: 'alice@acme.dev',
      tags: ['feature:chat'],
      model: 'openai/gpt-4o',
      provider: 'anthropic',
      providerModel: 'claude-sonnet-4-5',
      attempts: [failure('openai', 'gpt-4o', 500, 'Internal server error', 130), success('anthropic', 'claude-sonnet-4-5', 1890)],
      finishReason: 'stop',
      inputTokens: 1200,
      outputTokens: 340,
      cost: 1200 * 3e-6 + 340 * 15e-6,
      latencyMs: 2020,
      ttftMs: 780,
    }),
    record({
      id: 'gen_cache_hit',
      createdAt: now - 3 * MINUTE,
      user: 'bob@acme.dev',
      tags: ['feature:search', 'team:growth'],
      model: 'openai/gpt-4o-mini',
      provider: 'openai',
      finishReason: 'stop',
      inputTokens: 800,
      outputTokens: 120,
      cost: 0,
      latencyMs: 4,
      ttftMs: 3,
      cacheHit: true,
    }),
    record({
      id: 'gen_rate_limited',
      createdAt: now - 2 * MINUTE,
      user: 'ci-bot',
      tags: [MARKUP_TAG],
      model: 'anthropic/claude-sonnet-4.5',
      status: 429,
      errorType: 'rate_limit_exceeded',
      latencyMs: 1,
      streamed: false,
    }),
    record({
      id: 'gen_all_failed',
      createdAt: now - 1 * MINUTE,
      user: 'alice@acme.dev',
      tags: ['feature:chat'],
      model: 'openai/gpt-4o',
      attempts: [failure('openai', 'gpt-4o', 500, 'Internal server error', 120), failure('azure', 'gpt-4o', 503, 'Service unavailable', 90)],
      status: 502,
      errorType: 'internal_server_error',
      latencyMs: 215,
    }),
  );
  return records;
}
