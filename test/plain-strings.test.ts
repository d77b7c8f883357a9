import { generateText } from 'ai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway, registerGateway } from '../src';
import { json, mockGateway, v2Generate } from './support/mock-gateway';

const gateway = mockGateway();
const LOCAL = 'http://127.0.0.1:4999/v1/ai';

afterEach(() => {
  vi.unstubAllEnvs();
  delete globalThis.AI_SDK_DEFAULT_PROVIDER;
});

describe('plain model strings', () => {
  it('registerGateway routes plain strings through the given provider', async () => {
    gateway.on('post', `${LOCAL}/language-model`, () => json(v2Generate('via modelgate')));
    const provider = registerGateway(createGateway({ baseURL: LOCAL, apiKey: 'k', headers: { 'x-from': 'modelgate' } }));
    expect(globalThis.AI_SDK_DEFAULT_PROVIDER).toBe(provider);
    const result = await generateText({ model: 'openai/gpt-5.4', prompt: 'Hi' });
    expect(result.text).toBe('via modelgate');
    expect(gateway.requests[0]!.headers['x-from']).toBe('modelgate');
    expect(gateway.requests[0]!.headers['ai-language-model-id']).toBe('openai/gpt-5.4');
  });

  it("importing 'modelgate/register' registers the default instance, which reads AI_GATEWAY_BASE_URL", async () => {
    vi.stubEnv('AI_GATEWAY_BASE_URL', LOCAL);
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    gateway.on('post', `${LOCAL}/language-model`, () => json(v2Generate('registered')));
    await import('modelgate/register');
    const { gateway: defaultInstance } = await import('modelgate');
    expect(globalThis.AI_SDK_DEFAULT_PROVIDER).toBe(defaultInstance);
    const result = await generateText({ model: 'anthropic/claude-sonnet-4.6', prompt: 'Hi' });
    expect(result.text).toBe('registered');
    expect(gateway.requests[0]!.headers.authorization).toBe('Bearer env-key');
    expect(gateway.requests[0]!.headers['user-agent']).toMatch(/modelgate\/\d+\.\d+\.\d+$/);
  });
});

describe('versioned register entries', () => {
  it.each([
    ['modelgate/v3/register', 'v3'],
    ['modelgate/v4/register', 'v4'],
  ])('%s registers a %s provider', async (entry, version) => {
    await import(entry);
    const registered = globalThis.AI_SDK_DEFAULT_PROVIDER;
    expect(registered).toHaveProperty('specificationVersion', version);
    expect(registered?.languageModel('openai/gpt-5.4')).toMatchObject({ specificationVersion: version });
  });
});
