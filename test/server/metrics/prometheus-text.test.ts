/** The Prometheus text exposition writer, directly: escaping, numbers, cumulative histogram buckets. */
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, formatValue, renderExposition } from '../../../src/server/metrics/prometheus-text';

describe('renderExposition', () => {
  it('writes HELP and TYPE, then one line per series, label values escaped', () => {
    const text = renderExposition([
      {
        type: 'counter',
        name: 'demo_total',
        help: 'Demo calls.\nSecond line \\ here.',
        labelNames: ['model', 'status'],
        samples: [
          { labels: ['a/b', '200'], value: 3 },
          { labels: ['say "hi"\\\n', '500'], value: 0.5 },
        ],
      },
      { type: 'gauge', name: 'demo_up', help: 'Up.', labelNames: [], samples: [{ labels: [], value: 1 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP demo_total Demo calls.\\nSecond line \\\\ here.',
        '# TYPE demo_total counter',
        'demo_total{model="a/b",status="200"} 3',
        'demo_total{model="say \\"hi\\"\\\\\\n",status="500"} 0.5',
        '# HELP demo_up Up.',
        '# TYPE demo_up gauge',
        'demo_up 1',
        '',
      ].join('\n'),
    );
  });

  it('writes histograms as cumulative buckets with +Inf, then sum and count', () => {
    const text = renderExposition([
      {
        type: 'histogram',
        name: 'demo_seconds',
        help: 'Durations.',
        labelNames: ['model'],
        buckets: [0.1, 1],
        // 0.05 and 0.07 under 0.1, 0.5 under 1, 7 over every bound.
        samples: [{ labels: ['m'], bucketCounts: [2, 1], sum: 7.62, count: 4 }],
      },
    ]);
    expect(text.split('\n').slice(2, -1)).toEqual([
      'demo_seconds_bucket{model="m",le="0.1"} 2',
      'demo_seconds_bucket{model="m",le="1"} 3',
      'demo_seconds_bucket{model="m",le="+Inf"} 4',
      'demo_seconds_sum{model="m"} 7.62',
      'demo_seconds_count{model="m"} 4',
    ]);
  });

  it('a family with no series yet still declares itself', () => {
    expect(renderExposition([{ type: 'counter', name: 'none_total', help: 'Nothing yet.', labelNames: ['a'], samples: [] }])).toBe('# HELP none_total Nothing yet.\n# TYPE none_total counter\n');
  });
});

describe('formatValue and escapeLabelValue', () => {
  it('spells infinities and NaN as Prometheus reads them', () => {
    expect([formatValue(Infinity), formatValue(-Infinity), formatValue(Number.NaN), formatValue(1e-7), formatValue(42)]).toEqual(['+Inf', '-Inf', 'NaN', '1e-7', '42']);
  });

  it('escapes backslash, double quote and line feed only', () => {
    expect(escapeLabelValue('a\\b"c\nd\te')).toBe('a\\\\b\\"c\\nd\te');
  });
});
