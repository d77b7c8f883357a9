/**
 * The local stand-in's decision and batch endpoints over a real socket, through
 * `modelgate/v4` and ai 7, and the `decision` and `batch` examples run keyless against it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  experimental_cancelBatch as cancelBatch,
  experimental_decide as decide,
  experimental_getBatchResults as getBatchResults,
  experimental_getBatchStatus as getBatchStatus,
  experimental_startBatch as startBatch,
} from 'ai-v7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../examples/local-gateway';
import { createGateway, GatewayInvalidRequestError, GatewayNotFoundError } from '../src/v4';

const execFileAsync = promisify(execFile);
let local: LocalGateway;
let gateway: ReturnType<typeof createGateway>;

beforeAll(async () => {
  local = await startLocalGateway();
  gateway = createGateway({ baseURL: local.baseURL('v4'), apiKey: 'local' });
});
afterAll(() => local.close());

const questions = {
  team: { type: 'choice', criteria: { billing: 'invoices refunds charges', shipping: 'parcels delivery courier' } },
  urgency: { type: 'score', criteria: ['later', 'today', 'blocked right now'] },
  angry: { type: 'boolean', criteria: { true: 'angry upset' } },
} as const;

describe('local stand-in: decision model', () => {
  it('answers deterministically, in a shape ai 7 accepts', async () => {
    const call = () => decide({ model: gateway.decisionModel('liquid/d1'), state: 'My parcel delivery is late, the courier lost it. I am upset.', questions });
    const first = await call();
    const second = await call();
    expect(second.answers).toEqual(first.answers);
    expect(first.answers.team).toMatchObject({ type: 'choice', choice: 'shipping' });
    expect(first.answers.angry.type === 'boolean' && first.answers.angry.probability).toBeGreaterThan(0.5);
    expect(first.response.modelId).toBe('liquid/d1');
  });

  it('runs the conditional fallback when its condition holds, and names the model that answered', async () => {
    const result = await decide({
      model: gateway.decisionModel('liquid/d1'),
      state: 'Hello there.',
      questions,
      providerOptions: { gateway: { models: [{ model: 'liquid/d1-ultra', when: { question: 'team', confidenceBelow: 0.9 } }] } },
    });
    expect(result.response.modelId).toBe('liquid/d1-ultra');
    expect(result.providerMetadata?.gateway?.routing).toEqual({
      modelAttempts: [{ model: 'liquid/d1' }, { model: 'liquid/d1-ultra', triggeredBy: { question: 'team', confidenceBelow: 0.9 } }],
    });
  });
});

describe('local stand-in: batch lifecycle', () => {
  const requests = [
    { id: 'a', type: 'text' as const, model: 'openai/gpt-5.4', prompt: 'First question' },
    { id: 'b', type: 'text' as const, model: 'openai/gpt-5.4', prompt: 'Second question' },
  ];

  it('start, results too early (400), status until completed, results', async () => {
    const batch = await startBatch({ provider: gateway, requests });
    expect(batch).toMatchObject({ provider: 'gateway.batch', status: 'pending', requestCounts: { total: 2, pending: 2, completed: 0, failed: 0 } });
    expect(batch.providerMetadata?.gateway).toMatchObject({ asyncJob: { jobId: batch.id, webhookSigningSecret: expect.any(String) } });

    const early = await collect(getBatchResults({ provider: gateway, batch, maxRetries: 0 })).catch((error: unknown) => error);
    expect(GatewayInvalidRequestError.isInstance(early)).toBe(true);

    expect(await getBatchStatus({ provider: gateway, batch })).toMatchObject({ status: 'pending' });
    expect(await getBatchStatus({ provider: gateway, batch })).toMatchObject({ status: 'completed', requestCounts: { completed: 2 } });
    const items = await collect(getBatchResults({ provider: gateway, batch }));
    expect(items.map((item) => [item.id, item.status])).toEqual([['a', 'succeeded'], ['b', 'succeeded']]);
    expect(items[0]).toMatchObject({ text: expect.stringContaining('First question'), finishReason: 'stop' });
  });

  it('the same idempotency key returns the same batch', async () => {
    const options = { provider: gateway, requests, providerOptions: { gateway: { idempotencyKey: 'same-key' } } };
    const first = await startBatch(options);
    const again = await startBatch(options);
    expect(again.id).toBe(first.id);
  });

  it('cancel, then the status is failed and the items cancelled', async () => {
    const batch = await startBatch({ provider: gateway, requests });
    expect(await cancelBatch({ provider: gateway, batch })).toMatchObject({ providerMetadata: { gateway: { asyncJob: { status: 'cancelled' } } } });
    expect(await getBatchStatus({ provider: gateway, batch })).toMatchObject({ status: 'failed', rawStatus: 'cancelled' });
    expect((await collect(getBatchResults({ provider: gateway, batch }))).map((item) => item.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('an unknown batch is 404 not_found', async () => {
    const error = await getBatchStatus({ provider: gateway, batch: { version: 2, id: 'batch_nope', provider: 'gateway.batch' }, maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(GatewayNotFoundError.isInstance(error)).toBe(true);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('examples run with no key', () => {
  // Needs dist/ (the examples import 'modelgate/v4'); `npm test` builds it first.
  const env = { ...process.env };
  delete env.AI_GATEWAY_API_KEY;
  delete env.VERCEL_OIDC_TOKEN;
  delete env.AI_GATEWAY_BASE_URL;
  const run = (name: string) =>
    execFileAsync(process.execPath, ['--import', 'tsx', 'examples/run.ts', name], { env, timeout: 60_000 });

  it('decision', async () => {
    const { stdout } = await run('decision');
    expect(stdout).toContain('local gateway stand-in');
    expect(stdout).toMatch(/category: billing/);
    expect(stdout).toMatch(/answered by liquid\/d1-ultra \(fallback/);
  }, 60_000);

  it('batch', async () => {
    const { stdout } = await run('batch');
    expect(stdout).toMatch(/batch batch_\w+: pending, 3 requests/);
    expect(stdout).toContain('completed');
    expect(stdout).toMatch(/q3: You said: "Translate/);
  }, 60_000);
});
