import type { LatencyRow, ReportQuery, ReportRow, UsageRecord, UsageStore } from '../../storage/types';

export const DASHBOARD_RANGES = ['24h', '7d', '30d'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** The dashboard's time window: hourly buckets for 24h, whole UTC days otherwise. */
export interface DashboardWindow {
  range: DashboardRange;
  bucket: 'hour' | 'day';
  /** Inclusive start, ms epoch (start of the first bucket). */
  from: number;
  /** Exclusive end, ms epoch (end of the current bucket). */
  to: number;
  /** Bucket keys as `/v1/report` writes them: `YYYY-MM-DD` or `YYYY-MM-DDTHH:00:00Z`, oldest first. */
  buckets: string[];
  /** The report dates (UTC, inclusive) that cover the window. */
  startDate: string;
  endDate: string;
}

export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** USD. */
  cost: number;
}

export interface ModelUsage extends UsageTotals {
  model: string;
  /** Time to first token of successful calls, ms; undefined when none succeeded in the window. */
  ttftP50?: number;
  ttftP75?: number;
}

/** One user's or tag's use. `name` is undefined for the calls without one (no user). */
export interface GroupUsage extends UsageTotals {
  name: string | undefined;
  /** Spend per bucket (USD), aligned with `buckets`; undefined when the store cannot break it down. */
  costSeries?: number[];
}

export interface SpendSeries {
  /** A model id, or undefined for the models outside the top ones ("other models"). */
  name: string | undefined;
  /** USD per bucket, aligned with `buckets`. */
  values: number[];
}

