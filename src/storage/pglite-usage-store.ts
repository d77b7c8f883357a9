/**
 * The embedded usage store: PGlite (npm `@electric-sql/pglite`, an optional peer dependency), i.e.
 * PostgreSQL compiled to WebAssembly running in this process, keeping its data directory on disk,
 * so the usage log (and the budget totals restored from it) survive restarts without another server.
 *
 * Node-only (a data directory on the file system): never imported by `src/server/**`.
 */
import type { PGlite } from '@electric-sql/pglite';
import { openSqlUsageStore, type SqlUsageStoreOptions } from './sql-usage-store';
import type { UsageStore } from './types';

export interface PgliteUsageStoreOptions extends SqlUsageStoreOptions {
  /** The data directory (created when missing). One process at a time may open it. */
  dataDir: string;
}

export async function openPgliteUsageStore(options: PgliteUsageStoreOptions): Promise<UsageStore> {
  if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '') {
    throw new TypeError('PGlite usage store: dataDir must be a directory path (e.g. ".modelgate/usage")');
  }
  // Imported here, not at the top: bundled into modelgate/server/node, a static import would make the optional driver required.
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  let db: PGlite;
  try {
    db = await PGliteClass.create(options.dataDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PGlite usage store: cannot open the data directory ${JSON.stringify(options.dataDir)} (${reason}). Is another gateway process using it?`, { cause: error });
  }
  try {
    return await openSqlUsageStore(
      {
        query: async (text, params) => (await db.query<Record<string, unknown>>(text, params ? [...params] : undefined)).rows,
        close: () => db.close(),
      },
      options,
    );
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
