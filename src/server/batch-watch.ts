/**
 * Batch webhooks: providers do not tell the gateway when a batch ends, so for a batch started with a
 * webhook URL the replica that started it polls the provider's status, slowly (after 2 s, then twice as
 * long each time, up to every minute, for at most a week), and calls the webhook once the batch is over:
 * `batch.completed`, `batch.failed` or `batch.cancelled`, signed as webhook-delivery.ts signs. A replica
 * that stops takes its watches with it (the batch itself is unharmed; clients can still poll). The
 * server's `close()` ends them.
 */
import type { Experimental_BatchV4 as BatchV4, Experimental_BatchV4Status as BatchV4Status } from '@ai-sdk/provider';
import { deliverWebhook } from './webhook-delivery';

const FIRST_POLL_MS = 2_000;
const LONGEST_POLL_MS = 60_000;
const WATCH_FOR_MS = 7 * 86_400_000;

/** The webhook event for a batch's status, or undefined while it runs. Pure. */
export function batchEvent(batchId: string, status: Pick<BatchV4Status, 'status' | 'rawStatus'>): { type: string; data: { jobId: string; status: string } } | undefined {
  if (status.status === 'pending') return undefined;
  if (status.status === 'completed') return { type: 'batch.completed', data: { jobId: batchId, status: 'completed' } };
  // The spec's statuses end in completed or failed; a provider's own status says whether it was cancelled.
  const cancelled = /cancel/i.test(status.rawStatus ?? '');
  return { type: cancelled ? 'batch.cancelled' : 'batch.failed', data: { jobId: batchId, status: cancelled ? 'cancelled' : 'failed' } };
}

/** The watches of one server. */
export class BatchWatches {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(private readonly log: (line: string) => void) {}

  /** Polls `api` for the upstream batch until it is over, then delivers its event to `webhook`. */
  watch(batchId: string, api: BatchV4, upstreamBatchId: string, webhook: { url: URL; secret: string }): void {
    const until = Date.now() + WATCH_FOR_MS;
    const poll = (wait: number) => {
      if (this.closed) return;
      const timer = setTimeout(async () => {
        this.timers.delete(timer);
        let status: BatchV4Status | undefined;
        try {
          status = await api.doGetBatchStatus({ batchId: upstreamBatchId });
        } catch {
          // A failed poll is tried again at the next interval.
        }
        const event = status && batchEvent(batchId, status);
        if (event) {
          await deliverWebhook({ ...webhook, event }, this.log);
          return;
        }
        if (Date.now() + wait > until) {
          this.log(`[modelgate] ${batchId}: stopped watching the batch for its webhook after a week; it can still be polled.`);
          return;
        }
        poll(Math.min(wait * 2, LONGEST_POLL_MS));
      }, wait);
      this.timers.add(timer);
    };
    poll(FIRST_POLL_MS);
  }

  /** Ends every watch (on shutdown). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
