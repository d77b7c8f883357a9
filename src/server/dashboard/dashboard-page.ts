import { CHART_MODELS, DASHBOARD_RANGES, type ChainStep, type DashboardRange, type DashboardView, type GroupUsage, type RecentCall } from './dashboard-data';
import { html, type SafeHtml } from './html';

// Colours of the top models in the spend chart and the model table (then grey for the rest).
const MODEL_COLOURS = ['#4f6bed', '#e8833a', '#2a9d8f', '#c2417a', '#8a6bd1', '#c9a227'];
const OTHER_COLOUR = '#b8bec8';
const RANGE_LABELS: Record<DashboardRange, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };
/** Rows shown in the user and tag tables before "N more". */
const GROUP_ROWS = 12;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** USD for people: `$1,234.56`, `$0.0042` for small amounts, `<$0.0001` below that. */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount < 0.0001) return '<$0.0001';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${dollars.format(amount)}`;
}

/** Token counts: `950`, `12,400`, `1.24M`. */
export function formatTokens(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(2)}B`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(2)}M`;
  if (count >= 100_000) return `${(count / 1e3).toFixed(0)}k`;
  return integer.format(count);
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
const bucketLabel = (key: string) => (key.length > 10 ? `${key.slice(11, 16)}` : dayLabel(key));

/** "14:32:05" for today (UTC), "Nov 20 14:32" before. */
function callTime(iso: string, nowIso: string): string {
  return iso.slice(0, 10) === nowIso.slice(0, 10) ? iso.slice(11, 19) : `${dayLabel(iso)} ${iso.slice(11, 16)}`;
}

function windowLabel(view: DashboardView): string {
  const last = new Date(Date.parse(view.to) - 1).toISOString();
  if (view.bucket === 'hour') return `${dayLabel(view.from)} ${view.from.slice(11, 16)} – ${dayLabel(last)} ${view.to.slice(11, 16)} UTC`;
  return `${dayLabel(view.from)} – ${dayLabel(last)}, ${last.slice(0, 4)} (UTC)`;
}

/** The failover chain as `openai ✗ 500 → anthropic ✓`; a cache hit has no attempts. */
export function chainText(call: Pick<RecentCall, 'chain' | 'cacheHit' | 'status'>): string {
  if (call.chain.length === 0) return call.cacheHit ? 'cache ✓' : call.status === 200 ? '—' : 'not sent';
  return call.chain.map(stepText).join(' → ');
}

function stepText(step: ChainStep): string {
  return step.success ? `${step.provider} ✓` : `${step.provider} ✗${step.statusCode !== undefined ? ` ${step.statusCode}` : ''}`;
}

function chainCell(call: RecentCall): SafeHtml {
  if (call.chain.length === 0) {
    if (call.cacheHit) return html`<span class="step cache" title="Served from the response cache">cache ✓</span>`;
    return html`<span class="muted" title="Refused before any provider was tried">${chainText(call)}</span>`;
  }
  return html`${call.chain.map(
    (step, index) =>
      html`${index > 0 ? html`<span class="arrow">→</span>` : ''}<span class="step ${step.success ? 'ok' : 'failed'}" title="${step.model} · ${formatMs(step.durationMs)}${step.error ? ` · ${step.error}` : ''}">${stepText(step)}</span>`,
  )}`;
}

function statusCell(call: RecentCall): SafeHtml {
  if (call.status === 200) return html`<span class="pill ok">${call.cacheHit ? 'cached' : 'ok'}</span>`;
  // Error types break at their underscores, not mid-word, in the narrow column.
  const errorType = call.errorType?.split('_').map((part, index) => html`${index > 0 ? html`_<wbr>` : ''}${part}`);
  return html`<span class="pill failed">${call.status}</span>${errorType ? html`<div class="sub error-type">${errorType}</div>` : ''}`;
}

const tagPills = (tags: readonly string[]) => (tags.length === 0 ? html`<span class="muted">—</span>` : html`${tags.map((tag) => html`<span class="tag">${tag}</span>`)}`);

/** A gridline step of 1, 2, 2.5 or 5 × a power of ten such that four steps reach `max`. */
export function niceStep(max: number): number {
  if (!(max > 0)) return 0.25;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 2.5, 5]) if (step * power >= raw * (1 - 1e-9)) return step * power;
  return 10 * power;
}

/** Axis money with as many decimals as the step needs to be exact: `$0.025`, `$0.50`, `$7.5`, `$150`. */
export function axisUsd(value: number, step: number): string {
  if (value === 0) return '$0';
  let decimals = step < 1 ? 2 : 0;
  while (decimals < 9 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return `$${value.toFixed(decimals)}`;
}

function spendChart(view: DashboardView, colours: ReadonlyMap<string | undefined, string>): SafeHtml {
  const { buckets, totals, byModel } = view.spendOverTime;
  const width = 1160;
  const height = 260;
  const left = 64;
  const bottom = 28;
  const top = 12;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const step = niceStep(Math.max(...totals));
  const max = step * 4;
  const band = plotWidth / buckets.length;
  const barWidth = Math.max(2, band * 0.68);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const labelEvery = Math.ceil(buckets.length / 12);

  const grid = [0, 1, 2, 3, 4].map(
    (steps) =>
      html`<line x1="${left}" x2="${width - 8}" y1="${y(step * steps).toFixed(1)}" y2="${y(step * steps).toFixed(1)}" class="grid"/><text x="${left - 8}" y="${(y(step * steps) + 4).toFixed(1)}" class="axis" text-anchor="end">${axisUsd(step * steps, step)}</text>`,
  );
  const bars = buckets.map((bucket, index) => {
    const x = left + index * band + (band - barWidth) / 2;
    let base = 0;
    const segments = byModel.map((series) => {
      const value = series.values[index]!;
      if (value <= 0) return '';
      const segment = html`<rect x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(0.5, y(base) - y(base + value)).toFixed(1)}" fill="${colours.get(series.name) ?? OTHER_COLOUR}"><title>${series.name ?? 'other models'} · ${bucketLabel(bucket)}: ${formatUsd(value)}</title></rect>`;
      base += value;
      return segment;
    });
    const label =
      index % labelEvery === 0 ? html`<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - 8}" class="axis" text-anchor="middle">${bucketLabel(bucket)}</text>` : '';
    return html`<g><title>${bucketLabel(bucket)}: ${formatUsd(totals[index]!)}</title>${segments}</g>${label}`;
  });
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Spend per ${view.bucket} by model">${grid}${bars}</svg>`;
}

