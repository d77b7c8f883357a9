/**
 * `CounterStore` on Redis (npm `redis`, an optional peer dependency): what every replica must agree
 * on at once. Check-and-add, slots and fire-once markers are single Lua scripts (atomic on the
 * server); the clock is Redis's own TIME, so replicas with skewed clocks share windows.
 *
 * Node-only (the driver opens TCP sockets): never imported by `src/server/**`.
 */
import { createHash } from 'node:crypto';
import type { CachedResponse, CounterStore, CounterTake } from './types';

export interface RedisCounterStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. Never echoed in errors. */
  url: string;
  /** Prepended to every key, so several gateways can share one Redis. Default `modelgate:`. */
  keyPrefix?: string;
  /** A command that has no answer after this many ms rejects (an outage must not hang calls). Default 500. */
  commandTimeoutMs?: number;
  /** How long `open` waits for the first connection. Default 5000. */
  connectTimeoutMs?: number;
  /** How often the Redis clock is sampled again. Default 5000. */
  clockRefreshMs?: number;
  /** Called with connection errors (the client keeps reconnecting in the background). */
  onError?: (error: Error) => void;
  /**
   * Called instead of rejecting when Redis cannot be reached within `connectTimeoutMs`: the store
   * opens anyway, its commands fail (the gateway's outage policy decides) until the client,
   * reconnecting in the background, gets through. Without it, `open` rejects.
   */
  onUnreachableAtStart?: (reason: string) => void;
}

// KEYS[1] counter; ARGV amount, limit, expiresAt (ms epoch). Returns {admitted 0|1, total}.
const TAKE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if current + amount > tonumber(ARGV[2]) then return {0, current} end
local total = redis.call('INCRBY', KEYS[1], amount)
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return {1, total}`;

// KEYS[1] counter; ARGV amount, expiresAt. Returns the new total.
const ADD = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return total`;

