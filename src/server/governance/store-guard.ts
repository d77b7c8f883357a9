import { GatewayServerError } from '../../errors/gateway-server-error';

export type OutagePolicy = 'open' | 'closed';

/**
 * Every governance store call goes through here. While a store fails, calls are admitted
 * (`open`) or refused with 503 (`closed`), and the log gets one line when the outage starts and
 * one when it ends, not one per request.
 */
export class StoreGuard {
  private down = false;

  constructor(
    private readonly policy: OutagePolicy,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  get outage(): boolean {
    return this.down;
  }

  /** Runs a store call on the request path: the fallback when the store fails and the policy is open; 503 when closed. */
  async admit<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const value = await operation();
      this.recovered();
      return value;
    } catch (error) {
      this.failed(error);
      if (this.policy === 'closed') {
        throw new GatewayServerError({ status: 503, type: 'internal_server_error', message: 'The governance store is unavailable, so this gateway refuses calls until it is back (storage.onOutage: closed).' });
      }
      return fallback;
    }
  }

  /** Runs a store call off the request path (spend, release): a failure is logged once per outage, never thrown. */
  async background(operation: () => Promise<unknown>): Promise<boolean> {
    try {
      await operation();
      this.recovered();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  private failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.log(`[modelgate] governance store unavailable (${reason}); ${this.policy === 'open' ? 'admitting calls without limits or budgets (storage.onOutage: open)' : 'refusing calls with 503 (storage.onOutage: closed)'} until it answers again.`);
  }

  private recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.log('[modelgate] governance store answers again; limits and budgets apply.');
  }
}
