import type { UsageRecord, UsageStore } from '../../storage/types';
import { afterCurrentWork } from '../after-current-work';

export interface UsageRecorderOptions {
  /** Records per write. Default 100. */
  batchSize?: number;
  /** Most records held while the store fails; the oldest are dropped beyond it. Default 10,000. */
  maxBuffered?: number;
  /** Wait before retrying a failed write, ms. Default 1,000. */
  retryMs?: number;
  /**
   * How long a record may wait for others to share its write, ms (a full batch is written at once).
   * Default 250: one write per batch, not one per call, is what keeps an embedded log cheap.
   */
  flushDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * Writes usage records off the request path: `record` only queues (never awaited by a call);
 * queued records are written in batches, when a batch is full or `flushDelayMs` after the first
 * record waiting. Until written they are still found by `get`, so `/v1/generation` answers at
 * once. Failed writes stay queued and are retried.
 */
export class UsageRecorder {
  private readonly queue = new Map<string, UsageRecord>();
  /** Records still to be made (`recordLater`). */
  private readonly unmade: Array<() => UsageRecord> = [];
  private droppedCount = 0;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private failing = false;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly retryMs: number;
  private readonly flushDelayMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: UsageStore,
    options: UsageRecorderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
    this.flushDelayMs = options.flushDelayMs ?? 250;
    this.log = options.log ?? ((line) => console.error(line));
  }

  record(record: UsageRecord): void {
    this.queue.set(record.id, record);
    if (this.queue.size > this.maxBuffered) {
      this.queue.delete(this.queue.keys().next().value!);
      this.droppedCount += 1;
    }
    if (this.failing || this.writing) return;
    if (this.queue.size >= this.batchSize) {
      this.schedule(0);
    } else if (!this.flushTimer) {
      this.schedule(this.flushDelayMs);
    }
  }

  private schedule(delayMs: number): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), delayMs);
    // A pending write never keeps a process alive on its own (close() writes what is left).
    (this.flushTimer as { unref?: () => void }).unref?.();
  }

  /**
   * Queues the record `make` makes once the current work is done: for a call served by modelgate's Node listener,
   * after its answer is written rather than before (~10 µs of its critical path). Whatever reads the records
   * (`get`, `pending`, `flush`, the metrics) makes the waiting ones first.
   */
  recordLater(make: () => UsageRecord): void {
    this.unmade.push(make);
    if (this.unmade.length === 1) afterCurrentWork(() => this.makeWaiting());
  }

  /** Makes and queues the records `recordLater` holds. */
  makeWaiting(): void {
    for (const make of this.unmade.splice(0)) {
      // Made outside any request: a record that cannot be made is reported, never an uncaught exception.
      try {
        this.record(make());
      } catch (error) {
        this.log(`[modelgate] a usage record could not be made: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** A record by generation id, queued or stored. */
  async get(id: string): Promise<UsageRecord | undefined> {
    this.makeWaiting();
    return this.queue.get(id) ?? (await this.store.get(id));
  }

  /** Records not yet written. */
  get pending(): number {
    this.makeWaiting();
    return this.queue.size;
  }

  /** Records dropped unwritten: the store failed while more than `maxBuffered` waited. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Writes everything queued now (tests, shutdown). Resolves once the queue is empty or a write failed. */
  async flush(): Promise<void> {
    this.makeWaiting();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    // A write under way took the records queued when it began; the ones queued since get their own.
    while (this.writing) await this.writing;
    if (this.queue.size === 0) return;
    this.writing = this.writeAll().finally(() => (this.writing = undefined));
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.failing = false;
    await this.flush();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.queue.size > 0) this.log(`[modelgate] ${this.queue.size} usage records could not be written before shutdown (the usage log store fails).`);
  }

  private async writeAll(): Promise<void> {
    // Only what is queued now: records arriving during the writes wait for a batch of their own,
    // rather than being written a few at a time right behind each write.
    let due = this.queue.size;
    while (due > 0 && this.queue.size > 0) {
      const batch = [...this.queue.values()].slice(0, Math.min(this.batchSize, due));
      due -= batch.length;
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
    if (this.queue.size > 0 && !this.failing) this.schedule(this.queue.size >= this.batchSize ? 0 : this.flushDelayMs);
  }
}
