import type { CounterStore, UsageStore } from '../../storage/types';
import { NEVER_MS, spendKey, TOTAL_SPEND_KEY } from './budgets';
import { tokensKey } from './rate-limits';
import { dayWindow, monthWindow, toNanoUsd } from './windows';

/** What `restoreCounters` put back. */
export interface RestoredCounters {
  /** Budget counters (key, team, user, tag, quota entity) of this month. */
  budgets: number;
  /** Tokens-per-day counters (key, user) of today. */
  tokens: number;
  /** All spend counted against credits, USD. */
  totalSpendUsd: number;
}

/**
 * Puts this month's budget spend, today's tokens and all credit spend back into empty counters
 * from a durable usage log: how one process on the embedded engine (memory counters, a PGlite
 * usage log) keeps budgets and token limits across restarts. Call it once, before serving; never
 * on a shared Redis, whose counters survive restarts by themselves (they would count twice).
 */
export async function restoreCounters(counters: CounterStore, usage: UsageStore): Promise<RestoredCounters> {
  const now = counters.now();
  const month = monthWindow(now);
  const day = dayWindow(now);
  const dayStart = Date.parse(`${day.id}T00:00:00Z`);
  const [sinceMonth, sinceDay, ever] = await Promise.all([usage.totalsSince(month.startsAt), usage.totalsSince(dayStart), usage.totalsSince(0)]);
  const restored: RestoredCounters = { budgets: 0, tokens: 0, totalSpendUsd: 0 };
  for (const total of sinceMonth) {
    const nano = toNanoUsd(total.cost);
    if (nano <= 0) continue;
    await counters.add(spendKey(total.scope, total.name, month.id), nano, month.endsAt);
    restored.budgets++;
  }
  for (const total of sinceDay) {
    if ((total.scope !== 'key' && total.scope !== 'user') || total.tokens <= 0) continue;
    await counters.add(tokensKey(total.scope, total.name, day.id), total.tokens, day.endsAt);
    restored.tokens++;
  }
  // Every call has exactly one key, so the key rows add up to all spend.
  const totalNano = ever.filter((total) => total.scope === 'key').reduce((sum, total) => sum + toNanoUsd(total.cost), 0);
  if (totalNano > 0) await counters.add(TOTAL_SPEND_KEY, totalNano, now + NEVER_MS);
  restored.totalSpendUsd = totalNano / 1e9;
  return restored;
}
