// Prometheus's text exposition format (version 0.0.4): what every Prometheus-compatible scraper reads.
// Written here rather than with a client library: those are Node-only (process metrics, `node:` imports),
// and the gateway's handler must run on edge runtimes too.

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values in the order of their family's `labelNames`. */
type LabelValues = readonly string[];

export interface CounterSample {
  labels: LabelValues;
  value: number;
}

export interface HistogramSample {
  labels: LabelValues;
  /** Observations at or under each bound of the family's `buckets`, not yet cumulative. */
  bucketCounts: readonly number[];
  sum: number;
  count: number;
}

export type MetricFamily =
  | { type: 'counter' | 'gauge'; name: string; help: string; labelNames: readonly string[]; samples: readonly CounterSample[] }
  | { type: 'histogram'; name: string; help: string; labelNames: readonly string[]; buckets: readonly number[]; samples: readonly HistogramSample[] };

/** A label value with `\`, `"` and line feeds escaped. Pure. */
export const escapeLabelValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** A HELP text with `\` and line feeds escaped. Pure. */
const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A sample value as Go's ParseFloat reads it. Pure. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelSet(names: readonly string[], values: LabelValues, extra?: [string, string]): string {
  const pairs = names.map((name, index) => `${name}="${escapeLabelValue(values[index] ?? '')}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

/** Every family as exposition text: HELP and TYPE lines, then its samples (histograms as cumulative buckets, sum and count). Pure. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type !== 'histogram') {
      for (const sample of family.samples) lines.push(`${family.name}${labelSet(family.labelNames, sample.labels)} ${formatValue(sample.value)}`);
      continue;
    }
    for (const sample of family.samples) {
      let cumulative = 0;
      family.buckets.forEach((bound, index) => {
        cumulative += sample.bucketCounts[index] ?? 0;
        lines.push(`${family.name}_bucket${labelSet(family.labelNames, sample.labels, ['le', formatValue(bound)])} ${cumulative}`);
      });
      lines.push(`${family.name}_bucket${labelSet(family.labelNames, sample.labels, ['le', '+Inf'])} ${sample.count}`);
      lines.push(`${family.name}_sum${labelSet(family.labelNames, sample.labels)} ${formatValue(sample.sum)}`);
      lines.push(`${family.name}_count${labelSet(family.labelNames, sample.labels)} ${sample.count}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
