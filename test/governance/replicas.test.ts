/**
 * Issue 13, item 5: three `modelgate serve` replicas (the built CLI, each its own process) on ONE
 * real Redis and ONE real PostgreSQL, in front of a fake OpenAI upstream. Proves that a 60/min
 * limit admits exactly 60 across the three, that a hard budget is overspent by no more than the
 * calls in flight, that a response cached by one replica is served by another, and that
 * restarting a replica loses nothing (usage records, generations, counters).
 *
 * Needs redis-server and PostgreSQL (`bash scripts/ensure-services.sh`) and `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startRedis, type PostgresInstance, type RedisInstance } from '../storage/engines';
import {
  callModel,
  freshMinute,
  getJson,
  MODEL,
  startReplica,
  startUpstream,
  tempDir,
  until,
  writeConfig,
  type CallResult,
  type Replica,
  type Upstream,
} from './replica-harness';

const KEYS = {
  admin: 'mg-replicas-admin-key-000001',
  limited: 'mg-replicas-limited-key-00002',
  budget: 'mg-replicas-budget-key-000003',
  plain: 'mg-replicas-plain-key-0000004',
  counted: 'mg-replicas-counted-key-00005',
} as const;
/** Cost of one call with BUDGET_PROMPT, measured once; the budget is set to ~10 of them. */
const BUDGET_PROMPT = 'Spend a little of the budget';
const BUDGET_USD = 0.0005;

let redis: RedisInstance;
let postgres: PostgresInstance;
let upstream: Upstream;
let configFile: string;
const dir = tempDir('modelgate-replicas-');
const replicas: Replica[] = [];
/** Calls made per key (served or refused): each must be one usage record. */
const sent = new Map<string, number>();
/** Generation ids answered, with the replica that answered. */
const answered: Array<{ id: string; replica: number }> = [];

const env = () => ({ ...upstream.env });

async function call(replica: number, key: keyof typeof KEYS, text: string, gateway: Record<string, unknown> = {}): Promise<CallResult> {
  sent.set(key, (sent.get(key) ?? 0) + 1);
  const result = await callModel(replicas[replica]!.url, KEYS[key], text, gateway);
  const id = result.body.providerMetadata?.gateway?.generationId;
  if (id) answered.push({ id, replica });
  return result;
}

const credits = async (replica: number, key: keyof typeof KEYS) =>
  (await getJson<{ balance: string; total_used: string }>(`${replicas[replica]!.url}/v1/credits`, KEYS[key])).body;

beforeAll(async () => {
  [redis, postgres, upstream] = await Promise.all([startRedis(), startPostgres(), startUpstream()]);
  configFile = writeConfig(dir.path, 'gateway.config.mjs', {
    keys: [
      { name: 'admin', key: KEYS.admin, admin: true },
      { name: 'limited', key: KEYS.limited, limits: { requestsPerMinute: 60 } },
      { name: 'budget', key: KEYS.budget, budget: { monthlyUsd: BUDGET_USD } },
      { name: 'plain', key: KEYS.plain },
      { name: 'counted', key: KEYS.counted, limits: { requestsPerMinute: 10 } },
    ],
    storage: { redis: redis.url, postgres: postgres.url },
  });
  // The first replica creates the table; the other two start together.
  replicas.push(await startReplica(configFile, env()));
  replicas.push(...(await Promise.all([startReplica(configFile, env()), startReplica(configFile, env())])));
}, 180_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await Promise.all([redis?.stop(), postgres?.stop(), upstream?.server.close()]);
  dir.remove();
}, 60_000);

