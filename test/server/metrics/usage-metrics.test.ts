/** The metrics collector, directly: what one usage record adds, and which label values it allows. */
import { describe, expect, it } from 'vitest';
import { UNKNOWN_MODEL, UsageMetrics } from '../../../src/server/metrics/usage-metrics';
import type { MetricFamily } from '../../../src/server/metrics/prometheus-text';
import type { UsageRecord } from '../../../src/storage/types';

const MODEL = 'openai/gpt-4o-mini';

const record = (fields: Partial<UsageRecord> = {}): UsageRecord => ({
  id: 'gen_1',
  createdAt: 0,
  keyName: 'app',
  tags: [],
  kind: 'language',
  model: MODEL,
  provider: 'openai',
  credentialType: 'system',
  attempts: [{ provider: 'openai', model: 'gpt-4o-mini', credentialType: 'system', success: true, durationMs: 5 }],
  status: 200,
  inputTokens: 10,
  outputTokens: 4,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  cost: 0.000004,
  latencyMs: 300,
  ttftMs: 120,
  streamed: false,
  cacheHit: false,
  ...fields,
});

const readings = { storeUp: true, pendingRecords: 0, droppedRecords: 0 };
const family = (families: MetricFamily[], name: string) => families.find((candidate) => candidate.name === name)!;
const counters = (families: MetricFamily[], name: string) => {
  const found = family(families, name);
  if (found.type === 'histogram') throw new Error(`${name} is a histogram`);
  return found.samples.map((sample) => [...sample.labels, sample.value]);
};

describe('UsageMetrics', () => {
  it('a served call counts once, with its tokens, cost and duration', () => {
    const metrics = new UsageMetrics(new Set([MODEL]));
    metrics.observe(record());
    const families = metrics.families(readings);
    expect(counters(families, 'modelgate_requests_total')).toEqual([['app', MODEL, 'openai', 'language', '200', 1]]);
    expect(counters(families, 'modelgate_tokens_total')).toEqual([
      [MODEL, 'openai', 'input', 10],
      [MODEL, 'openai', 'output', 4],
    ]);
    expect(counters(families, 'modelgate_cost_usd_total')).toEqual([['app', MODEL, 'openai', 'system', 0.000004]]);
    const duration = family(families, 'modelgate_request_duration_seconds');
    expect(duration.type === 'histogram' && duration.samples).toEqual([{ labels: ['language', MODEL], bucketCounts: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], sum: 0.3, count: 1 }]);
    // Not streamed: no time to first token.
    expect(family(families, 'modelgate_time_to_first_token_seconds').samples).toEqual([]);
  });

  it('a failed over stream counts both attempts and its time to first token', () => {
    const metrics = new UsageMetrics(new Set([MODEL]));
    metrics.observe(
      record({
        provider: 'azure',
        streamed: true,
        attempts: [
          { provider: 'openai', model: 'gpt-4o-mini', credentialType: 'system', success: false, statusCode: 500, durationMs: 3 },
          { provider: 'azure', model: 'gpt-4o-mini', credentialType: 'system', success: true, durationMs: 9 },
        ],
      }),
    );
    const families = metrics.families(readings);
    expect(counters(families, 'modelgate_provider_attempts_total')).toEqual([
      ['openai', 'error', 1],
      ['azure', 'success', 1],
    ]);
    const firstToken = family(families, 'modelgate_time_to_first_token_seconds');
    expect(firstToken.type === 'histogram' && firstToken.samples.map((sample) => [sample.labels, sample.count, sample.sum])).toEqual([[[MODEL], 1, 0.12]]);
  });

  it('a model this gateway does not serve is one series, whatever id the client sent; failures add no tokens or duration', () => {
    const metrics = new UsageMetrics(new Set([MODEL]));
    for (const model of ['made/up-1', 'made/up-2']) metrics.observe(record({ model, provider: undefined, attempts: [], status: 404, inputTokens: 0, outputTokens: 0, cost: 0 }));
    const families = metrics.families(readings);
    expect(counters(families, 'modelgate_requests_total')).toEqual([['app', UNKNOWN_MODEL, '', 'language', '404', 2]]);
    expect(counters(families, 'modelgate_tokens_total')).toEqual([]);
    expect(family(families, 'modelgate_request_duration_seconds').samples).toEqual([]);
  });

  it('BYOK cost is labelled byok; a cache hit counts as a hit', () => {
    const metrics = new UsageMetrics(new Set([MODEL]));
    metrics.observe(record({ credentialType: 'byok', cost: 0.002 }));
    metrics.observe(record({ id: 'gen_2', cacheHit: true, cost: 0 }));
    const families = metrics.families(readings);
    expect(counters(families, 'modelgate_cost_usd_total')).toEqual([['app', MODEL, 'openai', 'byok', 0.002]]);
    expect(counters(families, 'modelgate_cache_hits_total')).toEqual([[MODEL, 1]]);
  });

  it('in flight counts calls started and not ended; gauges come from the readings', () => {
    const metrics = new UsageMetrics(new Set([MODEL]));
    metrics.callStarted();
    metrics.callStarted();
    metrics.callEnded();
    const families = metrics.families({ storeUp: false, pendingRecords: 7, droppedRecords: 2 });
    expect(counters(families, 'modelgate_requests_in_flight')).toEqual([[1]]);
    expect(counters(families, 'modelgate_governance_store_up')).toEqual([[0]]);
    expect(counters(families, 'modelgate_usage_records_pending')).toEqual([[7]]);
    expect(counters(families, 'modelgate_usage_records_dropped_total')).toEqual([[2]]);
  });
});
