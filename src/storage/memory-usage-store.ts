import type { LatencyRow, ReportQuery, ReportRow, ScopeTotal, UsageRecord, UsageStore } from './types';

export interface MemoryUsageStoreOptions {
  /** Most records kept; the oldest appended is dropped first. Default 20,000 (a few tens of MB). */
  capacity?: number;
}

const DAY_MS = 86_400_000;

/**
 * A `UsageStore` for one process: the most recent records in memory, reports computed by
 * scanning them. Nothing survives a restart; the embedded PGlite engine is the durable one.
 */
export class MemoryUsageStore implements UsageStore {
  private readonly capacity: number;
  /** Insertion order = append order; the first key is the oldest. */
  private readonly records = new Map<string, UsageRecord>();

  constructor(options: MemoryUsageStoreOptions = {}) {
    this.capacity = options.capacity ?? 20_000;
  }

  async append(records: readonly UsageRecord[]): Promise<void> {
    for (const record of records) {
      if (this.records.has(record.id)) continue;
      this.records.set(record.id, record);
    }
    while (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  async get(id: string): Promise<UsageRecord | undefined> {
    return this.records.get(id);
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    return buildReport(this.records.values(), query);
  }

  async recent(limit: number, filter: { keyName?: string; team?: string } = {}): Promise<UsageRecord[]> {
    const matching = [...this.records.values()].filter(
      (record) =>
        (filter.keyName === undefined || record.keyName === filter.keyName) && (filter.team === undefined || record.team === filter.team),
    );
    // Newest first; among equal times the later appended first (the sort is stable on the reversed list).
    return matching
      .reverse()
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, Math.max(0, limit));
  }

  async latency(from: number, to: number): Promise<LatencyRow[]> {
    const byModel = new Map<string, number[]>();
    for (const record of this.records.values()) {
      if (record.status !== 200 || record.createdAt < from || record.createdAt >= to) continue;
      const values = byModel.get(record.model) ?? [];
      values.push(record.ttftMs);
      byModel.set(record.model, values);
    }
    return [...byModel]
      .sort(([a], [b]) => compareText(a, b))
      .map(([model, values]) => {
        values.sort((a, b) => a - b);
        return { model, p50: percentile(values, 0.5), p75: percentile(values, 0.75), count: values.length };
      });
  }

  async totalsSince(since: number): Promise<ScopeTotal[]> {
    const totals = new Map<string, ScopeTotal>();
    const addTo = (scope: ScopeTotal['scope'], name: string, cost: number, tokens: number) => {
      const id = `${scope}\u0000${name}`;
      const total = totals.get(id) ?? { scope, name, cost: 0, tokens: 0 };
      total.cost += cost;
      total.tokens += tokens;
      totals.set(id, total);
    };
    for (const record of this.records.values()) {
      if (record.createdAt < since) continue;
      const cost = budgetCost(record);
      const tokens = record.inputTokens + record.outputTokens;
      addTo('key', record.keyName, cost, tokens);
      if (record.team !== undefined) addTo('team', record.team, cost, tokens);
      if (record.user !== undefined) addTo('user', record.user, cost, tokens);
      for (const tag of new Set(record.tags)) addTo('tag', tag, cost, tokens);
      if (record.quotaEntity !== undefined) addTo('entity', record.quotaEntity, cost, tokens);
    }
    return [...totals.values()];
  }

  async close(): Promise<void> {
    this.records.clear();
  }
}

/** The spend that counts against budgets: BYOK calls are paid to the provider directly, so they cost the budget nothing. */
export function budgetCost(record: UsageRecord): number {
  return record.credentialType === 'byok' ? 0 : record.cost;
}

/** Linear interpolation between closest ranks (PostgreSQL's `percentile_cont`), on sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `YYYY-MM-DD` → ms epoch of that UTC midnight. */
function utcDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function matchesQuery(record: UsageRecord, query: ReportQuery, from: number, to: number): boolean {
  if (record.createdAt < from || record.createdAt >= to) return false;
  if (query.user !== undefined && record.user !== query.user) return false;
  if (query.model !== undefined && record.model !== query.model) return false;
  if (query.provider !== undefined && record.provider !== query.provider) return false;
  if (query.credentialType !== undefined && record.credentialType !== query.credentialType) return false;
  if (query.keyName !== undefined && record.keyName !== query.keyName) return false;
  if (query.team !== undefined && record.team !== query.team) return false;
  if (query.quotaEntity !== undefined && record.quotaEntity !== query.quotaEntity) return false;
  if (query.tags !== undefined && query.tags.length > 0 && !record.tags.some((tag) => query.tags!.includes(tag))) return false;
  return true;
}

type GroupFields = Pick<ReportRow, 'day' | 'hour' | 'user' | 'model' | 'tag' | 'provider' | 'credential_type' | 'key' | 'team' | 'quota_entity'>;

/**
 * The groups one record falls in. Records without a user, team, quota entity or provider form one group whose
 * field is absent (SQL's NULL group); a record falls in one `tag` group per distinct tag and in
 * none when it has no tags (SQL's unnest).
 */
function groupsOf(record: UsageRecord, query: ReportQuery): GroupFields[] {
  switch (query.groupBy) {
    case 'day':
      return [timeGroup(record, query.datePart)];
    case 'user':
      return [record.user === undefined ? {} : { user: record.user }];
    case 'model':
      return [{ model: record.model }];
    case 'tag':
      return [...new Set(record.tags)].map((tag) => ({ tag }));
    case 'provider':
      return [record.provider === undefined ? {} : { provider: record.provider }];
    case 'credential_type':
      return [{ credential_type: record.credentialType }];
    case 'key':
      return [{ key: record.keyName }];
    case 'team':
      return [record.team === undefined ? {} : { team: record.team }];
    case 'quota_entity':
      return [record.quotaEntity === undefined ? {} : { quota_entity: record.quotaEntity }];
  }
}

/** The day (`YYYY-MM-DD`) or hour (`YYYY-MM-DDTHH:00:00Z`) a record falls in, UTC. */
function timeGroup(record: UsageRecord, datePart: ReportQuery['datePart']): GroupFields {
  const iso = new Date(record.createdAt).toISOString();
  return datePart === 'hour' ? { hour: `${iso.slice(0, 13)}:00:00Z` } : { day: iso.slice(0, 10) };
}

function groupValue(fields: GroupFields): string | undefined {
  return fields.day ?? fields.hour ?? fields.user ?? fields.model ?? fields.tag ?? fields.provider ?? fields.credential_type ?? fields.key ?? fields.team ?? fields.quota_entity;
}

/**
 * `/v1/report` over any sequence of records: filtered by the query, grouped by `groupBy`
 * (`day` by `datePart`), rows ordered by their group value ascending (the absent group last).
 * `market_cost` is every call's cost; `total_cost` is what the gateway charged, system-credential
 * calls only (a BYOK call's owner pays the provider directly).
 */
export function buildReport(records: Iterable<UsageRecord>, query: ReportQuery): ReportRow[] {
  const from = utcDayStart(query.startDate);
  const to = utcDayStart(query.endDate) + DAY_MS;
  const rows = new Map<string | undefined, ReportRow>();
  const byTime = query.byTime === true && query.groupBy !== 'day';
  for (const record of records) {
    if (!matchesQuery(record, query, from, to)) continue;
    const time = byTime ? timeGroup(record, query.datePart) : undefined;
    for (const named of groupsOf(record, query)) {
      const group = time ? { ...named, ...time } : named;
      const value = time ? JSON.stringify([groupValue(named) ?? null, groupValue(time)]) : groupValue(group);
      let row = rows.get(value);
      if (!row) {
        row = {
          ...group,
          total_cost: 0,
          market_cost: 0,
          input_tokens: 0,
          output_tokens: 0,
          cached_input_tokens: 0,
          cache_creation_input_tokens: 0,
          reasoning_tokens: 0,
          request_count: 0,
        };
        rows.set(value, row);
      }
      row.total_cost += budgetCost(record);
      row.market_cost += record.cost;
      row.input_tokens += record.inputTokens;
      row.output_tokens += record.outputTokens;
      row.cached_input_tokens += record.cachedInputTokens;
      row.cache_creation_input_tokens += record.cacheWriteTokens;
      row.reasoning_tokens += record.reasoningTokens;
      row.request_count += 1;
    }
  }
  const field = groupField(query);
  // By group value, the absent one last; then by time.
  return [...rows.values()].sort((a, b) => compareGroups(a[field], b[field]) || (byTime ? compareGroups(a.day ?? a.hour, b.day ?? b.hour) : 0));
}

/** The row field `groupBy` fills. */
function groupField(query: ReportQuery): keyof GroupFields {
  if (query.groupBy === 'day') return query.datePart === 'hour' ? 'hour' : 'day';
  return query.groupBy;
}

function compareGroups(a: string | undefined, b: string | undefined): number {
  return a === undefined ? (b === undefined ? 0 : 1) : b === undefined ? -1 : compareText(a, b);
}
