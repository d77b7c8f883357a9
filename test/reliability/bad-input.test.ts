/**
 * Mistakes in configuration fail before any request reaches the gateway, with an
 * error that names the setting and says what it should be.
 */
import type { JSONObject } from '@ai-sdk/provider-v2';
import { generateText, streamText } from 'ai';
import { createGateway } from 'modelgate';
import { describe, expect, it } from 'vitest';
import { generateResult, useFaultServer } from './fault-server';

const server = useFaultServer((s) => s.setDefault({ kind: 'json', body: generateResult('should not be reached') }));

/** Runs `attempt`, which must fail (by throwing or rejecting); returns the error. */
async function failureOf(attempt: () => unknown): Promise<Error> {
  try {
    await attempt();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

function expectClearError(error: Error, setting: string) {
  expect(error).toBeInstanceOf(Error);
  expect(error.message).toContain(setting);
  // …and what to do about it.
  expect(error.message).toMatch(/expected/i);
  expect(server.exchanges).toHaveLength(0);
}

describe('createGateway settings', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['baseURL', { baseURL: 'not a url' }],
    ['baseURL', { baseURL: 'localhost:3000/v1/ai' }], // no scheme: parses as a URL with protocol "localhost:"
    ['baseURL', { baseURL: 'ftp://gateway.example.com/v1/ai' }],
    ['baseURL', { baseURL: 42 }],
    ['fetch', { fetch: 'fetch' }],
    ['fetch', { fetch: { fetch: globalThis.fetch } }],
    ['apiKey', { apiKey: 12345 }],
    ['headers', { headers: 'authorization: Bearer x' }],
    ['specificationVersion', { specificationVersion: 'v5' }],
    ['metadataCacheRefreshMillis', { metadataCacheRefreshMillis: -1 }],
  ];

  it.each(cases)('%s: %o', async (setting, settings) => {
    const error = await failureOf(() =>
      generateText({
        model: createGateway({ apiKey: 'test-key', ...settings })('openai/gpt-test'),
        prompt: 'hi',
        maxRetries: 0,
      }),
    );
    expectClearError(error, setting);
  });

  it('a valid http baseURL with a trailing slash works (control)', async () => {
    const result = await generateText({
      model: createGateway({ apiKey: 'test-key', baseURL: `${server.baseURL}/` })('openai/gpt-test'),
      prompt: 'hi',
    });
    expect(result.text).toBe('should not be reached');
    expect(server.exchanges[0]!.path).toBe('/v1/ai/language-model');
  });

  it('an invalid AI_GATEWAY_BASE_URL is named when the call is made', async () => {
    const saved = process.env.AI_GATEWAY_BASE_URL;
    process.env.AI_GATEWAY_BASE_URL = 'gateway.internal/v1/ai';
    try {
      const error = await failureOf(() =>
        generateText({ model: createGateway({ apiKey: 'test-key' })('openai/gpt-test'), prompt: 'hi', maxRetries: 0 }),
      );
      expectClearError(error, 'AI_GATEWAY_BASE_URL');
    } finally {
      if (saved === undefined) delete process.env.AI_GATEWAY_BASE_URL;
      else process.env.AI_GATEWAY_BASE_URL = saved;
    }
  });
});

describe('model ids', () => {
  const ids: unknown[] = ['', '   ', 'openai/gpt 4o', '/gpt-4o', 'openai/', 42, undefined];

  it.each(ids)('%o', async (id) => {
    const error = await failureOf(() =>
      generateText({
        model: createGateway({ apiKey: 'test-key', baseURL: server.baseURL })(id as string),
        prompt: 'hi',
        maxRetries: 0,
      }),
    );
    expect(error.message).toMatch(/model id/i);
    expect(error.message).toContain('provider/model');
    expect(server.exchanges).toHaveLength(0);
  });
});

describe('providerOptions.gateway', () => {
  const BYOK_SECRET = 'sk-ant-BYOK-must-not-be-echoed-1234';
  // Valid JSON, so the AI SDK's types let it through: only the run-time check can reject it.
  const cases: Array<[string, JSONObject]> = [
    ['order', { order: 'anthropic' }],
    ['only', { only: 'anthropic' }],
    ['models', { models: 'anthropic/claude-sonnet-4.6' }],
    ['user', { user: 42 }],
    ['tags', { tags: 'feature:chat' }],
    ['byok', { byok: BYOK_SECRET }],
    ['byok', { byok: { anthropic: { apiKey: BYOK_SECRET } } }], // object where an array belongs
    ['zeroDataRetention', { zeroDataRetention: 'yes' }],
    ['providerTimeouts', { providerTimeouts: { byok: { anthropic: '10s' } } }],
  ];

  const model = () => createGateway({ apiKey: 'test-key', baseURL: server.baseURL })('openai/gpt-test');

  it.each(cases)('%s: %o (generateText)', async (key, options) => {
    const error = await failureOf(() =>
      generateText({ model: model(), prompt: 'hi', providerOptions: { gateway: options }, maxRetries: 0 }),
    );
    expectClearError(error, `providerOptions.gateway.${key}`);
    expect(error.message).not.toContain(BYOK_SECRET);
  });

  it.each(cases)('%s: %o (streamText)', async (key, options) => {
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: 'hi',
      providerOptions: { gateway: options },
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    for await (const _ of result.fullStream) {
      // drain
    }
    expect(errors).toHaveLength(1);
    expectClearError(errors[0] as Error, `providerOptions.gateway.${key}`);
  });

  it('keys the gateway adds later pass through untouched (control)', async () => {
    const result = await generateText({
      model: model(),
      prompt: 'hi',
      providerOptions: { gateway: { order: ['anthropic'], someFutureOption: { level: 3 } } },
    });
    expect(result.text).toBe('should not be reached');
    expect(server.exchanges[0]!.body.providerOptions.gateway).toEqual({
      order: ['anthropic'],
      someFutureOption: { level: 3 },
    });
  });
});
