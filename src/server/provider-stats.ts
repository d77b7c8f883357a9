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

/** The server's own rolling per-provider measurements, for `sort: 'ttft' | 'tps'`. */
export class ProviderStats {
  private readonly ttft = new Map<string, RollingWindow>();
  private readonly tps = new Map<string, RollingWindow>();

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
}