export interface ChainStep {
  provider: string;
  model: string;
  success: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

export interface RecentCall {
  id: string;
  /** ISO time the call started. */
  createdAt: string;
  keyName: string;
  user?: string;
  tags: string[];
  model: string;
  provider?: string;
  status: number;
  errorType?: string;
  streamed: boolean;
  cacheHit: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cost: number;
  latencyMs: number;
  ttftMs: number;
  /** Every upstream attempt in order: the failover chain. */
  chain: ChainStep[];
}

export interface DashboardView {
  range: DashboardRange;
  bucket: 'hour' | 'day';
  /** ISO times of the window, `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  generatedAt: string;
  totals: UsageTotals;
  /** Spend over time: the bucket keys, the total per bucket and one stacked series per top model. */
  spendOverTime: { buckets: string[]; totals: number[]; byModel: SpendSeries[] };
  /** Sorted by spend, then requests. */
  models: ModelUsage[];
  users: GroupUsage[];
  tags: GroupUsage[];
  /** By `providerOptions.gateway.quotaEntityId` (tenants): empty when no call in the window named one. */
  quotaEntities: GroupUsage[];
  /** The latest calls, newest first (not limited to the window). */
  recent: RecentCall[];
  /** What the latest calls say about health right now. */
  recentHealth: { calls: number; failed: number; failedOver: number; cacheHits: number };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Models drawn as their own colour in the spend chart; the rest are stacked as one "other". */
export const CHART_MODELS = 6;
/** Users and tags that get a spend-over-time sparkline (one report query each). */
const SPARKLINE_GROUPS = 10;
/** For the hourly window, the most users/tags/models broken down per hour (one report query each). */
const HOURLY_GROUPS = 30;
export const RECENT_CALLS = 25;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcHour = (ms: number) => `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;

/** `?range=` → a range; absent means 7d. Anything else is an error naming the accepted values. */
export function parseDashboardRange(value: string | null): DashboardRange {
  if (value === null || value === '') return '7d';
  const range = DASHBOARD_RANGES.find((known) => known === value);
  if (range) return range;
  throw new RangeError(`Unknown dashboard range "${value}": use ?range=24h, ?range=7d or ?range=30d.`);
}

/** The window ending with the bucket that holds `now`: the last 24 hours, or the last 7 / 30 UTC days. */
export function dashboardWindow(range: DashboardRange, now: number): DashboardWindow {
  const bucket = range === '24h' ? 'hour' : 'day';
  const size = bucket === 'hour' ? HOUR : DAY;
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const to = Math.floor(now / size) * size + size;
  const from = to - count * size;
  const buckets = Array.from({ length: count }, (_, index) => (bucket === 'hour' ? utcHour : utcDay)(from + index * size));
  return { range, bucket, from, to, buckets, startDate: utcDay(from), endDate: utcDay(to - 1) };
}

/** A row's bucket key, normalised so an engine writing `…T10:00:00.000Z` still matches `…T10:00:00Z`. */
function bucketOf(row: ReportRow): string | undefined {
  if (row.hour !== undefined) {
    const time = Date.parse(row.hour);
    return Number.isNaN(time) ? row.hour : utcHour(time);
  }
  return row.day?.slice(0, 10);
}

export function emptyTotals(): UsageTotals {
  return { requests: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, cost: 0 };
}

/** Adds a report row into running totals (returns the totals). */
function addRow(totals: UsageTotals, row: ReportRow): UsageTotals {
  totals.requests += row.request_count;
  totals.inputTokens += row.input_tokens;
  totals.outputTokens += row.output_tokens;
  totals.cachedInputTokens += row.cached_input_tokens;
  totals.reasoningTokens += row.reasoning_tokens;
  totals.cost += row.total_cost;
  return totals;
}

/** Sums `group_by=day` rows whose bucket lies in the window. */
export function sumInWindow(rows: readonly ReportRow[], window: DashboardWindow): UsageTotals {
  const inWindow = new Set(window.buckets);
  return rows.reduce((totals, row) => (inWindow.has(bucketOf(row) ?? '') ? addRow(totals, row) : totals), emptyTotals());
}

/** Spend per bucket from `group_by=day` rows, aligned with the window's buckets (0 where no row). */
export function costSeries(rows: readonly ReportRow[], window: DashboardWindow): number[] {
  const index = new Map(window.buckets.map((key, position) => [key, position]));
  const values = window.buckets.map(() => 0);
  for (const row of rows) {
    const position = index.get(bucketOf(row) ?? '');
    if (position !== undefined) values[position]! += row.total_cost;
  }
  return values;
}

const bySpend = <T extends UsageTotals>(a: T, b: T) => b.cost - a.cost || b.requests - a.requests;

/** The failover chain of a record as the page shows it. */
export function recentCall(record: UsageRecord): RecentCall {
  return {
    id: record.id,
    createdAt: new Date(record.createdAt).toISOString(),
    keyName: record.keyName,
    ...(record.user !== undefined ? { user: record.user } : {}),
    tags: [...record.tags],
    model: record.model,
    ...(record.provider !== undefined ? { provider: record.provider } : {}),
    status: record.status,
    ...(record.errorType !== undefined ? { errorType: record.errorType } : {}),
    streamed: record.streamed,
    cacheHit: record.cacheHit,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cachedInputTokens: record.cachedInputTokens,
    cost: record.cost,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs,
    chain: record.attempts.map((attempt) => ({
      provider: attempt.provider,
      model: attempt.model,
      success: attempt.success,
      ...(attempt.statusCode !== undefined ? { statusCode: attempt.statusCode } : {}),
      ...(attempt.error !== undefined ? { error: attempt.error } : {}),
      durationMs: attempt.durationMs,
    })),
  };
}

/** One dimension (model, user or tag) as the store answered it: grouped rows plus per-name day/hour rows. */
export interface DimensionInput {
  /** `group_by=<dimension>` over the report dates of the window. */
  grouped: readonly ReportRow[];
  /** One name's rows per day (per hour for the 24h window), for the names asked. */
  seriesByName: ReadonlyMap<string, readonly ReportRow[]>;
}

/** Everything the store answered, before it becomes a view. */
export interface DashboardInputs {
  overall: readonly ReportRow[];
  model: DimensionInput;
  user: DimensionInput;
  tag: DimensionInput;
  quotaEntity: DimensionInput;
  latency: readonly LatencyRow[];
  recent: readonly UsageRecord[];
}

type Dimension = 'model' | 'user' | 'tag' | 'quota_entity';

/**
 * The names to break down per bucket, most spend first. For the hourly window every name (up to a
 * cap) needs its own rows, since a report's dates are whole days; for days only the top few do.
 */
export function namesToBreakDown(grouped: readonly ReportRow[], dimension: Dimension, window: DashboardWindow): string[] {
  const limit = window.bucket === 'hour' ? HOURLY_GROUPS : dimension === 'model' ? CHART_MODELS : SPARKLINE_GROUPS;
  return [...grouped]
    .sort((a, b) => b.total_cost - a.total_cost || b.request_count - a.request_count)
    .map((row) => row[dimension])
    .filter((name): name is string => name !== undefined)
    .slice(0, limit);
}

/** Per-name totals of a dimension within the window. `exclusive`: each call has at most one name (model, user), not many (tags). */
export function groupUsage(input: DimensionInput, dimension: Dimension, window: DashboardWindow, overall: UsageTotals): GroupUsage[] {
  if (window.bucket === 'day') {
    // Whole days: the grouped report is exact for the window.
    return input.grouped
      .map((row) => {
        const name = row[dimension];
        const series = name !== undefined ? input.seriesByName.get(name) : undefined;
        return { name, ...addRow(emptyTotals(), row), ...(series ? { costSeries: costSeries(series, window) } : {}) };
      })
      .sort(bySpend);
  }
  // Hours: a name's total is the sum of its hourly rows inside the window.
  const named: GroupUsage[] = [];
  for (const [name, rows] of input.seriesByName) {
    const totals = sumInWindow(rows, window);
    if (totals.requests > 0) named.push({ name, ...totals, costSeries: costSeries(rows, window) });
  }
  if (dimension !== 'tag') {
    // Calls without a name (or beyond the cap) are what is left of the overall totals.
    const rest = named.reduce(
      (left, group) => ({
        requests: left.requests - group.requests,
        inputTokens: left.inputTokens - group.inputTokens,
        outputTokens: left.outputTokens - group.outputTokens,
        cachedInputTokens: left.cachedInputTokens - group.cachedInputTokens,
        reasoningTokens: left.reasoningTokens - group.reasoningTokens,
        cost: left.cost - group.cost,
      }),
      { ...overall },
    );
    if (rest.requests > 0) named.push({ name: undefined, ...rest, cost: Math.max(0, rest.cost) });
  }
  return named.sort(bySpend);
}

/** A dimension's groups when at least one has a name: without any, there is nothing to show (the page leaves its table out). */
const onlyIfNamed = (groups: GroupUsage[]) => (groups.some((group) => group.name !== undefined) ? groups : []);

/** Builds the view from the store's answers: pure, so every number on the page is tested directly. */
export function buildDashboardView(window: DashboardWindow, inputs: DashboardInputs, now: number): DashboardView {
  const totals = sumInWindow(inputs.overall, window);
  const latencyByModel = new Map(inputs.latency.map((row) => [row.model, row]));
  const models: ModelUsage[] = groupUsage(inputs.model, 'model', window, totals)
    .filter((group): group is GroupUsage & { name: string } => group.name !== undefined)
    .map(({ name, costSeries: _series, ...usage }) => {
      const latency = latencyByModel.get(name);
      return { model: name, ...usage, ...(latency && latency.count > 0 ? { ttftP50: latency.p50, ttftP75: latency.p75 } : {}) };
    });

  const bucketTotals = costSeries(inputs.overall, window);
  const byModel: SpendSeries[] = models.slice(0, CHART_MODELS).map((model) => ({
    name: model.model,
    values: costSeries(inputs.model.seriesByName.get(model.model) ?? [], window),
  }));
  // What the top models do not explain is stacked as "other models" (cost per bucket, never negative).
  const other = bucketTotals.map((total, index) => Math.max(0, total - byModel.reduce((sum, series) => sum + series.values[index]!, 0)));
  if (other.some((value) => value > 1e-12)) byModel.push({ name: undefined, values: other });

  const recent = inputs.recent.map(recentCall);
  return {
    range: window.range,
    bucket: window.bucket,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    generatedAt: new Date(now).toISOString(),
    totals,
    spendOverTime: { buckets: window.buckets, totals: bucketTotals, byModel },
    models,
    users: groupUsage(inputs.user, 'user', window, totals),
    tags: groupUsage(inputs.tag, 'tag', window, totals),
    quotaEntities: onlyIfNamed(groupUsage(inputs.quotaEntity, 'quota_entity', window, totals)),
    recent,
    recentHealth: {
      calls: recent.length,
      failed: recent.filter((call) => call.status !== 200).length,
      // A second attempt means the first failed and the call moved on to another provider.
      failedOver: recent.filter((call) => call.chain.length > 1).length,
      cacheHits: recent.filter((call) => call.cacheHit).length,
    },
  };
}

/** Asks the store for one dimension in two queries: grouped totals, and every name's rows per bucket, kept for the names that need a series. */
async function loadDimension(usage: UsageStore, base: ReportQuery, dimension: Dimension, window: DashboardWindow): Promise<DimensionInput> {
  const [grouped, perBucket] = await Promise.all([
    usage.report({ ...base, groupBy: dimension, datePart: 'day' }),
    usage.report({ ...base, groupBy: dimension, datePart: window.bucket, byTime: true }),
  ]);
  const names = namesToBreakDown(grouped, dimension, window);
  if (perBucket.some((row) => (row.day ?? row.hour) === undefined)) {
    // A store written before `byTime` answers it as a plain grouped report: one report per name then.
    const series = await Promise.all(names.map((name) => usage.report({ ...base, ...filterFor(dimension, name), groupBy: 'day', datePart: window.bucket })));
    return { grouped, seriesByName: new Map(names.map((name, index) => [name, series[index]!])) };
  }
  const seriesByName = new Map(names.map((name): [string, ReportRow[]] => [name, []]));
  for (const row of perBucket) {
    const name = row[dimension];
    if (name !== undefined) seriesByName.get(name)?.push(row);
  }
  return { grouped, seriesByName };
}

const filterFor = (dimension: Dimension, name: string): Partial<ReportQuery> =>
  dimension === 'model' ? { model: name } : dimension === 'user' ? { user: name } : dimension === 'quota_entity' ? { quotaEntity: name } : { tags: [name] };

/** Gathers the dashboard's view for `range` from a usage store (read-only). */
export async function loadDashboard(usage: UsageStore, range: DashboardRange, now: number): Promise<DashboardView> {
  const window = dashboardWindow(range, now);
  const base: ReportQuery = { startDate: window.startDate, endDate: window.endDate, groupBy: 'day', datePart: window.bucket };
  const [overall, model, user, tag, quotaEntity, latency, recent] = await Promise.all([
    usage.report(base),
    loadDimension(usage, base, 'model', window),
    loadDimension(usage, base, 'user', window),
    loadDimension(usage, base, 'tag', window),
    loadDimension(usage, base, 'quota_entity', window),
    usage.latency(window.from, window.to),
    usage.recent(RECENT_CALLS),
  ]);
  return buildDashboardView(window, { overall, model, user, tag, quotaEntity, latency, recent }, now);
}
