/** The embedded usage store (PGlite, a data directory on disk): the shared contract, then that the log survives a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteUsageStore } from '../../src/storage/pglite-usage-store';
import type { UsageRecord } from '../../src/storage/types';
import { describeUsageStore } from './usage-store-contract';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-pglite-'));
  dirs.push(dir);
  return join(dir, 'usage');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeUsageStore('pglite', () => openPgliteUsageStore({ dataDir: freshDir() }));

describe('PGlite usage store: the log lives in its data directory', () => {
  it('records appended before a close are found after reopening the same directory, and new ones add to them', { timeout: 120_000 }, async () => {
    const dataDir = freshDir();
    const base: UsageRecord = {
      id: 'gen_a', createdAt: Date.parse('2026-04-02T10:00:00Z'), keyName: 'ci', team: 'alpha', user: 'ana', tags: ['t'],
      kind: 'language', model: 'openai/gpt-5', provider: 'openai', providerModel: 'gpt-5', credentialType: 'system',
      attempts: [{ provider: 'openai', model: 'gpt-5', credentialType: 'system', success: true, statusCode: 200, durationMs: 10 }],
      status: 200, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
      cost: 0.25, latencyMs: 20, ttftMs: 8, streamed: true, cacheHit: false,
    };
    const first = await openPgliteUsageStore({ dataDir });
    await first.append([base]);
    await first.close();

    const second = await openPgliteUsageStore({ dataDir });
    try {
      expect(await second.get('gen_a')).toEqual(base);
      await second.append([{ ...base, id: 'gen_b', cost: 0.5 }]);
      const rows = await second.report({ startDate: '2026-04-02', endDate: '2026-04-02', groupBy: 'user', datePart: 'day' });
      expect(rows.map((r) => [r.user, r.request_count, r.total_cost])).toEqual([['ana', 2, 0.75]]);
      expect((await second.totalsSince(Date.parse('2026-04-01T00:00:00Z'))).find((t) => t.scope === 'key')).toEqual({ scope: 'key', name: 'ci', cost: 0.75, tokens: 30 });
    } finally {
      await second.close();
    }
  });

  it('a log written before quota entities were logged gains the column on open: old records read back unchanged, new ones keep theirs', { timeout: 120_000 }, async () => {
    const dataDir = freshDir();
    const old: UsageRecord = {
      id: 'gen_old', createdAt: Date.parse('2026-04-02T10:00:00Z'), keyName: 'ci', tags: [], kind: 'language', model: 'openai/gpt-5', credentialType: 'system',
      attempts: [], status: 200, inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
      cost: 0.25, latencyMs: 20, ttftMs: 8, streamed: false, cacheHit: false,
    };
    const first = await openPgliteUsageStore({ dataDir });
    await first.append([old]);
    await first.close();
    // The table as an earlier version created it: no quota_entity column.
    const { PGlite } = await import('@electric-sql/pglite');
    const raw = await PGlite.create(dataDir);
    await raw.query('ALTER TABLE modelgate_usage DROP COLUMN quota_entity');
    await raw.close();

    const upgraded = await openPgliteUsageStore({ dataDir });
    try {
      expect(await upgraded.get('gen_old')).toEqual(old);
      await upgraded.append([{ ...old, id: 'gen_new', quotaEntity: 'acme' }]);
      expect(await upgraded.get('gen_new')).toEqual({ ...old, id: 'gen_new', quotaEntity: 'acme' });
      const rows = await upgraded.report({ startDate: '2026-04-02', endDate: '2026-04-02', groupBy: 'quota_entity', datePart: 'day' });
      expect(rows.map((r) => [r.quota_entity, r.request_count])).toEqual([['acme', 1], [undefined, 1]]);
    } finally {
      await upgraded.close();
    }
  });

  it('an empty data directory path is refused with a clear error', async () => {
    await expect(openPgliteUsageStore({ dataDir: '' })).rejects.toThrow(/dataDir must be a directory path/);
  });
});