function legend(view: DashboardView, colours: ReadonlyMap<string | undefined, string>): SafeHtml {
  return html`<ul class="legend">${view.spendOverTime.byModel.map(
    (series) => html`<li><span class="swatch" style="background:${colours.get(series.name) ?? OTHER_COLOUR}"></span>${series.name ?? 'other models'}</li>`,
  )}</ul>`;
}

function sparkline(values: readonly number[] | undefined): SafeHtml {
  if (!values || values.length === 0) return html``;
  const width = 96;
  const height = 22;
  const max = Math.max(...values);
  const band = width / values.length;
  const bars = values.map((value, index) => {
    if (!(value > 0 && max > 0)) return '';
    const barHeight = Math.max(1.5, (value / max) * height);
    return html`<rect x="${(index * band + band * 0.15).toFixed(1)}" y="${(height - barHeight).toFixed(1)}" width="${(band * 0.7).toFixed(1)}" height="${barHeight.toFixed(1)}"/>`;
  });
  return html`<svg class="spark" viewBox="0 0 ${width} ${height}" aria-hidden="true">${bars}</svg>`;
}

function groupTable(title: string, groups: readonly GroupUsage[], noName: string, totalCost: number, note: string): SafeHtml {
  const shown = groups.slice(0, GROUP_ROWS);
  const body =
    groups.length === 0
      ? html`<p class="empty-note">${note}</p>`
      : html`<table class="fixed">
          <colgroup><col><col style="width:76px"><col style="width:68px"><col style="width:72px"><col style="width:52px"><col style="width:112px"></colgroup>
          <thead><tr><th>${title.replace('Spend by ', '').replace(/^./, (c) => c.toUpperCase())}</th><th class="num">Requests</th><th class="num">Tokens</th><th class="num">Spend</th><th class="num">Share</th><th>Trend</th></tr></thead>
          <tbody>${shown.map(
            (group) => html`<tr>
              <td class="name">${group.name ?? html`<span class="muted">${noName}</span>`}</td>
              <td class="num">${integer.format(group.requests)}</td>
              <td class="num">${formatTokens(group.inputTokens + group.outputTokens)}</td>
              <td class="num strong">${formatUsd(group.cost)}</td>
              <td class="num">${totalCost > 0 ? `${Math.round((group.cost / totalCost) * 100)}%` : '—'}</td>
              <td>${sparkline(group.costSeries)}</td>
            </tr>`,
          )}</tbody>
        </table>${groups.length > shown.length ? html`<p class="more">and ${groups.length - shown.length} more (see data.json)</p>` : ''}`;
  return html`<section class="card"><h2>${title}</h2>${body}</section>`;
}

