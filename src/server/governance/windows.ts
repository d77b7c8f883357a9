/**
 * Counter keys and time windows of the governance layer. Every variable part of a key (a key
 * name, user id or tag can hold any character) is percent-encoded, so `user: "a:b"` can never
 * name another counter; windows come from the counter store's clock so replicas agree.
 */

/** Who spend is counted for: an API key, its team, an end user, a tag, or a quota entity (`quotaEntityId`). */
export type Scope = 'key' | 'team' | 'user' | 'tag' | 'entity';

/** `encodeURIComponent` leaves no `:` (and encodes `%`), so `:`-joined parts stay unambiguous. */
export const counterKey = (...parts: Array<string | number>): string =>
  parts.map((part) => (typeof part === 'number' ? String(part) : encodeURIComponent(part))).join(':');

export const MINUTE_MS = 60_000;

export function minuteWindow(now: number): { id: number; endsAt: number } {
  const id = Math.floor(now / MINUTE_MS);
  return { id, endsAt: (id + 1) * MINUTE_MS };
}

export function dayWindow(now: number): { id: string; endsAt: number } {
  const date = new Date(now);
  return { id: date.toISOString().slice(0, 10), endsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1) };
}

type MonthWindow = Readonly<{ id: string; startsAt: number; endsAt: number }>;
/** Every call that costs something asks for its month (~4 µs of Date work each); it changes once a month. */
let lastMonth: MonthWindow | undefined;

export function monthWindow(now: number): MonthWindow {
  if (lastMonth && now >= lastMonth.startsAt && now < lastMonth.endsAt) return lastMonth;
  const date = new Date(now);
  lastMonth = {
    id: date.toISOString().slice(0, 7),
    startsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    endsAt: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
  return lastMonth;
}

/** Whole seconds until `endsAt`, at least 1: what `retry-after` says. */
export const secondsUntil = (endsAt: number, now: number): number => Math.max(1, Math.ceil((endsAt - now) / 1000));

/** USD ↔ nano-USD: money in counters is integers. */
export const toNanoUsd = (usd: number): number => Math.round(usd * 1e9);
export const fromNanoUsd = (nano: number): number => nano / 1e9;
