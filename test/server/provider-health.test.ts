/**
 * Provider health (`demoteUnhealthy`): a provider whose last attempts on the server's own credentials failed
 * goes to the back of the default order for a while, so calls stop waiting on it first. The counting rule and
 * the ranking directly; then `ai` 7 with the modelgate client over a socket, against the fake upstreams.
 */
import { generateText } from 'ai-v7';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type GatewayProviderOptions } from '../../src/v4';
import { ProviderStats } from '../../src/server/provider-stats';
import { rankProviders } from '../../src/server/routing';
import type { ResolvedModel } from '../../src/server/config';
import { GATEWAY_KEY, MODELS, OPENAI_BYOK_KEY, startHarness, type Harness } from './scenario-harness';

describe('ProviderStats: when a provider counts as failing', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('after `afterFailures` failures in a row, for `forMs` after the last; one more failure demotes it again; a success clears it', () => {
    const stats = new ProviderStats({ afterFailures: 3, forMs: 30_000 }, clock);
    stats.recordOutcome('openai', true);
    stats.recordOutcome('openai', true);
    expect(stats.demoted('openai')).toBeUndefined();
    stats.recordOutcome('openai', true);
    now += 5_000;
    expect(stats.demoted('openai')).toEqual({ failures: 3, sinceMs: 5_000 });
    expect(stats.demoted('azure')).toBeUndefined();
    now += 25_000;
    expect(stats.demoted('openai')).toBeUndefined();
    stats.recordOutcome('openai', true);
    expect(stats.demoted('openai')).toEqual({ failures: 4, sinceMs: 0 });
    stats.recordOutcome('openai', false);
    expect(stats.demoted('openai')).toBeUndefined();
    stats.recordOutcome('openai', true);
    expect(stats.demoted('openai')).toBeUndefined();
  });

  it('never, with demoteUnhealthy: false', () => {
    const stats = new ProviderStats(false, clock);
    for (let index = 0; index < 10; index++) stats.recordOutcome('openai', true);
    expect(stats.demoted('openai')).toBeUndefined();
  });
});

describe('rankProviders with a failing provider', () => {
  const endpoint = (provider: string, input: string) => ({ provider, model: 'm', pricing: { input } });
  const model = { id: 'x/m', type: 'language', endpoints: [endpoint('a', '3'), endpoint('b', '1'), endpoint('c', '2')] } as unknown as ResolvedModel;
  const stats = new ProviderStats({ afterFailures: 1, forMs: 60_000 });
  stats.recordOutcome('b', true);
  const ranked = (options: Parameters<typeof rankProviders>[1]) => rankProviders(model, options, stats).map((entry) => entry.provider);

  it('moves it to the back of the configured or sorted order, the others keeping theirs; `order` still puts it where the caller listed it', () => {
    expect(ranked({})).toEqual(['a', 'c', 'b']);
    expect(ranked({ sort: 'cost' })).toEqual(['c', 'a', 'b']);
    expect(ranked({ order: ['b'] })).toEqual(['b', 'a', 'c']);
    expect(ranked({ only: ['a', 'b'] })).toEqual(['a', 'b']);
  });
});

describe('over a socket', () => {
  const FOR_MS = 400;
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ config: { demoteUnhealthy: { afterFailures: 2, forMs: FOR_MS } } });
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => harness.reset());

  const gateway = () => createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
  const ask = (prompt: string, gatewayOptions: GatewayProviderOptions = {}) =>
    generateText({ model: gateway()(MODELS.responses), prompt, maxRetries: 0, providerOptions: { gateway: gatewayOptions } });
  const routing = (result: Awaited<ReturnType<typeof ask>>) =>
    (result.providerMetadata?.gateway as { routing: { finalProvider: string; planningReasoning: string; attempts: Array<{ provider: string; success: boolean; credentialType: string }> } }).routing;
  const openaiCalls = () => harness.upstreams.openai.requests.length;

  it('two 503s from openai in a row: the next calls go to azure first without waiting on openai; the caller\'s order still wins, and its success restores openai at once', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    for (const prompt of ['One', 'Two']) {
      const result = await ask(prompt);
      expect(routing(result).attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([
        ['openai', false],
        ['azure', true],
      ]);
    }
    const demoted = await ask('Three');
    expect(routing(demoted).attempts.map((attempt) => attempt.provider)).toEqual(['azure']);
    expect(routing(demoted).planningReasoning).toMatch(/Deprioritized while failing: openai \(2 failures in a row, the last \d+ s ago\)/);
    expect(openaiCalls()).toBe(2);
    expect(routing(await ask('Four', { order: ['openai', 'azure'] })).finalProvider).toBe('openai');
    expect(routing(await ask('Five')).attempts.map((attempt) => attempt.provider)).toEqual(['openai']);
  });

  it("with sort, routing.sort names the option and the order it gave; a demoted provider still goes last", async () => {
    const sorted = (await ask('Cheapest first', { sort: 'cost' })).providerMetadata?.gateway as { routing: { sort: unknown } };
    expect(sorted.routing.sort).toEqual({ option: 'cost', executionOrder: ['openai', 'azure'] });
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    await ask('One', { sort: 'cost' });
    await ask('Two', { sort: 'cost' });
    const demoted = (await ask('Three', { sort: 'cost' })).providerMetadata?.gateway as { routing: { sort: unknown } };
    expect(demoted.routing.sort).toEqual({ option: 'cost', executionOrder: ['azure', 'openai'] });
    // Once the demotion is over, a success clears openai's failures for the tests after this one.
    await new Promise((resolve) => setTimeout(resolve, FOR_MS + 50));
    expect((await ask('Back', { sort: 'cost' })).providerMetadata?.gateway).toMatchObject({ routing: { finalProvider: 'openai' } });
  });

  it('a demotion ends forMs after the last failure', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    await ask('One');
    await ask('Two');
    expect(routing(await ask('Three')).finalProvider).toBe('azure');
    await new Promise((resolve) => setTimeout(resolve, FOR_MS + 50));
    expect(routing(await ask('Four')).attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([['openai', true]]);
  });

  it("a request's own key failing, or a call the provider refuses (400), says nothing about the provider", async () => {
    // The request's key meets a 503, then the server's: counted, the first would make the second openai's second failure in a row.
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const byok = await ask('One', { byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] } });
    expect(routing(byok).attempts.map((attempt) => [attempt.provider, attempt.credentialType, attempt.success])).toEqual([
      ['openai', 'byok', false],
      ['openai', 'system', false],
      ['azure', 'system', true],
    ]);
    expect(routing(await ask('Two')).attempts.map((attempt) => attempt.provider)).toEqual(['openai']);

    harness.upstreams.openai.script.push({ kind: 'status', status: 400 }, { kind: 'status', status: 400 });
    await expect(ask('Refused')).rejects.toMatchObject({ statusCode: 400 });
    await expect(ask('Refused again')).rejects.toMatchObject({ statusCode: 400 });
    expect(routing(await ask('Still first')).attempts.map((attempt) => attempt.provider)).toEqual(['openai']);
  });
});
