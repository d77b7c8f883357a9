/**
 * Issue 13, item 7, with the real engines: `modelgate serve` replicas on a real Redis and a real
 * PostgreSQL that are killed mid-run. Redis down: the `onOutage: 'open'` replica keeps serving and
 * logs one line, the `'closed'` one answers 503; Redis back: limits hold again. PostgreSQL down:
 * calls are still served, their usage records kept and written once it is back. And the embedded
 * engine: a restarted `modelgate serve` with `storage: { embedded }` still answers an earlier
 * call's `/v1/generation` and still counts the month's budget spend. Throughout, `/health/ready`
 * says what a load balancer should do with each replica, and `/metrics` whether Redis answers.
 *
 * Needs redis-server and PostgreSQL (`bash scripts/ensure-services.sh`) and `npm run build`.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres, startRedis, type PostgresInstance, type RedisInstance } from '../storage/engines';
import { CLI, callModel, freshMinute, getJson, MODEL, startReplica, startUpstream, tempDir, until, writeConfig, type Replica, type Upstream } from './replica-harness';

const KEYS = {
  admin: 'mg-outage-admin-key-00000001',
  tight: 'mg-outage-tight-key-00000002',
  plain: 'mg-outage-plain-key-00000003',
  budget: 'mg-outage-budget-key-0000004',
} as const;

const keys = [
  { name: 'admin', key: KEYS.admin, admin: true },
  { name: 'tight', key: KEYS.tight, limits: { requestsPerMinute: 2 } },
  { name: 'plain', key: KEYS.plain },
  { name: 'budget', key: KEYS.budget, budget: { monthlyUsd: 1 } },
];

/** GET /health/ready, with no key: what a load balancer sees. */
async function readiness(replica: Replica): Promise<{ status: number; body: { status: string; checks: { counters: string; usage: string } } }> {
  const response = await fetch(`${replica.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: { counters: string; usage: string } } };
}

/** `modelgate_governance_store_up` as a Prometheus scrape with the admin key reads it. */
async function storeUp(replica: Replica): Promise<number> {
  const text = await (await fetch(`${replica.url}/metrics`, { headers: { authorization: `Bearer ${KEYS.admin}` } })).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith('modelgate_governance_store_up '));
  return Number(line?.split(' ')[1]);
}

const outageLines = (replica: Replica) => replica.stderr().split('\n').filter((line) => line.includes('governance store unavailable'));

describe('Redis and PostgreSQL outages under modelgate serve', () => {
  let redis: RedisInstance;
  let postgres: PostgresInstance;
  let upstream: Upstream;
  let open: Replica;
  let closed: Replica;
  const dir = tempDir('modelgate-outages-');

  beforeAll(async () => {
    [redis, postgres, upstream] = await Promise.all([startRedis(), startPostgres(), startUpstream()]);
    const storage = { redis: redis.url, postgres: postgres.url };
    open = await startReplica(writeConfig(dir.path, 'open.mjs', { keys, storage: { ...storage, onOutage: 'open' } }), upstream.env);
    closed = await startReplica(writeConfig(dir.path, 'closed.mjs', { keys, storage: { ...storage, onOutage: 'closed' } }), upstream.env);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([open?.stop(), closed?.stop()]);
    await Promise.all([redis?.stop(), postgres?.stop(), upstream?.server.close()]);
    dir.remove();
  }, 60_000);

  it('Redis down: open keeps serving (limits off) with one log line, closed answers 503; back: limits hold again', async () => {
    await freshMinute(redis.url, 20_000);
    expect((await callModel(open.url, KEYS.tight, 'one')).status).toBe(200);
    expect((await callModel(open.url, KEYS.tight, 'two')).status).toBe(200);
    expect((await callModel(open.url, KEYS.tight, 'three')).status).toBe(429);

    await redis.kill();
    const served: number[] = [];
    for (let index = 0; index < 5; index++) served.push((await callModel(open.url, KEYS.tight, `during the outage ${index}`)).status);
    // Open: the limit cannot be checked, so calls are admitted.
    expect(served).toEqual([200, 200, 200, 200, 200]);
    expect(outageLines(open)).toHaveLength(1);
    expect(outageLines(open)[0]).toContain('admitting calls without limits or budgets (storage.onOutage: open)');
    expect(await storeUp(open)).toBe(0);
    // A load balancer keeps the open replica (degraded) and takes the closed one out (503).
    expect(await readiness(open)).toEqual({ status: 200, body: { status: 'degraded', checks: { counters: 'unavailable', usage: 'ok' } } });
    expect(await readiness(closed)).toEqual({ status: 503, body: { status: 'unavailable', checks: { counters: 'unavailable', usage: 'ok' } } });

    // (A key with no limit or budget never waits on the store; the budget key's calls read it first.)
    const refused = await callModel(closed.url, KEYS.budget, 'closed during the outage');
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toContain('storage.onOutage: closed');
    expect((await callModel(closed.url, KEYS.budget, 'closed, again')).status).toBe(503);
    expect(outageLines(closed)).toHaveLength(1);

    await redis.start();
    // The clients reconnect by themselves; the closed replica serves again once Redis answers.
    await until(async () => (await callModel(closed.url, KEYS.budget, 'closed, Redis back?')).status === 200, 20_000, 'the closed replica to serve again');
    expect(closed.stderr()).toContain('governance store answers again; limits and budgets apply.');
    // The open replica admits calls until its own client is back: wait for that too (the budget key reads the store).
    await until(
      async () => (await callModel(open.url, KEYS.budget, 'open, Redis back?')).status === 200 && open.stderr().includes('governance store answers again; limits and budgets apply.'),
      20_000,
      'the open replica to reach Redis again',
    );
    expect(await readiness(open)).toEqual({ status: 200, body: { status: 'ready', checks: { counters: 'ok', usage: 'ok' } } });
    expect(await storeUp(open)).toBe(1);
    expect(await readiness(closed)).toEqual({ status: 200, body: { status: 'ready', checks: { counters: 'ok', usage: 'ok' } } });
    // A restarted Redis kept nothing (no persistence): the tight key gets its 2 again, then 429.
    await freshMinute(redis.url, 20_000);
    const after: number[] = [];
    for (let index = 0; index < 3; index++) after.push((await callModel(open.url, KEYS.tight, `after the outage ${index}`)).status);
    expect(after).toEqual([200, 200, 429]);
    expect(outageLines(open)).toHaveLength(1);
  }, 120_000);

  it('PostgreSQL down: calls are served, their usage records kept and written once it is back', async () => {
    await postgres.kill();
    const ids: string[] = [];
    for (let index = 0; index < 4; index++) {
      const result = await callModel(open.url, KEYS.plain, `while PostgreSQL is down ${index}`);
      expect(result.status).toBe(200);
      ids.push(result.body.providerMetadata!.gateway!.generationId!);
    }
    // Still answered from the records waiting to be written.
    const pending = await getJson<{ data: { id: string } }>(`${open.url}/v1/generation?id=${ids[0]}`, KEYS.plain);
    expect(pending.status).toBe(200);
    await until(() => open.stderr().includes('usage log write failed'), 10_000, 'the write failure log line');
    // The records wait in memory, so both replicas stay in (degraded), whatever their counter policy.
    expect(await readiness(open)).toEqual({ status: 200, body: { status: 'degraded', checks: { counters: 'ok', usage: 'unavailable' } } });
    expect(await readiness(closed)).toEqual({ status: 200, body: { status: 'degraded', checks: { counters: 'ok', usage: 'unavailable' } } });
    expect(open.stderr().match(/usage log write failed/g)).toHaveLength(1);

    await postgres.start();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await until(
        async () => (await client.query<{ n: string }>('SELECT count(*) AS n FROM modelgate_usage WHERE id = ANY($1)', [ids])).rows[0]!.n === String(ids.length),
        20_000,
        'the buffered usage records in PostgreSQL',
      );
    } finally {
      await client.end();
    }
    expect(open.stderr()).toContain('usage log writes succeed again.');
    await until(async () => (await readiness(open)).body.status === 'ready', 20_000, 'the open replica to be ready again');
    // The other replica (which never saw these calls) reads them from PostgreSQL.
    const elsewhere = await getJson<{ data: { id: string; model: string } }>(`${closed.url}/v1/generation?id=${ids[3]}`, KEYS.admin);
    expect(elsewhere).toMatchObject({ status: 200, body: { data: { id: ids[3], model: MODEL } } });
  }, 90_000);
});

describe('the embedded engine across a restart', () => {
  const dir = tempDir('modelgate-embedded-');
  let upstream: Upstream;

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterAll(async () => {
    await upstream?.server.close();
    dir.remove();
  });

  it('keeps the usage log and the month’s budget spend: an earlier generation still answers, spend still counts', async () => {
    const configFile = writeConfig(dir.path, 'embedded.mjs', { keys, storage: { embedded: `${dir.path}/data` } });
    let replica = await startReplica(configFile, upstream.env, 90_000);
    expect(replica.summary).toMatch(/storage\s+embedded: usage log in \S+\/data \(PGlite\) · limits and budgets in memory, restored from the usage log \(0 budget and 0 token counters\)/);
    const ids: string[] = [];
    let cost = 0;
    for (let index = 0; index < 3; index++) {
      const result = await callModel(replica.url, KEYS.budget, `Embedded call ${index}`);
      expect(result.status).toBe(200);
      ids.push(result.body.providerMetadata!.gateway!.generationId!);
      cost += Number(result.body.providerMetadata!.gateway!.cost);
    }
    const creditsUrl = () => `${replica.url}/v1/credits`;
    await until(async () => Number((await getJson<{ total_used: string }>(creditsUrl(), KEYS.budget)).body.total_used) > 0, 5_000, 'the spend');
    const before = (await getJson<{ balance: string; total_used: string }>(creditsUrl(), KEYS.budget)).body;
    expect(Number(before.total_used)).toBeCloseTo(cost, 9);

    expect(await replica.stop()).toBe(0);
    replica = await startReplica(configFile, upstream.env, 90_000);
    try {
      expect(replica.summary).toMatch(/restored from the usage log \([1-9]\d* budget and [1-9]\d* token counters\)/);
      for (const id of ids) {
        const { status, body } = await getJson<{ data: { id: string; total_cost: number } }>(`${replica.url}/v1/generation?id=${id}`, KEYS.budget);
        expect(status).toBe(200);
        expect(body.data.id).toBe(id);
        expect(body.data.total_cost).toBeGreaterThan(0);
      }
      expect((await getJson<{ balance: string; total_used: string }>(creditsUrl(), KEYS.budget)).body).toEqual(before);
    } finally {
      expect(await replica.stop()).toBe(0);
    }
  }, 240_000);
});

describe('modelgate serve started while Redis and PostgreSQL are down', () => {
  const dir = tempDir('modelgate-start-down-');
  let redis: RedisInstance;
  let postgres: PostgresInstance;
  let upstream: Upstream;
  let replica: Replica | undefined;

  beforeAll(async () => {
    [redis, postgres, upstream] = await Promise.all([startRedis(), startPostgres(), startUpstream()]);
    await Promise.all([redis.kill(), postgres.kill()]);
  }, 120_000);

  afterAll(async () => {
    await replica?.stop();
    await Promise.all([redis?.stop(), postgres?.stop(), upstream?.server.close()]);
    dir.remove();
  }, 60_000);

  it('comes up and serves by its outage policy, says so without credentials, then enforces limits and writes the log once they answer', async () => {
    // PostgreSQL trusts local connections, so the password is never checked: it is here to be kept out of every line.
    const postgresUrl = postgres.url.replace('postgres@', 'postgres:s3cret-pass@');
    const config = writeConfig(dir.path, 'start-down.mjs', { keys, storage: { redis: redis.url, postgres: postgresUrl, onOutage: 'open' } });
    replica = await startReplica(config, upstream.env, 90_000);
    expect(replica.summary).toContain('UNREACHABLE at startup');
    expect(replica.summary).not.toContain('s3cret-pass');

    // Down: calls are served (onOutage open), the limit cannot be checked.
    const during = await callModel(replica.url, KEYS.tight, 'served while both are down');
    expect(during.status).toBe(200);
    expect((await callModel(replica.url, KEYS.tight, 'again')).status).toBe(200);
    expect((await callModel(replica.url, KEYS.tight, 'and again')).status).toBe(200);
    expect(await readiness(replica)).toEqual({ status: 200, body: { status: 'degraded', checks: { counters: 'unavailable', usage: 'unavailable' } } });

    // Up: the client reconnects by itself; the per-minute limit (2) holds again.
    await Promise.all([redis.start(), postgres.start()]);
    await freshMinute(redis.url, 20_000);
    await until(async () => (await callModel(replica!.url, KEYS.tight, 'once Redis is back')).status === 429, 30_000, 'the limit to hold once Redis is back');

    // The record of the call made while PostgreSQL was down reaches the log.
    const id = during.body.providerMetadata?.gateway?.generationId;
    expect(id).toMatch(/^gen_/);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await until(async () => {
        const rows = await client.query('SELECT id FROM modelgate_usage WHERE id = $1', [id]).catch(() => ({ rows: [] }));
        return rows.rows.length === 1;
      }, 30_000, 'the queued usage record to be written');
    } finally {
      await client.end();
    }
    await until(async () => (await readiness(replica!)).body.status === 'ready', 30_000, 'the replica to be ready once both answer');
    expect(replica.stderr()).not.toContain('s3cret-pass');
  }, 180_000);
});

describe('modelgate serve with storage it cannot open', () => {
  const dir = tempDir('modelgate-bad-storage-');
  afterAll(() => dir.remove());

  const runToExit = (configFile: string) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--port', '0'], { env: { PATH: process.env.PATH, UPSTREAM_URL: 'http://127.0.0.1:9', UPSTREAM_KEY: 'k' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`did not exit within 30 s\n${stdout}\n${stderr}`));
      }, 30_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout });
      });
    });

  it('a typo in the storage key: exits 1 naming it and the keys there are', async () => {
    const result = await runToExit(writeConfig(dir.path, 'typo.mjs', { keys, storage: { postgress: 'postgres://localhost/x' } }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid gateway server config at `storage.postgress`: unknown storage setting. Use redis, postgres, embedded, keyPrefix or onOutage.');
  }, 40_000);
});