function modelTable(view: DashboardView, colours: ReadonlyMap<string | undefined, string>): SafeHtml {
  if (view.models.length === 0) return html`<p class="empty-note">No model was called in this window.</p>`;
  return html`<table>
    <thead><tr><th>Model</th><th class="num">Requests</th><th class="num">Input tokens</th><th class="num">Output tokens</th><th class="num">Cached input</th><th class="num">Spend</th><th class="share-col">Share of spend</th><th class="num">TTFT p50</th><th class="num">TTFT p75</th></tr></thead>
    <tbody>${view.models.map((model) => {
      const share = view.totals.cost > 0 ? model.cost / view.totals.cost : 0;
      return html`<tr>
        <td class="name"><span class="swatch" style="background:${colours.get(model.model) ?? OTHER_COLOUR}"></span>${model.model}</td>
        <td class="num">${integer.format(model.requests)}</td>
        <td class="num">${formatTokens(model.inputTokens)}</td>
        <td class="num">${formatTokens(model.outputTokens)}</td>
        <td class="num">${formatTokens(model.cachedInputTokens)}</td>
        <td class="num strong">${formatUsd(model.cost)}</td>
        <td class="share-col"><span class="share"><span style="width:${(share * 100).toFixed(1)}%"></span></span>${Math.round(share * 100)}%</td>
        <td class="num">${model.ttftP50 !== undefined ? formatMs(model.ttftP50) : html`<span class="muted">—</span>`}</td>
        <td class="num">${model.ttftP75 !== undefined ? formatMs(model.ttftP75) : html`<span class="muted">—</span>`}</td>
      </tr>`;
    })}</tbody>
  </table>`;
}

function recentTable(view: DashboardView): SafeHtml {
  if (view.recent.length === 0) return html`<p class="empty-note">No calls yet.</p>`;
  return html`<table class="recent fixed">
    <colgroup><col style="width:92px"><col style="width:200px"><col style="width:128px"><col style="width:140px"><col><col style="width:128px"><col style="width:104px"><col style="width:118px"><col style="width:64px"></colgroup>
    <thead><tr><th>Time (UTC)</th><th>Model</th><th>User</th><th>Tags</th><th>Route</th><th>Status</th><th class="num">Tokens in / out</th><th class="num">TTFT / total</th><th class="num">Cost</th></tr></thead>
    <tbody>${view.recent.map(
      (call) => html`<tr class="${call.status === 200 ? '' : 'row-failed'}">
        <td class="time" title="${call.createdAt} · ${call.id} · key ${call.keyName}">${callTime(call.createdAt, view.generatedAt)}</td>
        <td>${call.model}</td>
        <td>${call.user ?? html`<span class="muted">—</span>`}</td>
        <td>${tagPills(call.tags)}</td>
        <td class="chain">${chainCell(call)}</td>
        <td>${statusCell(call)}</td>
        <td class="num">${formatTokens(call.inputTokens)} / ${formatTokens(call.outputTokens)}${call.cachedInputTokens > 0 ? html`<div class="sub">${formatTokens(call.cachedInputTokens)} cached</div>` : ''}</td>
        <td class="num">${call.status === 200 ? formatMs(call.ttftMs) : html`<span class="muted">—</span>`} / ${formatMs(call.latencyMs)}</td>
        <td class="num">${formatUsd(call.cost)}</td>
      </tr>`,
    )}</tbody>
  </table>`;
}

