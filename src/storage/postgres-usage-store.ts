/**
 * The usage store on PostgreSQL (npm `pg`, an optional peer dependency): one log shared by every
 * replica. A small pool; a statement that takes too long fails instead of holding a connection.
 *
 * Node-only (TCP sockets): never imported by `src/server/**`.
 */
import { openSqlUsageStore, type SqlUsageStoreOptions } from './sql-usage-store';
import type { UsageStore } from './types';

export interface PostgresUsageStoreOptions extends SqlUsageStoreOptions {
  /** `postgres://user:password@host:port/database`. Never echoed in errors. */
  url: string;
  /** Connections in the pool. Default 5. */
  maxConnections?: number;
  /** A statement running longer than this is cancelled by the server. Default 10000 ms. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Called with errors of idle connections (the pool replaces them). */
  onError?: (error: Error) => void;
  /**
   * Called instead of rejecting when PostgreSQL cannot be reached at open: the store opens anyway
   * and creates its table on the first call that gets through (until then calls reject, and the
   * gateway's usage recorder keeps its records queued). Without it, `open` rejects.
   */
  onUnreachableAtStart?: (reason: string) => void;
}

export async function openPostgresUsageStore(options: PostgresUsageStoreOptions): Promise<UsageStore> {
  // Imported here, not at the top: bundled into modelgate/server/node, a static import would make the optional driver required.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  const client = {
    query: async (text: string, params?: readonly unknown[]) => (await pool.query<Record<string, unknown>>(text, params ? [...params] : undefined)).rows,
    close: () => pool.end(),
  };
  try {
    return await openSqlUsageStore(client, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!options.onUnreachableAtStart) {
      await pool.end().catch(() => {});
      throw new Error(`PostgreSQL usage store: cannot open the usage log (${reason}). Check storage.postgres and that the server is reachable.`, { cause: error });
    }
    options.onUnreachableAtStart(reason);
    return openedOnFirstUse(() => openSqlUsageStore(client, options), () => pool.end());
  }
}

/** A usage store whose table is created by the first call that reaches the server; a failed attempt is retried by the next call. */
function openedOnFirstUse(open: () => Promise<UsageStore>, closePool: () => Promise<void>): UsageStore {
  let opening: Promise<UsageStore> | undefined;
  const ready = () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  return {
    append: async (records) => (await ready()).append(records),
    get: async (id) => (await ready()).get(id),
    report: async (query) => (await ready()).report(query),
    recent: async (limit, filter) => (await ready()).recent(limit, filter),
    latency: async (from, to) => (await ready()).latency(from, to),
    totalsSince: async (since) => (await ready()).totalsSince(since),
    close: async () => {
      const store = await opening?.catch(() => undefined);
      if (store) await store.close();
      else await closePool();
    },
  };
}
