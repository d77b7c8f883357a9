import type { CachedResponse, CounterStore, CounterTake } from './types';

export interface MemoryCounterStoreOptions {
  /** The clock windows are computed from (ms epoch); tests pass a controllable one. Default `Date.now`. */
  now?: () => number;
  /** Most cached responses kept; the oldest stored is dropped first. Default 10,000. */
  maxCachedResponses?: number;
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/** How often (ms of the store's clock) expired entries are swept out on write. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * A `CounterStore` for one process: counters, slots, fire-once markers and cached responses in
 * plain maps. Every method is atomic because nothing awaits between reading and writing.
 */
export class MemoryCounterStore implements CounterStore {
  private readonly clock: () => number;
  private readonly maxCachedResponses: number;
  private readonly counters = new Map<string, Expiring<number>>();
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly markers = new Map<string, number>();
  private readonly cached = new Map<string, Expiring<CachedResponse>>();
  private nextSweepAt = 0;

  constructor(options: MemoryCounterStoreOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.maxCachedResponses = options.maxCachedResponses ?? 10_000;
  }

  now(): number {
    return this.clock();
  }

  async take(key: string, amount: number, limit: number, expiresAt: number): Promise<CounterTake> {
    const total = this.current(key);
    if (total + amount > limit) return { admitted: false, total };
    this.write(key, total + amount, expiresAt);
    return { admitted: true, total: total + amount };
  }

  async add(key: string, amount: number, expiresAt: number): Promise<number> {
    const total = this.current(key) + amount;
    this.write(key, total, expiresAt);
    return total;
  }

  async read(keys: readonly string[]): Promise<number[]> {
    return keys.map((key) => this.current(key));
  }

  async acquireSlot(key: string, holder: string, limit: number, leaseMs: number): Promise<boolean> {
    const now = this.clock();
    let holders = this.slots.get(key);
    if (!holders) {
      holders = new Map();
      this.slots.set(key, holders);
    }
    for (const [name, leaseEnd] of holders) if (leaseEnd <= now) holders.delete(name);
    if (!holders.has(holder) && holders.size >= limit) return false;
    holders.set(holder, now + leaseMs);
    return true;
  }

  async releaseSlot(key: string, holder: string): Promise<void> {
    const holders = this.slots.get(key);
    if (!holders) return;
    holders.delete(holder);
    if (holders.size === 0) this.slots.delete(key);
  }

  async setOnce(key: string, expiresAt: number): Promise<boolean> {
    const existing = this.markers.get(key);
    if (existing !== undefined && existing > this.clock()) return false;
    this.markers.set(key, expiresAt);
    this.sweepIfDue();
    return true;
  }

  async getCached(key: string): Promise<CachedResponse | undefined> {
    const entry = this.cached.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.cached.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async putCached(key: string, entry: CachedResponse, expiresAt: number): Promise<void> {
    // Re-inserting moves the key to the end, so the map's first key is always the oldest stored.
    this.cached.delete(key);
    this.cached.set(key, { value: entry, expiresAt });
    while (this.cached.size > this.maxCachedResponses) this.cached.delete(this.cached.keys().next().value!);
    this.sweepIfDue();
  }

  async close(): Promise<void> {
    this.counters.clear();
    this.slots.clear();
    this.markers.clear();
    this.cached.clear();
  }

  private current(key: string): number {
    const entry = this.counters.get(key);
    if (!entry) return 0;
    if (entry.expiresAt <= this.clock()) {
      this.counters.delete(key);
      return 0;
    }
    return entry.value;
  }

  private write(key: string, value: number, expiresAt: number): void {
    const entry = this.counters.get(key);
    if (entry) {
      entry.value = value;
      entry.expiresAt = expiresAt;
    } else {
      this.counters.set(key, { value, expiresAt });
    }
    this.sweepIfDue();
  }

  /** Drops expired entries now and then, so keys of past windows do not pile up. */
  private sweepIfDue(): void {
    const now = this.clock();
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [key, entry] of this.counters) if (entry.expiresAt <= now) this.counters.delete(key);
    for (const [key, expiresAt] of this.markers) if (expiresAt <= now) this.markers.delete(key);
    for (const [key, entry] of this.cached) if (entry.expiresAt <= now) this.cached.delete(key);
    for (const [key, holders] of this.slots) {
      for (const [name, leaseEnd] of holders) if (leaseEnd <= now) holders.delete(name);
      if (holders.size === 0) this.slots.delete(key);
    }
  }
}
