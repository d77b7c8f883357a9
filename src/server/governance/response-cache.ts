import { convertBase64ToUint8Array, convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../../errors/gateway-server-error';
import type { CachedResponse, CounterStore } from '../../storage/types';
import { sha256Hex } from '../sha256';
import type { StoreGuard } from './store-guard';

/** What `providerOptions.gateway.cacheControl` asks of the response cache. */
export interface CacheDirectives {
  /** Serve a stored answer when one is fresh (false for `no-cache`, `no-store`, `max-age=0`). */
  lookup: boolean;
  /** How long a new answer stays fresh, ms (0: do not store). */
  freshMs: number;
  /** How long after that it may still be served while one request refreshes it, ms. */
  staleMs: number;
}

const NO_CACHE: CacheDirectives = { lookup: false, freshMs: 0, staleMs: 0 };

const badValue = (directive: string) =>
  new GatewayServerError({
    status: 400,
    type: 'invalid_request_error',
    message: `Invalid providerOptions.gateway.cacheControl: \`${directive}\` needs a whole number of seconds, e.g. "max-age=3600".`,
    param: 'providerOptions.gateway.cacheControl',
  });

function seconds(directive: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw badValue(directive);
  return Number(value);
}

/**
 * Parses `Cache-Control` syntax as the gateway's response cache reads it: `max-age=N` (or
 * `s-maxage=N`, which wins) stores an answer for N seconds and serves it while fresh;
 * `stale-while-revalidate=N` serves it N seconds longer while one request refreshes it;
 * `no-store`, `no-cache` and `max-age=0` bypass the cache. Unknown directives are ignored.
 * No header: no caching. Pure.
 */
export function parseCacheControl(value: string | undefined): CacheDirectives {
  if (value === undefined) return NO_CACHE;
  let maxAge: number | undefined;
  let sMaxAge: number | undefined;
  let stale = 0;
  let bypass = false;
  for (const raw of value.split(',')) {
    const directive = raw.trim();
    if (!directive) continue;
    const [name, argument] = directive.split('=', 2).map((piece) => piece.trim()) as [string, string | undefined];
    switch (name.toLowerCase()) {
      case 'max-age':
        maxAge = seconds(name, argument?.replace(/^"(.*)"$/, '$1'));
        break;
      case 's-maxage':
        sMaxAge = seconds(name, argument?.replace(/^"(.*)"$/, '$1'));
        break;
      case 'stale-while-revalidate':
        stale = seconds(name, argument?.replace(/^"(.*)"$/, '$1'));
        break;
      case 'no-store':
      case 'no-cache':
        bypass = true;
        break;
    }
  }
  const fresh = sMaxAge ?? maxAge ?? 0;
  if (bypass || fresh === 0) return NO_CACHE;
  return { lookup: true, freshMs: fresh * 1000, staleMs: stale * 1000 };
}

/** Gateway options that only attribute or steer the cache; the same call for another user is the same answer. */
const NOT_IN_KEY = new Set(['user', 'tags', 'cacheControl']);

/** JSON with sorted object keys, bytes as base64 and no `undefined` members, so equal calls give equal text. */
function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: convertUint8ArrayToBase64(value) };
  if (value instanceof URL) return value.href;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined && typeof member !== 'function') sorted[key] = canonical(member);
    }
    return sorted;
  }
  return value;
}

/**
 * The cache key of a language call: SHA-256 of the model id, whether it streams, and every call
 * option (prompt, tools, tool choice, every generation parameter, provider options) and routing
 * option, leaving out the gateway options that only attribute the call (user, tags, cacheControl).
 */
export function responseCacheKey(fields: { kind: string; modelId: string; streaming: boolean; options: Record<string, unknown>; gatewayOptions: Record<string, unknown> }): string {
  const { abortSignal: _signal, headers: _headers, providerOptions, ...options } = fields.options;
  const { gateway: _gateway, ...upstreamOptions } = (providerOptions ?? {}) as Record<string, unknown>;
  const gateway = Object.fromEntries(Object.entries(fields.gatewayOptions).filter(([name]) => !NOT_IN_KEY.has(name)));
  const text = JSON.stringify(canonical({ kind: fields.kind, model: fields.modelId, streaming: fields.streaming, options, providerOptions: upstreamOptions, gateway }));
  return `response:${sha256Hex(text)}`;
}

/** JSON that keeps `Uint8Array` and `Date` values (file parts, response timestamps) through the store. */
export function encodeCached(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, member: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return { $bytes: convertUint8ArrayToBase64(raw) };
    if (raw instanceof Date) return { $date: raw.toISOString() };
    return member;
  });
}

export function decodeCached<T>(text: string): T {
  return JSON.parse(text, (_key, member: unknown) => {
    if (typeof member === 'object' && member !== null && !Array.isArray(member)) {
      const record = member as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 1 && typeof record.$bytes === 'string') return convertBase64ToUint8Array(record.$bytes);
      if (keys.length === 1 && typeof record.$date === 'string') return new Date(record.$date);
    }
    return member;
  }) as T;
}

/** `providerMetadata.gateway.cache` of an answer served from the cache. */
export const cacheHitMetadata = (storedAt: number, now: number) => ({ hit: true, storedAt: new Date(storedAt).toISOString(), ageSeconds: Math.max(0, Math.floor((now - storedAt) / 1000)) });

/** How long one request may take to refresh a stale answer before another may try. */
const REFRESH_LEASE_MS = 30_000;

/**
 * The response cache over the counter store. A store failure is a miss (and one log line per
 * outage): the cache never fails a call.
 */
export class ResponseCache {
  constructor(
    private readonly counters: CounterStore,
    private readonly guard: StoreGuard,
  ) {}

  /** A stored answer to serve now, or undefined: go upstream (and store the answer). */
  async lookup(key: string, directives: CacheDirectives): Promise<CachedResponse | undefined> {
    if (!directives.lookup) return undefined;
    let entry: CachedResponse | undefined;
    await this.guard.background(async () => {
      entry = await this.counters.getCached(key);
    });
    if (!entry) return undefined;
    const now = this.counters.now();
    if (now < entry.freshUntil) return entry;
    if (now >= entry.staleUntil) return undefined;
    // Stale: the first request to see it refreshes it upstream; the others are served the stale answer meanwhile.
    let refresher = true;
    await this.guard.background(async () => {
      refresher = await this.counters.setOnce(`${key}:refresh`, Math.min(entry!.staleUntil, now + REFRESH_LEASE_MS));
    });
    return refresher ? undefined : entry;
  }

  /** `providerMetadata.gateway.cache` of a hit, its age on the store's clock. */
  hitMetadata(entry: CachedResponse) {
    return cacheHitMetadata(entry.storedAt, this.counters.now());
  }

  /** Stores an answer in the background (never awaited by the call). */
  store(key: string, body: string, directives: CacheDirectives): void {
    if (directives.freshMs <= 0) return;
    const storedAt = this.counters.now();
    const freshUntil = storedAt + directives.freshMs;
    const staleUntil = freshUntil + directives.staleMs;
    void this.guard.background(() => this.counters.putCached(key, { storedAt, freshUntil, staleUntil, body }, staleUntil));
  }
}
