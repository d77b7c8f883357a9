/**
 * Records the gateway keeps in the counter store beside its cached responses (batch and video jobs, their
 * idempotency keys, client-secret grants): a text body kept until a moment, then gone, on every replica that
 * shares the store. One spelling of how such a record sits in the store's cached-response entries.
 */
import type { CounterStore } from '../storage/types';

/** Stores `body` under `key` until `expiresAt` (ms epoch, the store's clock), replacing any record there. */
export async function putRecord(counters: CounterStore, key: string, body: string, expiresAt: number): Promise<void> {
  await counters.putCached(key, { storedAt: counters.now(), freshUntil: expiresAt, staleUntil: expiresAt, body }, expiresAt);
}

/** The body stored under `key`, or undefined when there is none (never stored, or expired). */
export async function readRecord(counters: CounterStore, key: string): Promise<string | undefined> {
  return (await counters.getCached(key))?.body;
}
