/**
 * Opens the governance storage engines named by a declarative config (Node-only): Redis for the
 * counters, PostgreSQL or the embedded PGlite directory for the usage log. The drivers are optional
 * peer dependencies, imported only when asked for, with an error naming the package to install.
 *
 * The memory engines (the defaults when nothing is named) are not opened here: `counters` stays
 * undefined without `redis`, `usage` without `postgres` or `embedded`.
 */
import { restoreCounters } from '../server/governance/restore-counters';
import { MemoryCounterStore } from './memory-counter-store';
import { MemoryUsageStore } from './memory-usage-store';
import type { CounterStore, UsageStore } from './types';

export interface StorageConfig {
  /** Redis URL for rate limits, concurrency slots, budget counters and the response cache (across replicas). */
  redis?: string;
  /** PostgreSQL URL for the usage log and reports (across replicas). */
  postgres?: string;
  /** Data directory of the embedded usage log (PGlite); kept across restarts. */
  embedded?: string;
  /** Prefix of every Redis key. Default `modelgate:`. */
  keyPrefix?: string;
  /** Background connection errors (the drivers reconnect by themselves). */
  onError?: (error: Error) => void;
  /**
   * Open Redis and PostgreSQL even when they cannot be reached yet: they connect in the background
   * and the gateway's outage policy covers the time until then (default: refuse to open).
   */
  startDisconnected?: boolean;
}

export interface OpenedStorage {
  counters?: CounterStore;
  usage?: UsageStore;
  /** Engines that could not be reached when opened (with `startDisconnected`), one line each, without credentials. */
  unreachable: string[];
  /** Closes every engine opened here. */
  close(): Promise<void>;
}

/** Imports a driver module, turning "package not installed" into an error that says what to install. */
export async function importDriver<T>(packageName: string, configKey: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (?:package|module)/i.test(message);
    if (notFound && message.includes(packageName)) {
      throw new Error(`storage.${configKey} needs the npm package "${packageName}", which is not installed: run \`npm install ${packageName}\` next to modelgate.`, { cause: error });
    }
    throw error;
  }
}

function nonEmpty(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`storage.${key} must be a non-empty string (got ${JSON.stringify(value)})`);
  }
  return value;
}

