/**
 * `UsageStore` over SQL: ONE set of PostgreSQL statements shared by the embedded engine (PGlite, a
 * data directory on disk) and PostgreSQL (npm `pg`). The driver is hidden behind `SqlClient`, so
 * this file stays web-standard; the thin adapters live in pglite-usage-store.ts and
 * postgres-usage-store.ts.
 *
 * Money rule of the report: `market_cost` is the cost at the serving provider's price for every
 * call; `total_cost` is what the gateway bills, i.e. without BYOK calls (their owner pays the
 * provider directly). `totalsSince` restores budget counters, so its `cost` is the billed cost too.
 */
import type { LatencyRow, ReportQuery, ReportRow, ScopeTotal, UsageAttempt, UsageRecord, UsageStore } from './types';

/** The little a SQL driver must do: run one statement with `$1…$n` parameters and return its rows. */
export interface SqlClient {
  query(text: string, params?: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface SqlUsageStoreOptions {
  /** Table name (letters, digits, `_`). Default `modelgate_usage`. */
  table?: string;
}

/** Columns in insert order; `tags` and `attempts` are passed as JSON text and converted in SQL. */
const COLUMNS = [
  'id', 'created_at', 'key_name', 'team', 'user_id', 'tags', 'kind', 'model', 'provider', 'provider_model',
  'credential_type', 'attempts', 'status', 'error_type', 'finish_reason', 'input_tokens', 'output_tokens',
  'cached_input_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost', 'latency_ms', 'ttft_ms', 'streamed',
  'cache_hit', 'prompt', 'completion', 'quota_entity',
] as const;

/** Postgres allows 65535 parameters per statement; 28 columns × 1000 rows stays well under. */
const INSERT_CHUNK = 1000;
const DAY_MS = 86_400_000;

function schema(table: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (
      id text PRIMARY KEY,
      created_at bigint NOT NULL,
      key_name text NOT NULL,
      team text,
      user_id text,
      tags text[] NOT NULL DEFAULT '{}',
      kind text NOT NULL,
      model text NOT NULL,
      provider text,
      provider_model text,
      credential_type text NOT NULL,
      attempts jsonb NOT NULL DEFAULT '[]',
      status integer NOT NULL,
      error_type text,
      finish_reason text,
      input_tokens bigint NOT NULL DEFAULT 0,
      output_tokens bigint NOT NULL DEFAULT 0,
      cached_input_tokens bigint NOT NULL DEFAULT 0,
      cache_write_tokens bigint NOT NULL DEFAULT 0,
      reasoning_tokens bigint NOT NULL DEFAULT 0,
      cost double precision NOT NULL DEFAULT 0,
      latency_ms double precision NOT NULL DEFAULT 0,
      ttft_ms double precision NOT NULL DEFAULT 0,
      streamed boolean NOT NULL DEFAULT false,
      cache_hit boolean NOT NULL DEFAULT false,
      prompt text,
      completion text,
      quota_entity text
    )`,
    // Tables created before quota entities were logged gain the column; their rows have none.
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS quota_entity text`,
    `CREATE INDEX IF NOT EXISTS ${table}_created_at_id ON ${table} (created_at, id)`,
  ];
}

function parseDate(value: string, name: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new TypeError(`usage report: ${name} must be a UTC date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return ms;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** Sums of float costs carry binary noise (0.1 + 0.2); money is kept to the nano-USD the counters use. */
const usd = (v: unknown): number => Math.round(num(v) * 1e9) / 1e9;
const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** An attempt as stored (JSON written by `append`); anything else is dropped rather than trusted. */
function toAttempt(value: unknown): UsageAttempt[] {
  if (typeof value !== 'object' || value === null) return [];
  const v: Record<string, unknown> = { ...value };
  if (typeof v.provider !== 'string' || typeof v.model !== 'string' || typeof v.success !== 'boolean') return [];
  const attempt: UsageAttempt = {
    provider: v.provider,
    model: v.model,
    credentialType: v.credentialType === 'byok' ? 'byok' : 'system',
    success: v.success,
    durationMs: num(v.durationMs),
  };
  if (typeof v.statusCode === 'number') attempt.statusCode = v.statusCode;
  if (typeof v.error === 'string') attempt.error = v.error;
  return [attempt];
}

function toRecord(row: Record<string, unknown>): UsageRecord {
  const attemptsValue = typeof row.attempts === 'string' ? JSON.parse(row.attempts) : row.attempts;
  const record: UsageRecord = {
    id: String(row.id),
    createdAt: num(row.created_at),
    keyName: String(row.key_name),
    tags: Array.isArray(row.tags) ? row.tags.map(String) : [],
    kind: String(row.kind),
    model: String(row.model),
    credentialType: row.credential_type === 'byok' ? 'byok' : 'system',
    attempts: Array.isArray(attemptsValue) ? attemptsValue.flatMap(toAttempt) : [],
    status: num(row.status),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cachedInputTokens: num(row.cached_input_tokens),
    cacheWriteTokens: num(row.cache_write_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    cost: num(row.cost),
    latencyMs: num(row.latency_ms),
    ttftMs: num(row.ttft_ms),
    streamed: row.streamed === true,
    cacheHit: row.cache_hit === true,
  };
  const optional = {
    team: str(row.team),
    user: str(row.user_id),
    provider: str(row.provider),
    providerModel: str(row.provider_model),
    errorType: str(row.error_type),
    finishReason: str(row.finish_reason),
    prompt: str(row.prompt),
    completion: str(row.completion),
    quotaEntity: str(row.quota_entity),
  };
  for (const [name, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(record, { [name]: value });
  }
  return record;
}

function toParams(r: UsageRecord): unknown[] {
  return [
    r.id, Math.round(r.createdAt), r.keyName, r.team ?? null, r.user ?? null, JSON.stringify(r.tags ?? []), r.kind, r.model,
    r.provider ?? null, r.providerModel ?? null, r.credentialType, JSON.stringify(r.attempts ?? []), Math.round(r.status),
    r.errorType ?? null, r.finishReason ?? null, Math.round(r.inputTokens), Math.round(r.outputTokens),
    Math.round(r.cachedInputTokens), Math.round(r.cacheWriteTokens), Math.round(r.reasoningTokens), r.cost, r.latencyMs,
    r.ttftMs, r.streamed, r.cacheHit, r.prompt ?? null, r.completion ?? null, r.quotaEntity ?? null,
  ];
}

/** Placeholder for column `c` at parameter `$n`: JSON text becomes text[] / jsonb in SQL, so every driver passes plain strings. */
function placeholder(column: (typeof COLUMNS)[number], n: number): string {
  if (column === 'tags') return `ARRAY(SELECT jsonb_array_elements_text($${n}::jsonb))`;
  if (column === 'attempts') return `$${n}::jsonb`;
  return `$${n}`;
}

/** Opens the store: creates the table and its index when missing, and adds columns later versions log. */
export async function openSqlUsageStore(client: SqlClient, options: SqlUsageStoreOptions = {}): Promise<UsageStore> {
  const table = options.table ?? 'modelgate_usage';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,50}$/.test(table)) {
    throw new TypeError(`usage store: table must be letters, digits and _ (got ${JSON.stringify(table)})`);
  }
  for (const statement of schema(table)) {
    try {
      await client.query(statement);
    } catch (error) {
      // Two replicas creating the table at once: one loses a catalog race; the table exists by now.
      await new Promise((r) => setTimeout(r, 100));
      try {
        await client.query(statement);
      } catch {
        throw error;
      }
    }
  }

  const billed = `CASE WHEN credential_type = 'system' THEN cost ELSE 0 END`;

  return {
    async append(records) {
      for (let start = 0; start < records.length; start += INSERT_CHUNK) {
        const chunk = records.slice(start, start + INSERT_CHUNK);
        const params: unknown[] = [];
        const rows = chunk.map((record) => {
          const values = toParams(record);
          const base = params.length;
          params.push(...values);
          return `(${COLUMNS.map((c, i) => placeholder(c, base + i + 1)).join(', ')})`;
        });
        await client.query(`INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`, params);
      }
    },

    async get(id) {
      const rows = await client.query(`SELECT * FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    async report(query: ReportQuery): Promise<ReportRow[]> {
      const from = parseDate(query.startDate, 'start_date');
      const to = parseDate(query.endDate, 'end_date') + DAY_MS;
      if (to <= from) throw new TypeError(`usage report: end_date ${query.endDate} is before start_date ${query.startDate}`);
      const params: unknown[] = [from, to];
      const where = ['created_at >= $1', 'created_at < $2'];
      const equal = (column: string, value: string | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      };
      equal('user_id', query.user);
      equal('model', query.model);
      equal('provider', query.provider);
      equal('credential_type', query.credentialType);
      equal('key_name', query.keyName);
      equal('team', query.team);
      equal('quota_entity', query.quotaEntity);
      if (query.tags && query.tags.length > 0) {
        params.push(JSON.stringify(query.tags));
        where.push(`tags && ARRAY(SELECT jsonb_array_elements_text($${params.length}::jsonb))`);
      }

      // Integer division keeps hour and day buckets exact in UTC.
      const timeGroup = query.datePart === 'hour'
        ? `to_char(to_timestamp((created_at / 3600000) * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"')`
        : `to_char(to_timestamp((created_at / 86400000) * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
      const timeField = query.datePart === 'hour' ? 'hour' : 'day';
      let group: string;
      let field: keyof ReportRow;
      let from_ = table;
      switch (query.groupBy) {
        case 'day':
          group = timeGroup;
          field = timeField;
          break;
        case 'tag':
          // A record with tags [a, b] counts under a and under b.
          from_ = `${table} CROSS JOIN LATERAL unnest(tags) AS record_tag(tag)`;
          group = 'record_tag.tag';
          field = 'tag';
          break;
        case 'user': group = 'user_id'; field = 'user'; break;
        case 'model': group = 'model'; field = 'model'; break;
        case 'provider': group = 'provider'; field = 'provider'; break;
        case 'credential_type': group = 'credential_type'; field = 'credential_type'; break;
        case 'key': group = 'key_name'; field = 'key'; break;
        case 'team': group = 'team'; field = 'team'; break;
        case 'quota_entity': group = 'quota_entity'; field = 'quota_entity'; break;
        default:
          throw new TypeError(`usage report: unknown group_by ${JSON.stringify(query.groupBy)}`);
      }
      const byTime = query.byTime === true && query.groupBy !== 'day';
      const rows = await client.query(
        `SELECT ${group} AS grp, ${byTime ? timeGroup : 'NULL'} AS bucket,
           sum(${billed})::float8 AS total_cost,
           sum(cost)::float8 AS market_cost,
           sum(input_tokens)::float8 AS input_tokens,
           sum(output_tokens)::float8 AS output_tokens,
           sum(cached_input_tokens)::float8 AS cached_input_tokens,
           sum(cache_write_tokens)::float8 AS cache_creation_input_tokens,
           sum(reasoning_tokens)::float8 AS reasoning_tokens,
           count(*)::float8 AS request_count
         FROM ${from_}
         WHERE ${where.join(' AND ')}
         GROUP BY 1, 2
         ORDER BY 1 ASC NULLS LAST, 2 ASC`,
        params,
      );
      return rows.map((row) => {
        const out: ReportRow = {
          total_cost: usd(row.total_cost),
          market_cost: usd(row.market_cost),
          input_tokens: num(row.input_tokens),
          output_tokens: num(row.output_tokens),
          cached_input_tokens: num(row.cached_input_tokens),
          cache_creation_input_tokens: num(row.cache_creation_input_tokens),
          reasoning_tokens: num(row.reasoning_tokens),
          request_count: num(row.request_count),
        };
        const value = str(row.grp);
        const bucket = byTime ? { [timeField]: str(row.bucket) } : {};
        // A missing user/team/quota entity/provider forms its own row, without that field.
        return value === undefined ? { ...bucket, ...out } : { [field]: value, ...bucket, ...out };
      });
    },

    async recent(limit, filter) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (filter?.keyName !== undefined) {
        params.push(filter.keyName);
        where.push(`key_name = $${params.length}`);
      }
      if (filter?.team !== undefined) {
        params.push(filter.team);
        where.push(`team = $${params.length}`);
      }
      params.push(Math.max(0, Math.floor(limit)));
      const rows = await client.query(
        `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(toRecord);
    },

    async latency(from, to): Promise<LatencyRow[]> {
      const rows = await client.query(
        `SELECT model,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft_ms) AS p50,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY ttft_ms) AS p75,
           count(*)::float8 AS count
         FROM ${table}
         WHERE status = 200 AND created_at >= $1 AND created_at < $2
         GROUP BY model
         ORDER BY model`,
        [Math.floor(from), Math.ceil(to)],
      );
      return rows.map((row) => ({ model: String(row.model), p50: num(row.p50), p75: num(row.p75), count: num(row.count) }));
    },

    async totalsSince(since): Promise<ScopeTotal[]> {
      const totals = `sum(${billed})::float8 AS cost, sum(input_tokens + output_tokens)::float8 AS tokens`;
      const rows = await client.query(
        `SELECT 'key' AS scope, key_name AS name, ${totals} FROM ${table} WHERE created_at >= $1 GROUP BY key_name
         UNION ALL
         SELECT 'team', team, ${totals} FROM ${table} WHERE created_at >= $1 AND team IS NOT NULL GROUP BY team
         UNION ALL
         SELECT 'user', user_id, ${totals} FROM ${table} WHERE created_at >= $1 AND user_id IS NOT NULL GROUP BY user_id
         UNION ALL
         SELECT 'tag', record_tag.tag, ${totals} FROM ${table} CROSS JOIN LATERAL unnest(tags) AS record_tag(tag)
           WHERE created_at >= $1 GROUP BY record_tag.tag
         UNION ALL
         SELECT 'entity', quota_entity, ${totals} FROM ${table} WHERE created_at >= $1 AND quota_entity IS NOT NULL GROUP BY quota_entity
         ORDER BY 1, 2`,
        [Math.floor(since)],
      );
      return rows.map((row) => ({
        scope: row.scope === 'team' || row.scope === 'user' || row.scope === 'tag' || row.scope === 'entity' ? row.scope : 'key',
        name: String(row.name),
        cost: usd(row.cost),
        tokens: num(row.tokens),
      }));
    },

    close: () => client.close(),
  };
}
