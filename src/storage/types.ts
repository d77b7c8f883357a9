/**
 * The storage contract of the gateway's governance: one interface, three engines.
 *
 * - `CounterStore`: what every replica must agree on at once (rate-limit windows, concurrency
 *   slots, budget counters, cached responses). Memory for one process; Redis across replicas.
 * - `UsageStore`: the usage log and the reports built from it. Memory, embedded (PGlite file)
 *   or PostgreSQL; the two SQL engines share one set of statements.
 *
 * Engines are plain objects behind these interfaces, so the web-standard handler never imports
 * a Node-only driver: `modelgate serve` (or your own code) opens them and passes them in.
 */

/** The answer of an atomic check-and-add on a counter. */
export interface CounterTake {
  /** True when `amount` was added without passing `limit`; false when nothing was added. */
  admitted: boolean;
  /** The counter after this call (unchanged when not admitted). */
  total: number;
}

export interface CounterStore {
  /**
   * This store's clock, ms since the epoch. Windows (minute, UTC day, UTC month) are computed
   * from it, so replicas on hosts with skewed clocks still agree: Redis answers with its own time.
   */
  now(): number;
  /**
   * Adds `amount` to the integer counter `key` only when the result stays within `limit`,
   * atomically across every replica. The counter expires at `expiresAt` (ms epoch).
   */
  take(key: string, amount: number, limit: number, expiresAt: number): Promise<CounterTake>;
  /** Adds `amount` (may be negative) to the integer counter `key` and returns the new total. */
  add(key: string, amount: number, expiresAt: number): Promise<number>;
  /** Current values of counters (0 for missing ones), in the order asked. */
  read(keys: readonly string[]): Promise<number[]>;
  /**
   * Holds one of `limit` concurrency slots under `key` for `holder` until released, or until
   * `leaseMs` passes (so a crashed replica's slots come back). False when all are taken.
   */
  acquireSlot(key: string, holder: string, limit: number, leaseMs: number): Promise<boolean>;
  releaseSlot(key: string, holder: string): Promise<void>;
  /** Sets a marker that lives until `expiresAt`; true only for the call that set it (fire-once events). */
  setOnce(key: string, expiresAt: number): Promise<boolean>;
  /** A cached response, or undefined. */
  getCached(key: string): Promise<CachedResponse | undefined>;
  /** Stores a cached response until `expiresAt` (ms epoch), replacing any older one. */
  putCached(key: string, entry: CachedResponse, expiresAt: number): Promise<void>;
  close(): Promise<void>;
}

/** A stored answer of the response cache. `body` is opaque to the store (JSON text). */
export interface CachedResponse {
  storedAt: number;
  /** Served as a fresh hit until then (ms epoch). */
  freshUntil: number;
  /** Served stale, while one request refreshes it, until then (`stale-while-revalidate`). */
  staleUntil: number;
  body: string;
}