export async function openStorage(config: StorageConfig): Promise<OpenedStorage> {
  const redis = nonEmpty(config.redis, 'redis');
  const postgres = nonEmpty(config.postgres, 'postgres');
  const embedded = nonEmpty(config.embedded, 'embedded');
  if (postgres !== undefined && embedded !== undefined) {
    throw new TypeError('storage.postgres and storage.embedded both name a usage log: keep one (postgres across replicas, embedded for one machine)');
  }
  if (config.keyPrefix !== undefined && typeof config.keyPrefix !== 'string') {
    throw new TypeError(`storage.keyPrefix must be a string (got ${JSON.stringify(config.keyPrefix)})`);
  }

  let counters: CounterStore | undefined;
  let usage: UsageStore | undefined;
  const unreachable: string[] = [];
  try {
    if (redis !== undefined) {
      const { openRedisCounterStore } = await importDriver('redis', 'redis', async () => {
        await import('redis'); // the driver first: its absence is what the error names
        return import('./redis-counter-store');
      });
      counters = await openRedisCounterStore({
        url: redis,
        keyPrefix: config.keyPrefix,
        onError: config.onError,
        onUnreachableAtStart: config.startDisconnected ? (reason) => unreachable.push(`Redis (${reason})`) : undefined,
      });
    }
    if (postgres !== undefined) {
      const { openPostgresUsageStore } = await importDriver('pg', 'postgres', async () => {
        await import('pg'); // the driver first: its absence is what the error names
        return import('./postgres-usage-store');
      });
      usage = await openPostgresUsageStore({
        url: postgres,
        onError: config.onError,
        onUnreachableAtStart: config.startDisconnected ? (reason) => unreachable.push(`PostgreSQL (${reason})`) : undefined,
      });
    } else if (embedded !== undefined) {
      const { openPgliteUsageStore } = await importDriver('@electric-sql/pglite', 'embedded', async () => {
        await import('@electric-sql/pglite'); // the driver first: its absence is what the error names
        return import('./pglite-usage-store');
      });
      usage = await openPgliteUsageStore({ dataDir: embedded });
    }
  } catch (error) {
    await counters?.close().catch(() => {});
    throw error;
  }

  const opened = { counters, usage };
  return {
    ...opened,
    unreachable,
    async close() {
      const results = await Promise.allSettled([opened.counters?.close(), opened.usage?.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** `storage` of the gateway config: the engines, plus what happens while they fail (read by the server). */
export interface GatewayStorageOptions extends StorageConfig {
  onOutage?: 'open' | 'closed';
}

/** The engines a gateway runs on, ready for `createGatewayServer(config, { counters, usage })`. */
export interface GatewayStorage {
  counters: CounterStore;
  usage: UsageStore;
  /** One line for a startup summary: which engines, where (no credentials). */
  description: string;
  /** Closes the engines opened here (flush the gateway's usage log first: `gateway.close()`). */
  close(): Promise<void>;
}

/** `host:port/database` of a URL, never its user or password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Opens a gateway's storage from its config's `storage` key, as `modelgate serve` does: Redis and
 * PostgreSQL across replicas, `embedded` (a PGlite data directory) for one machine, memory for
 * whatever is not named. When the usage log is durable but the counters are in memory, the
 * counters are restored from it (this month's budget spend, today's tokens, all credit spend),
 * so budgets and token limits hold across restarts. Redis or PostgreSQL that cannot be reached yet
 * does not stop it: the description says so and they connect in the background.
 */
export async function openGatewayStorage(config: GatewayStorageOptions = {}): Promise<GatewayStorage> {
  // A replica restarted during an outage comes up and serves by its outage policy instead of failing to start.
  const opened = await openStorage({ redis: config.redis, postgres: config.postgres, embedded: config.embedded, keyPrefix: config.keyPrefix, onError: config.onError, startDisconnected: true });
  const counters = opened.counters ?? new MemoryCounterStore();
  const usage = opened.usage ?? new MemoryUsageStore();
  const parts: string[] = [];
  try {
    if (opened.counters) parts.push(`Redis at ${describeUrl(config.redis!)} (limits, budgets, cache; keys ${config.keyPrefix ?? 'modelgate:'}…)`);
    if (config.postgres !== undefined) parts.push(`PostgreSQL at ${describeUrl(config.postgres)} (usage log)`);
    if (config.embedded !== undefined) parts.push(`embedded: usage log in ${config.embedded} (PGlite)`);
    if (opened.usage && !opened.counters) {
      const restored = await restoreCounters(counters, usage).catch(() => undefined);
      parts.push(
        restored
          ? `limits and budgets in memory, restored from the usage log (${restored.budgets} budget and ${restored.tokens} token counters)`
          : 'limits and budgets in memory, not restored: the usage log could not be read',
      );
    } else if (opened.usage === undefined && opened.counters) {
      parts.push('usage log in memory');
    }
  } catch (error) {
    await opened.close().catch(() => {});
    throw error;
  }
  const description =
    parts.length === 0
      ? "memory: the usage log, limits and budgets are lost on restart (storage: { embedded: '.modelgate' } keeps them)"
      : `${parts.join(' · ')} · on outage: ${config.onOutage ?? 'open'}` +
        (opened.unreachable.length > 0 ? ` · UNREACHABLE at startup, serving by the outage policy until it answers: ${opened.unreachable.join('; ')}` : '');
  return {
    counters,
    usage,
    description,
    async close() {
      await Promise.allSettled([opened.counters ? undefined : counters.close(), opened.usage ? undefined : usage.close()]);
      await opened.close();
    },
  };
}
