/** How many recent samples per provider the rolling medians use. */
const WINDOW = 64;

class RollingWindow {
  private readonly samples: number[] = [];
  private next = 0;

  add(value: number): void {
    if (this.samples.length < WINDOW) this.samples.push(value);
    else this.samples[this.next] = value;
    this.next = (this.next + 1) % WINDOW;
  }

  median(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  }
}

/** When a provider counts as unhealthy: after `afterFailures` failed attempts in a row, for `forMs` after the last. */
export interface DemotionSettings {
  afterFailures: number;
  forMs: number;
}

/** A provider the default order moves to the back, and why. */
export interface Demotion {
  failures: number;
  /** Time since its last failure, ms. */
  sinceMs: number;
}

/**
 * The server's own rolling per-provider measurements: time to first token and throughput (`sort: 'ttft' | 'tps'`),
 * and failures in a row, which demote a provider in the default order for a while (`demoteUnhealthy`).
 * Per process: each replica learns on its own.
 */
export class ProviderStats {
  private readonly ttft = new Map<string, RollingWindow>();
  private readonly tps = new Map<string, RollingWindow>();
  private readonly failures = new Map<string, { count: number; lastAt: number }>();

  constructor(
    private readonly demotion: DemotionSettings | false = false,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  private window(map: Map<string, RollingWindow>, provider: string): RollingWindow {
    let window = map.get(provider);
    if (!window) map.set(provider, (window = new RollingWindow()));
    return window;
  }

  /** Records one successful stream: time to first content and output tokens per second after it. */
  record(provider: string, sample: { ttftMs: number; outputTokens?: number; streamMs?: number }): void {
    this.window(this.ttft, provider).add(sample.ttftMs);
    if (sample.outputTokens && sample.streamMs && sample.streamMs > 0) {
      this.window(this.tps, provider).add(sample.outputTokens / (sample.streamMs / 1000));
    }
  }

  /** Median time to first token in ms, or undefined before any sample. */
  medianTtft(provider: string): number | undefined {
    return this.ttft.get(provider)?.median();
  }

  /** Median output tokens per second, or undefined before any sample. */
  medianTps(provider: string): number | undefined {
    return this.tps.get(provider)?.median();
  }

  /** An attempt on the server's own credentials ended: a success clears the provider's failures; a failure of the provider's making adds one. */
  recordOutcome(provider: string, failed: boolean): void {
    if (!failed) {
      this.failures.delete(provider);
      return;
    }
    const previous = this.failures.get(provider);
    this.failures.set(provider, { count: (previous?.count ?? 0) + 1, lastAt: this.clock() });
  }

  /** Whether any provider's last attempt failed: the planner's fast path skips health when none did. */
  get anyFailing(): boolean {
    return this.failures.size > 0;
  }

  /**
   * Whether the default order moves the provider to the back now: its last `afterFailures` attempts or more failed,
   * the last one less than `forMs` ago. After that it takes its place again, and one more failure demotes it again.
   */
  demoted(provider: string): Demotion | undefined {
    if (!this.demotion) return undefined;
    const failed = this.failures.get(provider);
    if (!failed || failed.count < this.demotion.afterFailures) return undefined;
    const sinceMs = this.clock() - failed.lastAt;
    return sinceMs < this.demotion.forMs ? { failures: failed.count, sinceMs } : undefined;
  }
}