function totalsCards(view: DashboardView): SafeHtml {
  const { totals, recentHealth } = view;
  const namedUsers = view.users.filter((user) => user.name !== undefined).length;
  const cachedShare = totals.inputTokens > 0 ? Math.round((totals.cachedInputTokens / totals.inputTokens) * 100) : 0;
  return html`<section class="totals">
    <div class="stat"><div class="label">Spend</div><div class="value" data-stat="spend">${formatUsd(totals.cost)}</div><div class="sub">${totals.requests > 0 ? `${formatUsd(totals.cost / totals.requests)} per request` : 'no requests'}</div></div>
    <div class="stat"><div class="label">Requests</div><div class="value" data-stat="requests">${integer.format(totals.requests)}</div><div class="sub">${view.models.length} model${view.models.length === 1 ? '' : 's'}, ${namedUsers} user${namedUsers === 1 ? '' : 's'}</div></div>
    <div class="stat"><div class="label">Input tokens</div><div class="value" data-stat="input-tokens">${formatTokens(totals.inputTokens)}</div><div class="sub">${formatTokens(totals.cachedInputTokens)} cached (${cachedShare}%)</div></div>
    <div class="stat"><div class="label">Output tokens</div><div class="value" data-stat="output-tokens">${formatTokens(totals.outputTokens)}</div><div class="sub">${formatTokens(totals.reasoningTokens)} reasoning</div></div>
    <div class="stat"><div class="label">Latest ${recentHealth.calls} calls</div><div class="value ${recentHealth.failed > 0 ? 'bad' : 'good'}" data-stat="failed">${recentHealth.failed} failed</div><div class="sub">${recentHealth.failedOver} failover${recentHealth.failedOver === 1 ? '' : 's'} · ${recentHealth.cacheHits} cache hit${recentHealth.cacheHits === 1 ? '' : 's'}</div></div>
  </section>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2330;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 20px 48px}
header{display:flex;align-items:flex-end;justify-content:space-between;gap:16px;margin-bottom:20px}
h1{font-size:22px;margin:0}
h1 .brand{color:#4f6bed}
.window{color:#5b6475;margin-top:4px}
nav{display:flex;gap:4px;align-items:center}
nav a{padding:6px 12px;border-radius:6px;color:#39424f;text-decoration:none;border:1px solid #d6dae1;background:#fff}
nav a.active{background:#1d2330;color:#fff;border-color:#1d2330}
nav a.json{border:none;background:none;color:#5b6475;text-decoration:underline;margin-left:8px}
h2{font-size:15px;margin:0 0 12px}
.card{background:#fff;border:1px solid #e1e4ea;border-radius:10px;padding:16px;margin-bottom:18px}
.totals{display:grid;grid-template-columns:repeat(5,1fr);gap:14px;margin-bottom:18px}
.stat{background:#fff;border:1px solid #e1e4ea;border-radius:10px;padding:14px 16px}
.stat .label{color:#5b6475;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.stat .value{font-size:26px;font-weight:650;margin:4px 0 2px;font-variant-numeric:tabular-nums}
.stat .value.bad{color:#c0392b}.stat .value.good{color:#23875a}
.sub{color:#6b7485;font-size:12px}
table.fixed td .error-type{overflow-wrap:normal}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.grid2 .card{margin-bottom:0}
.grid2{margin-bottom:18px}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th{text-align:left;font-weight:600;color:#5b6475;font-size:12px;border-bottom:1px solid #e1e4ea;padding:6px 8px;white-space:nowrap}
td{padding:7px 8px;border-bottom:1px solid #f0f1f4;vertical-align:top}
tbody tr:last-child td{border-bottom:none}
.num{text-align:right;white-space:nowrap}
.strong{font-weight:600}
.name{overflow-wrap:anywhere}
table.fixed{table-layout:fixed}
table.fixed td{overflow-wrap:anywhere}
.muted{color:#98a0ad}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:7px;vertical-align:baseline}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:8px 0 0;color:#39424f}
.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:#eceef2}
.chart .axis{fill:#6b7485;font-size:11px}
.share{display:inline-block;width:90px;height:8px;background:#eceef2;border-radius:4px;margin-right:8px;vertical-align:middle;overflow:hidden}
.share span{display:block;height:100%;background:#4f6bed}
.share-col{white-space:nowrap}
.spark{width:96px;height:22px;display:block}
.spark rect{fill:#4f6bed}
.tag{display:inline-block;max-width:100%;background:#eef0fb;color:#3b4bb0;border-radius:4px;padding:0 6px;margin:0 4px 2px 0;font-size:12px;overflow-wrap:anywhere}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
.pill.ok{background:#e3f4ea;color:#1e7a4f}
.pill.failed{background:#fbe7e5;color:#b0342a}
.step{white-space:nowrap;font-weight:600}
.step.ok{color:#1e7a4f}.step.failed{color:#b0342a}.step.cache{color:#3b4bb0}
.arrow{color:#98a0ad;margin:0 5px}
.recent td{font-size:13px;padding:6px 6px}
.recent th{padding:6px 6px}
.recent .time{white-space:nowrap;color:#39424f}
.row-failed{background:#fffafa}
.empty-note{color:#6b7485;margin:4px 0}
.more{color:#6b7485;font-size:12px;margin:8px 0 0}
.empty{text-align:center;padding:56px 24px}
.empty h2{font-size:18px}
.empty p{color:#5b6475;max-width:560px;margin:8px auto}
code{background:#f0f1f4;border-radius:4px;padding:1px 5px}
footer{color:#98a0ad;font-size:12px;margin-top:8px}
`;

export interface DashboardPageOptions {
  /** The dashboard's path (links to ranges and data.json are built from it). */
  basePath: string;
}

/** The whole dashboard as one self-contained HTML page: inline CSS and SVG, no scripts, no external assets. */
export function renderDashboardPage(view: DashboardView, options: DashboardPageOptions): string {
  const colours = new Map<string | undefined, string>(view.models.slice(0, CHART_MODELS).map((model, index) => [model.model, MODEL_COLOURS[index]!]));
  const hasTraffic = view.totals.requests > 0 || view.recent.length > 0;
  const rangeLinks = DASHBOARD_RANGES.map(
    (range) => html`<a href="${options.basePath}?range=${range}" class="${range === view.range ? 'active' : ''}">${range}</a>`,
  );
  const content = hasTraffic
    ? html`${totalsCards(view)}
      <section class="card">
        <h2>Spend per ${view.bucket} by model</h2>
        ${view.totals.cost > 0 ? html`${spendChart(view, colours)}${legend(view, colours)}` : html`<p class="empty-note">No spend in this window${view.totals.requests > 0 ? ' (every call was free or served from the cache)' : ''}.</p>`}
      </section>
      <section class="card"><h2>Models</h2>${modelTable(view, colours)}</section>
      <div class="grid2">
        ${groupTable('Spend by user', view.users, '(no user)', view.totals.cost, 'No calls named a user (providerOptions.gateway.user).')}
        ${groupTable('Spend by tag', view.tags, '(no tag)', view.totals.cost, 'No calls carried tags (providerOptions.gateway.tags).')}
      </div>
      ${view.quotaEntities.length > 0 ? groupTable('Spend by quota entity', view.quotaEntities, '(no quota entity)', view.totals.cost, '') : ''}
      <section class="card"><h2>Latest calls</h2>${recentTable(view)}</section>`
    : html`<section class="card empty">
        <h2>No traffic yet</h2>
        <p>Nothing was called through this gateway in the ${RANGE_LABELS[view.range].toLowerCase()}. Calls appear here a few seconds after they finish, with their model, user, tags, tokens, cost and failover route.</p>
        <p>Try a wider range above, or send a request with <code>providerOptions.gateway.user</code> and <code>tags</code> to see spend attributed.</p>
      </section>`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>modelgate · usage · ${RANGE_LABELS[view.range]}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <header>
    <div>
      <h1><span class="brand">modelgate</span> usage</h1>
      <div class="window">${RANGE_LABELS[view.range]} · ${windowLabel(view)}</div>
    </div>
    <nav aria-label="Time range">${rangeLinks}<a class="json" href="${options.basePath}/data.json?range=${view.range}">data.json</a></nav>
  </header>
  ${content}
  <footer>Generated ${view.generatedAt.slice(0, 19).replace('T', ' ')} UTC. Spend is what the serving provider charges at the configured prices; cache hits cost nothing.</footer>
</main>
</body>
</html>
`;
  return page.value;
}