/** One upstream attempt of a call, as the usage log keeps it (the failover chain). */
export interface UsageAttempt {
  provider: string;
  model: string;
  credentialType: 'system' | 'byok';
  success: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/** One record per call, successful or not. Secrets never appear here. */
export interface UsageRecord {
  /** The generation id (`gen_…`), also the response id. */
  id: string;
  /** When the call started, ms since the epoch. */
  createdAt: number;
  /** The API key's configured name (never the key). */
  keyName: string;
  team?: string;
  /** `providerOptions.gateway.user`. */
  user?: string;
  tags: string[];
  /** `providerOptions.gateway.quotaEntityId`: the tenant whose budget the call spent. */
  quotaEntity?: string;
  /** `language`, `embedding`, `image`, … */
  kind: string;
  /** The gateway model id that was asked for. */
  model: string;
  /** The provider that served it (undefined when none did). */
  provider?: string;
  /** The provider's own model id that served it. */
  providerModel?: string;
  credentialType: 'system' | 'byok';
  attempts: UsageAttempt[];
  /** HTTP-like outcome: 200 served, otherwise the status the client got. */
  status: number;
  /** The error type when status is not 200 (e.g. `rate_limit_exceeded`). */
  errorType?: string;
  finishReason?: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** USD at the price of the provider that served it; 0 for cache hits. */
  cost: number;
  /** Whole call, ms. */
  latencyMs: number;
  /** Time to first token for streams (or to the whole answer otherwise), ms. */
  ttftMs: number;
  streamed: boolean;
  cacheHit: boolean;
  /** Only when the config turns prompt logging on. */
  prompt?: string;
  completion?: string;
}

export type ReportGroupBy = 'day' | 'user' | 'model' | 'tag' | 'provider' | 'credential_type' | 'key' | 'team' | 'quota_entity';

/** `/v1/report`'s query, parsed. Dates are UTC `YYYY-MM-DD`, both inclusive. */
export interface ReportQuery {
  startDate: string;
  endDate: string;
  groupBy: ReportGroupBy;
  /** With `groupBy: 'day'`, or with `byTime`: one row per day or per hour. */
  datePart: 'day' | 'hour';
  /**
   * With another `groupBy`: one row per group value and `datePart` bucket, carrying both (ordered by
   * group value, then time). The dashboard's per-name series in one query (not part of `/v1/report`).
   */
  byTime?: boolean;
  user?: string;
  model?: string;
  provider?: string;
  credentialType?: 'byok' | 'system';
  /** Records carrying any of these tags. */
  tags?: string[];
  /** Restricts to one key's records (non-admin keys see only their own). */
  keyName?: string;
  team?: string;
  quotaEntity?: string;
}

/** One row of `/v1/report`, in the protocol's snake_case. `day` is `YYYY-MM-DD`, `hour` ISO `YYYY-MM-DDTHH:00:00Z`. */
export interface ReportRow {
  day?: string;
  hour?: string;
  user?: string;
  model?: string;
  tag?: string;
  provider?: string;
  credential_type?: 'byok' | 'system';
  key?: string;
  team?: string;
  quota_entity?: string;
  total_cost: number;
  market_cost: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_creation_input_tokens: number;
  reasoning_tokens: number;
  request_count: number;
}

/** Time-to-first-token percentiles per model over a time range (the dashboard). */
export interface LatencyRow {
  model: string;
  p50: number;
  p75: number;
  count: number;
}

/** Spend and tokens per scope since a moment: how an embedded gateway restores its budget counters after a restart. */
export interface ScopeTotal {
  scope: 'key' | 'team' | 'user' | 'tag' | 'entity';
  name: string;
  cost: number;
  tokens: number;
}

export interface UsageStore {
  /** Appends records (the gateway batches them off the request path). Ids are unique; a repeated id is ignored. */
  append(records: readonly UsageRecord[]): Promise<void>;
  get(id: string): Promise<UsageRecord | undefined>;
  /**
   * Rows ordered by their group value ascending. Records without a user, team, quota entity or provider form one
   * row without that field (SQL's NULL group, ordered last); with `groupBy: 'tag'` a record counts
   * once per distinct tag and untagged records are left out. `market_cost` = the sum of `cost` of
   * every call; `total_cost` = what the gateway charged = the sum of `cost` of system-credential
   * calls only (BYOK calls add 0: their owner pays the provider directly).
   */
  report(query: ReportQuery): Promise<ReportRow[]>;
  /** The most recent records, newest first. */
  recent(limit: number, filter?: { keyName?: string; team?: string }): Promise<UsageRecord[]>;
  /** TTFT p50/p75 per model for successful calls created in [from, to) (ms epoch). */
  latency(from: number, to: number): Promise<LatencyRow[]>;
  /**
   * Cost and tokens (input + output) per key, team, user, tag and quota entity for records created at or after `since`.
   * `cost` counts system-credential records only (BYOK spend counts against no budget); tokens count all.
   */
  totalsSince(since: number): Promise<ScopeTotal[]>;
  close(): Promise<void>;
}
