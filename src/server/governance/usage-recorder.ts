import type { UsageRecord, UsageStore } from '../../storage/types';

export interface UsageRecorderOptions {
  /** Records per write. Default 100. */
  batchSize?: number;
  /** Most records held while the store fails; the oldest are dropped beyond it. Default 10,000. */
  maxBuffered?: number;
  /** Wait before retrying a failed write, ms. Default 1,000. */
  retryMs?: number;
  log?: (line: string) => void;
}

/**
 * Writes usage records off the request path: `record` only queues (never awaited by a call);
 * queued records are written in batches on a later tick. Until written they are still found
 * by `get`, so `/v1/generation` answers at once. Failed writes stay queued and are retried.
 */
export class UsageRecorder {
  private readonly queue = new Map<string, UsageRecord>();
  private scheduled = false;
  private writing: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failing = false;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: UsageStore,
    options: UsageRecorderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
    this.log = options.log ?? ((line) => console.error(line));
  }

  record(record: UsageRecord): void {
    this.queue.set(record.id, record);
    if (this.queue.size > this.maxBuffered) this.queue.delete(this.queue.keys().next().value!);
    if (this.scheduled || this.failing) return;
    this.scheduled = true;
    setTimeout(() => void this.flush(), 0);
  }

  /** A record by generation id, queued or stored. */
  async get(id: string): Promise<UsageRecord | undefined> {
    return this.queue.get(id) ?? (await this.store.get(id));
  }

  /** Records not yet written. */
  get pending(): number {
    return this.queue.size;
  }

  /** Writes everything queued now (tests, shutdown). Resolves once the queue is empty or a write failed. */
  async flush(): Promise<void> {
    this.scheduled = false;
    if (this.writing) return this.writing;
    this.writing = this.writeAll().finally(() => (this.writing = undefined));
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.failing = false;
    await this.flush();
  }

  private async writeAll(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = [...this.queue.values()].slice(0, this.batchSize);
      try {
        await this.store.append(batch);
      } catch (error) {
        if (!this.failing) this.log(`[modelgate] usage log write failed (${error instanceof Error ? error.message : String(error)}); keeping up to ${this.maxBuffered} records and retrying.`);
        this.failing = true;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          void this.flush();
        }, this.retryMs);
        return;
      }
      if (this.failing) this.log('[modelgate] usage log writes succeed again.');
      this.failing = false;
      // Records re-queued under the same id while this batch was written stay for the next batch.
      for (const record of batch) if (this.queue.get(record.id) === record) this.queue.delete(record.id);
    }
  }
}