describe('three modelgate serve replicas on one Redis and one PostgreSQL', () => {
  it('each names its storage in the startup summary, without credentials', () => {
    for (const replica of replicas) {
      expect(replica.summary).toMatch(/storage\s+Redis at 127\.0\.0\.1:\d+ \(limits, budgets, cache; keys modelgate:…\) · PostgreSQL at 127\.0\.0\.1:\d+\/postgres \(usage log\) · on outage: open/);
    }
  });

  it('a 60/min limit admits exactly 60 in the minute across the three (75 sent round-robin, 15 at a time)', async () => {
    await freshMinute(redis.url, 25_000);
    const results: CallResult[] = [];
    for (let wave = 0; wave < 5; wave++) {
      results.push(...(await Promise.all(Array.from({ length: 15 }, (_, index) => call((wave * 15 + index) % 3, 'limited', `Limited call ${wave}-${index}`)))));
    }
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(60);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    for (const refused of results.filter((result) => result.status === 429)) {
      expect(refused.body.error?.type).toBe('rate_limit_exceeded');
      const retryAfter = Number(refused.retryAfter);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  }, 90_000);

  it('a hard budget is overspent by no more than the calls in flight, then every replica answers 402', async () => {
    const probe = await call(0, 'plain', BUDGET_PROMPT);
    const perCall = Number(probe.body.providerMetadata?.gateway?.cost);
    expect(perCall).toBeGreaterThan(0);
    // Spend sequentially up to two calls short of the budget, then burst 9 calls at once (3 per replica).
    const sequential = Math.floor(BUDGET_USD / perCall) - 2;
    expect(sequential).toBeGreaterThan(3);
    for (let index = 0; index < sequential; index++) expect((await call(index % 3, 'budget', BUDGET_PROMPT)).status).toBe(200);
    upstream.fake.behavior.firstTokenDelayMs = 400;
    const inFlight = 9;
    let burst: CallResult[];
    try {
      burst = await Promise.all(Array.from({ length: inFlight }, (_, index) => call(index % 3, 'budget', BUDGET_PROMPT)));
    } finally {
      upstream.fake.behavior.firstTokenDelayMs = 0;
    }
    const admitted = burst.filter((result) => result.status === 200).length;
    expect(admitted + burst.filter((result) => result.status === 402).length).toBe(inFlight);

    // Spend is added when a call ends (in the background): wait until every replica's counter has it.
    const expected = (sequential + admitted) * perCall;
    await until(async () => Math.abs(Number((await credits(0, 'budget')).total_used) - expected) < 1e-9, 10_000, 'the burst spend in Redis');
    const spent = Number((await credits(1, 'budget')).total_used);
    expect(spent).toBeCloseTo(expected, 9);
    expect(spent).toBeGreaterThanOrEqual(BUDGET_USD - 2 * perCall);
    expect(spent).toBeLessThanOrEqual(BUDGET_USD + inFlight * perCall);

    // Over the budget now: every replica refuses, with the protocol's body.
    if (spent >= BUDGET_USD) {
      for (let replica = 0; replica < 3; replica++) {
        const refused = await call(replica, 'budget', BUDGET_PROMPT);
        expect(refused.status).toBe(402);
        expect(refused.body.error?.type).toBe('quota_for_entity_exceeded');
        expect(refused.body.error?.message).toMatch(/^Budget exhausted for key "budget": spent \$[\d.]+ of \$0\.0005 this month \(resets \d{4}-\d{2}-01T00:00:00Z\)\.$/);
      }
    }
    // When the burst left room (some of it refused), calls are admitted until the budget is spent, then 402 everywhere.
    let total = spent;
    while (total < BUDGET_USD) {
      expect((await call(2, 'budget', BUDGET_PROMPT)).status).toBe(200);
      total += perCall;
      await until(async () => Math.abs(Number((await credits(2, 'budget')).total_used) - total) < 1e-9, 10_000, 'the spend in Redis');
    }
    for (let replica = 0; replica < 3; replica++) expect((await call(replica, 'budget', BUDGET_PROMPT)).status).toBe(402);
  }, 90_000);

  it('a response cached by one replica is served by another, without an upstream call', async () => {
    const cacheControl = 'max-age=120';
    const text = 'Cache me across replicas';
    const before = upstream.calls();
    const first = await call(0, 'plain', text, { cacheControl });
    expect(first.status).toBe(200);
    expect(upstream.calls()).toBe(before + 1);
    for (const replica of [1, 2]) {
      const hit = await call(replica, 'plain', text, { cacheControl });
      expect(hit.status).toBe(200);
      expect(hit.body.providerMetadata?.gateway?.cache?.hit).toBe(true);
      expect(hit.body.providerMetadata?.gateway?.cost).toBe('0');
    }
    expect(upstream.calls()).toBe(before + 1);
  });

  it('restarting a replica loses nothing: usage records, earlier generations and counters carry on', async () => {
    await freshMinute(redis.url, 30_000);
    for (let index = 0; index < 4; index++) expect((await call(2, 'counted', `Counted call ${index}`)).status).toBe(200);
    const budgetBefore = await credits(2, 'budget');

    expect(await replicas[2]!.stop()).toBe(0);
    replicas[2] = await startReplica(configFile, env());

    // Every earlier generation, whichever replica served it, is answered by the restarted one.
    const restarted = replicas[2]!.url;
    for (const { id } of answered) {
      const { status, body } = await getJson<{ data: { id: string; model: string } }>(`${restarted}/v1/generation?id=${id}`, KEYS.admin);
      expect(status).toBe(200);
      expect(body.data).toMatchObject({ id, model: MODEL });
    }
    // Counters carry on: the budget's spend, and the minute's 4 of 10 requests.
    expect(await credits(2, 'budget')).toEqual(budgetBefore);
    const after: number[] = [];
    for (let index = 0; index < 7; index++) after.push((await call(2, 'counted', `Counted after restart ${index}`)).status);
    expect(after).toEqual([200, 200, 200, 200, 200, 200, 429]);

    // One usage record per call, served or refused, from all three replicas, in PostgreSQL.
    const today = new Date().toISOString().slice(0, 10);
    const reportUrl = `${restarted}/v1/report?start_date=${today}&end_date=${today}&group_by=key`;
    const counts = async () => {
      const { body } = await getJson<{ results: Array<{ key: string; request_count: number }> }>(reportUrl, KEYS.admin);
      return Object.fromEntries(body.results.map((row) => [row.key, row.request_count]));
    };
    await until(async () => JSON.stringify(await counts()) === JSON.stringify(Object.fromEntries([...sent].sort())), 10_000, 'every usage record').catch(() => {});
    expect(await counts()).toEqual(Object.fromEntries(sent));
  }, 120_000);
});
