import type { UsageRecord } from '../../storage/types';
import type { CounterSample, HistogramSample, MetricFamily } from './prometheus-text';

/** Seconds. Calls range from an embedding in tens of ms to long generations in minutes. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] as const;
export const FIRST_TOKEN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] as const;

/** The model label of a call for a model this gateway does not serve: clients choose those ids, so each would be a new series. */
export const UNKNOWN_MODEL = '(unknown)';

const TOKEN_TYPES = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cached_input', 'cachedInputTokens'],
  ['cache_write', 'cacheWriteTokens'],
  ['reasoning', 'reasoningTokens'],
] as const satisfies ReadonlyArray<readonly [string, keyof UsageRecord]>;

const seriesKey = (labels: readonly string[]) => labels.join('\u0000');

class CounterSeries {
  private readonly series = new Map<string, { labels: readonly string[]; value: number }>();

  add(labels: readonly string[], amount: number): void {
    const key = seriesKey(labels);
    const found = this.series.get(key);
    if (found) found.value += amount;
    else this.series.set(key, { labels, value: amount });
  }

  samples(): CounterSample[] {
    return [...this.series.values()].map(({ labels, value }) => ({ labels, value }));
  }
}

class HistogramSeries {
  private readonly series = new Map<string, { labels: readonly string[]; bucketCounts: number[]; sum: number; count: number }>();

  constructor(readonly buckets: readonly number[]) {}

  observe(labels: readonly string[], value: number): void {
    const key = seriesKey(labels);
    let found = this.series.get(key);
    if (!found) this.series.set(key, (found = { labels, bucketCounts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    const bucket = this.buckets.findIndex((bound) => value <= bound);
    if (bucket !== -1) found.bucketCounts[bucket]! += 1;
    found.sum += value;
    found.count += 1;
  }

  samples(): HistogramSample[] {
    return [...this.series.values()].map(({ labels, bucketCounts, sum, count }) => ({ labels, bucketCounts: [...bucketCounts], sum, count }));
  }
}

/** What the metrics read from elsewhere at scrape time. */
export interface GaugeReadings {
  /** False while the governance store (Redis) fails. */
  storeUp: boolean;
  pendingRecords: number;
  droppedRecords: number;
}

/**
 * This process's model calls as Prometheus metrics, from the usage record each call ends with. Per
 * replica, as Prometheus expects (it adds the `instance` label); label values come from the config
 * (keys, models, providers) or a short fixed list, so a client cannot create series at will.
 */
export class UsageMetrics {
  private readonly requests = new CounterSeries();
  private readonly attempts = new CounterSeries();
  private readonly tokens = new CounterSeries();
  private readonly cost = new CounterSeries();
  private readonly cacheHits = new CounterSeries();
  private readonly duration = new HistogramSeries(DURATION_BUCKETS);
  private readonly firstToken = new HistogramSeries(FIRST_TOKEN_BUCKETS);
  private inFlight = 0;

  constructor(private readonly servedModels: ReadonlySet<string>) {}

  /** A call passed its limits and budgets and is running. */
  callStarted(): void {
    this.inFlight += 1;
  }

  /** A call that `callStarted` ended, however it ended. */
  callEnded(): void {
    this.inFlight -= 1;
  }

  /** Counts one ended call. */
  observe(record: UsageRecord): void {
    const model = this.servedModels.has(record.model) ? record.model : UNKNOWN_MODEL;
    const provider = record.provider ?? '';
    this.requests.add([record.keyName, model, provider, record.kind, String(record.status)], 1);
    for (const attempt of record.attempts) this.attempts.add([attempt.provider, attempt.success ? 'success' : 'error'], 1);
    if (record.status !== 200) return;
    if (record.cacheHit) this.cacheHits.add([model], 1);
    this.duration.observe([record.kind, model], record.latencyMs / 1000);
    if (record.streamed) this.firstToken.observe([model], record.ttftMs / 1000);
    for (const [type, field] of TOKEN_TYPES) if (record[field] > 0) this.tokens.add([model, provider, type], record[field]);
    if (record.cost > 0) this.cost.add([record.keyName, model, provider, record.credentialType], record.cost);
  }

  families(readings: GaugeReadings): MetricFamily[] {
    return [
      { type: 'counter', name: 'modelgate_requests_total', help: 'Model calls ended, by API key name, gateway model, serving provider (empty when none served), kind and status.', labelNames: ['key', 'model', 'provider', 'kind', 'status'], samples: this.requests.samples() },
      { type: 'gauge', name: 'modelgate_requests_in_flight', help: 'Model calls admitted and not yet ended (streams until their end).', labelNames: [], samples: [{ labels: [], value: this.inFlight }] },
      { type: 'histogram', name: 'modelgate_request_duration_seconds', help: 'Whole-call time of served calls (to the end of the stream for streams).', labelNames: ['kind', 'model'], buckets: DURATION_BUCKETS, samples: this.duration.samples() },
      { type: 'histogram', name: 'modelgate_time_to_first_token_seconds', help: 'Time to the first content of served streams.', labelNames: ['model'], buckets: FIRST_TOKEN_BUCKETS, samples: this.firstToken.samples() },
      { type: 'counter', name: 'modelgate_provider_attempts_total', help: 'Upstream attempts by provider and outcome; errors are what failover moved past.', labelNames: ['provider', 'outcome'], samples: this.attempts.samples() },
      { type: 'counter', name: 'modelgate_tokens_total', help: 'Tokens of served calls, by model, provider and type.', labelNames: ['model', 'provider', 'type'], samples: this.tokens.samples() },
      { type: 'counter', name: 'modelgate_cost_usd_total', help: "Cost of served calls in USD at the provider's configured price (credential byok: paid to the provider directly).", labelNames: ['key', 'model', 'provider', 'credential'], samples: this.cost.samples() },
      { type: 'counter', name: 'modelgate_cache_hits_total', help: 'Calls answered from the response cache.', labelNames: ['model'], samples: this.cacheHits.samples() },
      { type: 'gauge', name: 'modelgate_governance_store_up', help: '0 from a failed call to the governance store (Redis) until one succeeds again, else 1.', labelNames: [], samples: [{ labels: [], value: readings.storeUp ? 1 : 0 }] },
      { type: 'gauge', name: 'modelgate_usage_records_pending', help: 'Usage records not yet written to the usage log.', labelNames: [], samples: [{ labels: [], value: readings.pendingRecords }] },
      { type: 'counter', name: 'modelgate_usage_records_dropped_total', help: 'Usage records dropped unwritten while the usage log was down.', labelNames: [], samples: [{ labels: [], value: readings.droppedRecords }] },
    ];
  }
}
