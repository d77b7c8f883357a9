import { InvalidArgumentError } from '@ai-sdk/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway, gateway } from '../src';
import { BASE, json, mockGateway, v2Generate } from './support/mock-gateway';

const mock = mockGateway();
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

afterEach(() => vi.unstubAllEnvs());

describe('createGateway', () => {
  it('is callable and exposes languageModel and chat for the same model', () => {
    const provider = createGateway({ apiKey: 'k' });
    for (const model of [provider('openai/gpt-5.4'), provider.languageModel('openai/gpt-5.4'), provider.chat('openai/gpt-5.4')]) {
      expect(model).toMatchObject({ provider: 'gateway', modelId: 'openai/gpt-5.4', specificationVersion: 'v2' });
    }
    expect(provider.specificationVersion).toBe('v2');
  });

  it('refuses `new` with a clear message', () => {
    const provider = createGateway({ apiKey: 'k' });
    // @ts-expect-error -- the provider has no construct signature; plain JavaScript may still try `new`.
    expect(() => new provider('openai/gpt-5.4')).toThrow(/without `new`/);
  });

  it('defaults to the hosted gateway v1 base URL', async () => {
    mock.on('post', 'https://ai-gateway.vercel.sh/v1/ai/language-model', () => json(v2Generate()));
    await createGateway({ apiKey: 'k' })('openai/gpt-5.4').doGenerate({ prompt });
    expect(mock.requests[0]!.url).toBe('https://ai-gateway.vercel.sh/v1/ai/language-model');
  });

  it('trims a trailing slash from baseURL', async () => {
    mock.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    await createGateway({ apiKey: 'k', baseURL: `${BASE}/` })('openai/gpt-5.4').doGenerate({ prompt });
    expect(mock.requests[0]!.url).toBe(`${BASE}/language-model`);
  });

  it('the default instance reads AI_GATEWAY_BASE_URL at call time', async () => {
    vi.stubEnv('AI_GATEWAY_BASE_URL', 'http://127.0.0.1:9/v1/ai');
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    mock.on('post', 'http://127.0.0.1:9/v1/ai/language-model', () => json(v2Generate()));
    await gateway('openai/gpt-5.4').doGenerate({ prompt });
    expect(mock.requests[0]!.url).toBe('http://127.0.0.1:9/v1/ai/language-model');
  });

  it('rejects an invalid AI_GATEWAY_BASE_URL before sending', async () => {
    vi.stubEnv('AI_GATEWAY_BASE_URL', 'not a url');
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    await expect(gateway('openai/gpt-5.4').doGenerate({ prompt })).rejects.toThrow(/AI_GATEWAY_BASE_URL/);
  });

  it.each([
    [{ baseURL: 'ai-gateway.vercel.sh/v1/ai' }, /baseURL.*absolute http\(s\) URL/],
    [{ baseURL: 'ftp://example.com' }, /baseURL/],
    [{ fetch: 'fetch' }, /`fetch`: expected a fetch function/],
    [{ apiKey: 42 }, /`apiKey`: expected a string, a promise of one, or a function/],
    [{ apiKey: { key: 'k' } }, /`apiKey`: expected a string, a promise of one, or a function.*received object/],
    [{ headers: ['x'] }, /`headers`/],
    [{ specificationVersion: 'v5' }, /'v2' \(ai 5\), 'v3' \(ai 6\) or 'v4' \(ai 7\)/],
    [{ metadataCacheRefreshMillis: -1 }, /metadataCacheRefreshMillis/],
    [{ onUsage: 'log' }, /onUsage/],
  ])('rejects bad settings %j at creation', (settings, message) => {
    let error: any;
    try {
      // @ts-expect-error -- most of these are type errors too; plain JavaScript still needs the run-time check.
      createGateway(settings);
    } catch (e) {
      error = e;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it.each(['', '   ', 'openai/ gpt', '/gpt-5.4', 'openai/', 42])('rejects model id %j before any request', (modelId) => {
    const provider = createGateway({ apiKey: 'k' });
    // The table holds 42, which the types reject; plain JavaScript still needs the run-time check.
    // @ts-expect-error -- see above
    expect(() => provider(modelId)).toThrow(/Invalid model id.*provider\/model/);
    // @ts-expect-error -- see above
    expect(() => provider.embeddingModel(modelId)).toThrow(/Invalid model id/);
    // @ts-expect-error -- see above
    expect(() => provider.imageModel(modelId)).toThrow(/Invalid model id/);
  });

  it('leaves the settings object it is given as it was', () => {
    const settings = { apiKey: 'k', headers: { a: 'b' } };
    const frozen = structuredClone(settings);
    createGateway(settings);
    expect(settings).toEqual(frozen);
  });
});