// KEYS[1] sorted set holder -> lease end; ARGV holder, limit, leaseMs. Expired leases are dropped first.
const ACQUIRE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end
return 1`;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SCRIPTS = { take: script(TAKE), add: script(ADD), acquireSlot: script(ACQUIRE_SLOT) };

function toInteger(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`Redis counter store: unexpected ${what} reply`);
  return n;
}

function checkInteger(value: number, name: string): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`Redis counter store: ${name} must be a safe integer, got ${value}`);
  return String(value);
}

/** Opens a connection (rejecting when Redis cannot be reached within `connectTimeoutMs`) and samples the Redis clock. */
export async function openRedisCounterStore(options: RedisCounterStoreOptions): Promise<CounterStore> {
  const prefix = options.keyPrefix ?? 'modelgate:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  // Imported here, not at the top: bundled into modelgate/server/node, a static import would make the optional driver required.
  const { createClient } = await import('redis');
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const client = createClient({
    url: options.url,
    // Commands fail at once while disconnected instead of queueing behind an outage.
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: Math.min(connectTimeoutMs, 2000),
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2000),
    },
  });
  // Without a listener an 'error' event would crash the process; the client reconnects by itself.
  client.on('error', (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))));

  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  const connecting = client.connect();
  let connected = true;
  try {
    await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        connectTimer = setTimeout(() => reject(new Error(`no connection within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      }),
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!options.onUnreachableAtStart) {
      client.destroy();
      throw new Error(`Redis counter store: cannot connect to Redis (${reason}). Check storage.redis and that the server is reachable.`, { cause: error });
    }
    // Keeps reconnecting in the background; until then every command fails at once (no offline queue).
    connecting.catch(() => {});
    connected = false;
    options.onUnreachableAtStart(reason);
  } finally {
    clearTimeout(connectTimer);
  }

  /** Redis time minus local time, ms. */
  let clockOffset = 0;
  async function sampleClock(): Promise<void> {
    const before = Date.now();
    const [seconds, micros] = await client.sendCommand<[string, string]>(['TIME']);
    const after = Date.now();
    const redisMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    clockOffset = redisMs - Math.round((before + after) / 2);
  }
  if (connected) {
    try {
      await sampleClock();
    } catch (error) {
      client.destroy();
      throw new Error('Redis counter store: connected, but TIME failed', { cause: error });
    }
  }
  const clockTimer = setInterval(() => {
    // A missed sample keeps the last offset; the outage surfaces on the next real command.
    sampleClock().catch(() => {});
  }, options.clockRefreshMs ?? 5000);
  clockTimer.unref?.();
  // Opened while Redis was down: take its clock as soon as the connection comes up.
  if (!connected) client.once('ready', () => void sampleClock().catch(() => {}));

  async function run(which: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.sendCommand(['EVALSHA', which.sha, String(keys.length), ...keys, ...args]);
    } catch (error) {
      // First use on this server (or after SCRIPT FLUSH / a restart): send the source, which also caches it.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return client.sendCommand(['EVAL', which.source, String(keys.length), ...keys, ...args]);
      }
      throw error;
    }
  }

  const k = (key: string) => prefix + key;
  const now = () => Date.now() + clockOffset;

  const store: CounterStore = {
    now,
    async take(key, amount, limit, expiresAt): Promise<CounterTake> {
      const reply = await run(SCRIPTS.take, [k(key)], [checkInteger(amount, 'amount'), checkInteger(limit, 'limit'), checkInteger(Math.ceil(expiresAt), 'expiresAt')]);
      if (!Array.isArray(reply) || reply.length !== 2) throw new Error('Redis counter store: unexpected take reply');
      return { admitted: toInteger(reply[0], 'take') === 1, total: toInteger(reply[1], 'take') };
    },
    async add(key, amount, expiresAt) {
      return toInteger(await run(SCRIPTS.add, [k(key)], [checkInteger(amount, 'amount'), checkInteger(Math.ceil(expiresAt), 'expiresAt')]), 'add');
    },
    async read(keys) {
      if (keys.length === 0) return [];
      const values = await client.sendCommand<Array<string | null>>(['MGET', ...keys.map(k)]);
      return values.map((v) => (v === null ? 0 : toInteger(v, 'read')));
    },
    async acquireSlot(key, holder, limit, leaseMs) {
      const reply = await run(SCRIPTS.acquireSlot, [k(key)], [holder, checkInteger(limit, 'limit'), checkInteger(Math.max(1, Math.ceil(leaseMs)), 'leaseMs')]);
      return toInteger(reply, 'acquireSlot') === 1;
    },
    async releaseSlot(key, holder) {
      await client.sendCommand(['ZREM', k(key), holder]);
    },
    async setOnce(key, expiresAt) {
      const reply = await client.sendCommand<string | null>(['SET', k(key), '1', 'NX', 'PXAT', checkInteger(Math.max(1, Math.ceil(expiresAt)), 'expiresAt')]);
      return reply === 'OK';
    },
    async getCached(key) {
      const text = await client.sendCommand<string | null>(['GET', k(key)]);
      if (text === null) return undefined;
      return parseCached(text);
    },
    async putCached(key, entry, expiresAt) {
      const ttl = Math.ceil(expiresAt - now());
      if (ttl <= 0) {
        await client.sendCommand(['DEL', k(key)]);
        return;
      }
      await client.sendCommand(['SET', k(key), JSON.stringify(entry), 'PX', String(ttl)]);
    },
    async close() {
      clearInterval(clockTimer);
      if (client.isOpen) {
        try {
          await client.close();
        } catch {
          client.destroy();
        }
      } else {
        client.destroy();
      }
    },
  };
  return store;
}

function parseCached(text: string): CachedResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    typeof value === 'object' && value !== null &&
    'storedAt' in value && typeof value.storedAt === 'number' &&
    'freshUntil' in value && typeof value.freshUntil === 'number' &&
    'staleUntil' in value && typeof value.staleUntil === 'number' &&
    'body' in value && typeof value.body === 'string'
  ) {
    return { storedAt: value.storedAt, freshUntil: value.freshUntil, staleUntil: value.staleUntil, body: value.body };
  }
  return undefined;
}
