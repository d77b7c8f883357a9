import { GatewayServerError } from '../../errors/gateway-server-error';
import type { CounterStore } from '../../storage/types';
import type { RateLimitConfig } from '../config';
import type { CallIdentity } from './call-identity';
import type { StoreGuard } from './store-guard';
import { counterKey, dayWindow, minuteWindow, secondsUntil } from './windows';

/** A slot of a crashed replica comes back after this long. */
export const SLOT_LEASE_MS = 10 * 60_000;

/** One limited party of a call: the key, or the end user. */
export interface LimitedParty {
  scope: 'key' | 'user';
  name: string;
  limits: RateLimitConfig;
}

export function limitedParties(identity: CallIdentity, keyLimits: RateLimitConfig | undefined, userLimits: RateLimitConfig | undefined): LimitedParty[] {
  const parties: LimitedParty[] = [];
  if (keyLimits) parties.push({ scope: 'key', name: identity.keyName, limits: keyLimits });
  if (userLimits && identity.user !== undefined) parties.push({ scope: 'user', name: identity.user, limits: userLimits });
  return parties;
}

/** Tokens a key or end user used on a UTC day. */
export const tokensKey = (scope: LimitedParty['scope'], name: string, day: string) => counterKey('tokens', scope, name, day);
const slotKey = (party: LimitedParty) => counterKey('slots', party.scope, party.name);

const describe = (party: LimitedParty) => (party.scope === 'key' ? `key "${party.name}"` : 'this user');

function limited(message: string, retryAfter: number): GatewayServerError {
  return new GatewayServerError({ status: 429, type: 'rate_limit_exceeded', message, retryAfter });
}

/**
 * Checks and takes the call's share of every limit: tokens per day (read), requests per minute
 * (an atomic take in the current minute), concurrent requests (a slot held by `holder`).
 * Returns the slots taken, to release when the call ends; throws 429 with a true `retry-after`.
 */
export async function admitRateLimits(counters: CounterStore, guard: StoreGuard, parties: readonly LimitedParty[], holder: string): Promise<LimitedParty[]> {
  const now = counters.now();
  const daily = parties.filter((party) => party.limits.tokensPerDay !== undefined);
  if (daily.length > 0) {
    const day = dayWindow(now);
    const used = await guard.admit(() => counters.read(daily.map((party) => tokensKey(party.scope, party.name, day.id))), daily.map(() => 0));
    daily.forEach((party, index) => {
      if (used[index]! >= party.limits.tokensPerDay!) {
        throw limited(`Token limit reached for ${describe(party)}: ${used[index]} of ${party.limits.tokensPerDay} tokens today (UTC). It resets at ${new Date(day.endsAt).toISOString()}.`, secondsUntil(day.endsAt, now));
      }
    });
  }
  for (const party of parties) {
    const perMinute = party.limits.requestsPerMinute;
    if (perMinute === undefined) continue;
    const minute = minuteWindow(now);
    const take = await guard.admit(() => counters.take(counterKey('rpm', party.scope, party.name, minute.id), 1, perMinute, minute.endsAt), { admitted: true, total: 0 });
    if (!take.admitted) {
      throw limited(`Rate limit reached for ${describe(party)}: ${perMinute} requests per minute. Retry after the minute ends.`, secondsUntil(minute.endsAt, now));
    }
  }
  const held: LimitedParty[] = [];
  for (const party of parties) {
    const concurrent = party.limits.concurrentRequests;
    if (concurrent === undefined) continue;
    const acquired = await guard.admit(() => counters.acquireSlot(slotKey(party), holder, concurrent, SLOT_LEASE_MS), true);
    if (!acquired) {
      await releaseSlots(counters, guard, held, holder);
      throw limited(`Concurrency limit reached for ${describe(party)}: ${concurrent} calls in flight. Retry when one ends.`, 1);
    }
    held.push(party);
  }
  return held;
}

export async function releaseSlots(counters: CounterStore, guard: StoreGuard, held: readonly LimitedParty[], holder: string): Promise<void> {
  for (const party of held) await guard.background(() => counters.releaseSlot(slotKey(party), holder));
}

/** Counts a finished call's tokens against every party's daily limit. */
export async function countTokens(counters: CounterStore, guard: StoreGuard, parties: readonly LimitedParty[], tokens: number): Promise<void> {
  if (tokens <= 0) return;
  const day = dayWindow(counters.now());
  for (const party of parties) {
    if (party.limits.tokensPerDay === undefined) continue;
    await guard.background(() => counters.add(tokensKey(party.scope, party.name, day.id), tokens, day.endsAt));
  }
}
