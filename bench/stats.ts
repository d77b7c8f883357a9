// The statistics the server benches share (bench:server, its Portkey phase, bench:governance).

/** Nearest-rank percentile. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The median of per-round figures (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Per-round figures: their median, range, and the rounds themselves. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  rounds: number[];
}

export const spread = (rounds: number[]): Spread => ({ median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), rounds });

/** `list` started at `by`: the order of paths rotates from round to round. */
export const rotate = <T>(list: T[], by: number) => list.map((_, index) => list[(index + by) % list.length]!);
