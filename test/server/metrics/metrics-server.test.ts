/**
 * GET /metrics through the real gateway server on a socket: calls made with `ai` 7 and modelgate's
 * client (served, failed over, unknown model) show up in Prometheus's text format, for admin keys only.
 */
import { generateText, streamText } from 'ai-v7';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../../src/v4';
import { useHarness } from '../harness-hooks';
import { GATEWAY_KEY, MODELS, type Harness } from '../scenario-harness';

const ADMIN_KEY = 'mg-metrics-admin-key-000001';
const APP_KEY = 'mg-metrics-app-key-00000002';

let harness: Harness;
useHarness((started) => (harness = started), 60_000, {
  config: {
    keys: [
      { name: 'scenarios', key: GATEWAY_KEY },
      // What the README suggests for a scraper: admin, and no model.
      { name: 'prometheus', key: ADMIN_KEY, admin: true, models: [] },
      { name: 'app', key: APP_KEY },
    ],
  },
});

/** Every sample line, keyed `name{label="value",…}` with labels sorted; checks each belongs to a declared family. */
function parseExposition(text: string): Map<string, number> {
  const declared = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      declared.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    const [, name, labelText = '', value] = sample;
    const family = name!.replace(/_(bucket|sum|count)$/, '');
    if (!declared.has(name!) && declared.get(family) !== 'histogram') throw new Error(`sample before its TYPE: ${line}`);
    const labels = [...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, raw]) => `${key}="${raw}"`).sort();
    samples.set(`${name}{${labels.join(',')}}`, Number(value));
  }
  return samples;
}

async function scrape(key = ADMIN_KEY): Promise<Map<string, number>> {
  const response = await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await response.text());
}

const series = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',')}}`;

describe('/metrics on the gateway server', () => {
  it('no key: 401; a key without admin: 403 naming the fix; POST: 405', async () => {
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(401);
    const notAdmin = await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${APP_KEY}` } });
    expect(notAdmin.status).toBe(403);
    expect(await notAdmin.json()).toMatchObject({ error: { type: 'forbidden', message: expect.stringContaining('admin: true') } });
    const post = await fetch(`${harness.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(post.status).toBe(405);
  });

  it('the scraper key (admin, models: []) reads metrics but may not call a model', async () => {
    await scrape(ADMIN_KEY);
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: ADMIN_KEY });
    await expect(generateText({ model: gateway(MODELS.responses), prompt: 'Scraper calling' })).rejects.toThrow(/may not use model/);
  });

  it('counts served, failed over and refused calls, their tokens, cost and timings', async () => {
    const before = await scrape();
    const delta = (key: string, after: Map<string, number>) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: APP_KEY });

    const served = await generateText({ model: gateway(MODELS.responses), prompt: 'Metrics, first call' });
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'The openai fake is down.' });
    const failedOver = streamText({ model: gateway(MODELS.responses), prompt: 'Metrics, failed over' });
    await failedOver.consumeStream();
    await expect(generateText({ model: gateway('made-up/model-for-metrics'), prompt: 'Nobody serves this' })).rejects.toThrow();

    const after = await scrape();
    const language = { key: 'app', model: MODELS.responses, kind: 'language' };
    expect(delta(series('modelgate_requests_total', { ...language, provider: 'openai', status: '200' }), after)).toBe(1);
    expect(delta(series('modelgate_requests_total', { ...language, provider: 'azure', status: '200' }), after)).toBe(1);
    expect(delta(series('modelgate_requests_total', { key: 'app', model: '(unknown)', provider: '', kind: 'language', status: '404' }), after)).toBe(1);
    // The client's model id never becomes a label value.
    expect([...after.keys()].some((key) => key.includes('made-up'))).toBe(false);

    expect(delta(series('modelgate_provider_attempts_total', { provider: 'openai', outcome: 'success' }), after)).toBe(1);
    expect(delta(series('modelgate_provider_attempts_total', { provider: 'openai', outcome: 'error' }), after)).toBe(1);
    expect(delta(series('modelgate_provider_attempts_total', { provider: 'azure', outcome: 'success' }), after)).toBe(1);

    const cost = Number((served.providerMetadata?.gateway as { cost: string }).cost);
    expect(cost).toBeGreaterThan(0);
    expect(delta(series('modelgate_cost_usd_total', { key: 'app', model: MODELS.responses, provider: 'openai', credential: 'system' }), after)).toBeCloseTo(cost, 12);
    expect(delta(series('modelgate_tokens_total', { model: MODELS.responses, provider: 'openai', type: 'input' }), after)).toBe(served.usage.inputTokens);
    expect(delta(series('modelgate_tokens_total', { model: MODELS.responses, provider: 'openai', type: 'output' }), after)).toBe(served.usage.outputTokens);

    expect(delta(series('modelgate_request_duration_seconds_count', { kind: 'language', model: MODELS.responses }), after)).toBe(2);
    expect(delta(series('modelgate_request_duration_seconds_bucket', { kind: 'language', model: MODELS.responses, le: '+Inf' }), after)).toBe(2);
    expect(delta(series('modelgate_time_to_first_token_seconds_count', { model: MODELS.responses }), after)).toBe(1);
    expect(after.get('modelgate_requests_in_flight{}')).toBe(0);
    expect(after.get('modelgate_governance_store_up{}')).toBe(1);
    expect(after.get('modelgate_usage_records_dropped_total{}')).toBe(0);
  });

  it('a stream still open is in flight until it ends, or until its client leaves', async () => {
    const { behavior } = harness.upstreams.openai;
    behavior.chunkDelayMs = 100;
    behavior.deltas = 4;
    try {
      const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: APP_KEY });
      const finished = streamText({ model: gateway(MODELS.responses), prompt: 'Metrics, read to the end' });
      await finished.textStream[Symbol.asyncIterator]().next();
      expect((await scrape()).get('modelgate_requests_in_flight{}')).toBe(1);
      await finished.consumeStream();
      expect((await scrape()).get('modelgate_requests_in_flight{}')).toBe(0);

      const leaving = new AbortController();
      const left = await gateway(MODELS.responses).doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Metrics, left early' }] }], abortSignal: leaving.signal });
      const reader = left.stream.getReader();
      await reader.read();
      expect((await scrape()).get('modelgate_requests_in_flight{}')).toBe(1);
      leaving.abort();
      await reader.cancel().catch(() => undefined);
      await expect.poll(async () => (await scrape()).get('modelgate_requests_in_flight{}'), { timeout: 3_000 }).toBe(0);
    } finally {
      behavior.chunkDelayMs = 0;
      behavior.deltas = undefined;
    }
  });
});
