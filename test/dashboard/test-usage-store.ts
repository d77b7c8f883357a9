/**
 * A small in-memory UsageStore for the dashboard's tests, written against src/storage/types.ts
 * only: the real memory engine (src/storage/memory-usage-store.ts) is built on another branch.
 * Once it is on main, the tests should use it instead of this file.
 */
import type { LatencyRow, ReportQuery, ReportRow, ScopeTotal, UsageRecord, UsageStore } from '../../src/storage/types';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcHour = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}

export class TestUsageStore implements UsageStore {
  readonly records: UsageRecord[] = [];
  /** Every report query asked, for tests that check what the dashboard asks for. */
  readonly reportQueries: ReportQuery[] = [];

  async append(records: readonly UsageRecord[]): Promise<void> {
    for (const record of records) if (!this.records.some((known) => known.id === record.id)) this.records.push(structuredClone(record));
  }

  async get(id: string): Promise<UsageRecord | undefined> {
    return this.records.find((record) => record.id === id);
  }

  async report(query: ReportQuery): Promise<ReportRow[]> {
    this.reportQueries.push(query);
    const rows = new Map<string, ReportRow>();
    for (const record of this.records) {
      const day = utcDay(record.createdAt);
      if (day < query.startDate || day > query.endDate) continue;
      if (query.user !== undefined && record.user !== query.user) continue;
      if (query.model !== undefined && record.model !== query.model) continue;
      if (query.provider !== undefined && record.provider !== query.provider) continue;
      if (query.credentialType !== undefined && record.credentialType !== query.credentialType) continue;
      if (query.keyName !== undefined && record.keyName !== query.keyName) continue;
      if (query.team !== undefined && record.team !== query.team) continue;
      if (query.tags && !query.tags.some((tag) => record.tags.includes(tag))) continue;
      for (const group of this.groupsOf(record, query)) {
        const key = JSON.stringify(group);
        const row = rows.get(key) ?? {
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
        row.total_cost += record.cost;
        row.market_cost += record.cost;
        row.input_tokens += record.inputTokens;
        row.output_tokens += record.outputTokens;
        row.cached_input_tokens += record.cachedInputTokens;
        row.cache_creation_input_tokens += record.cacheWriteTokens;
        row.reasoning_tokens += record.reasoningTokens;
        row.request_count += 1;
        rows.set(key, row);
      }
    }
    return [...rows.values()];
  }

  private groupsOf(record: UsageRecord, query: ReportQuery): Partial<ReportRow>[] {
    switch (query.groupBy) {
      case 'day':
        return [query.datePart === 'hour' ? { hour: utcHour(record.createdAt) } : { day: utcDay(record.createdAt) }];
      case 'tag':
        return record.tags.map((tag) => ({ tag }));
      case 'user':
        return [{ user: record.user }];
      case 'model':
        return [{ model: record.model }];
      case 'provider':
        return [{ provider: record.provider }];
      case 'credential_type':
        return [{ credential_type: record.credentialType }];
      case 'key':
        return [{ key: record.keyName }];
      case 'team':
        return [{ team: record.team }];
    }
  }

  async recent(limit: number, filter?: { keyName?: string; team?: string }): Promise<UsageRecord[]> {
    return this.records
      .filter((record) => (filter?.keyName === undefined || record.keyName === filter.keyName) && (filter?.team === undefined || record.team === filter.team))
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit);
  }

  async latency(from: number, to: number): Promise<LatencyRow[]> {
    const byModel = new Map<string, number[]>();
    for (const record of this.records) {
      if (record.status !== 200 || record.createdAt < from || record.createdAt >= to) continue;
      byModel.set(record.model, [...(byModel.get(record.model) ?? []), record.ttftMs]);
    }
    return [...byModel].map(([model, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return { model, p50: percentile(sorted, 0.5), p75: percentile(sorted, 0.75), count: sorted.length };
    });
  }

  async totalsSince(since: number): Promise<ScopeTotal[]> {
    const totals = new Map<string, ScopeTotal>();
    const addTo = (scope: ScopeTotal['scope'], name: string | undefined, record: UsageRecord) => {
      if (name === undefined) return;
      const key = `${scope}\u0000${name}`;
      const total = totals.get(key) ?? { scope, name, cost: 0, tokens: 0 };
      total.cost += record.cost;
      total.tokens += record.inputTokens + record.outputTokens;
      totals.set(key, total);
    };
    for (const record of this.records) {
      if (record.createdAt < since) continue;
      addTo('key', record.keyName, record);
      addTo('team', record.team, record);
      addTo('user', record.user, record);
      for (const tag of record.tags) addTo('tag', tag, record);
    }
    return [...totals.values()];
  }

  async close(): Promise<void> {}
}
