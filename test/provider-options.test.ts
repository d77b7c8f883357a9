import { InvalidArgumentError } from '@ai-sdk/provider';
import type { JSONObject } from '@ai-sdk/provider-v2';
import { describe, expect, it } from 'vitest';
import { createGateway, type GatewayProviderOptions } from '../src';
import { validateGatewayProviderOptions } from '../src/protocol/gateway-provider-options';
import { BASE, json, mockGateway, v2Generate, failure } from './support/mock-gateway';

const gateway = mockGateway();
const model = createGateway({ baseURL: BASE, apiKey: 'k' })('openai/gpt-5.4');
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

describe('providerOptions.gateway', () => {
  it('sends every documented key, and unknown keys, exactly as given', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const options: GatewayProviderOptions = {
      order: ['bedrock', 'anthropic'],
      only: ['bedrock', 'anthropic'],
      models: ['anthropic/claude-sonnet-4.6'],
      user: 'u-1',
      tags: ['feature:chat'],
      byok: { anthropic: [{ apiKey: 'sk-ant-secret' }] },
      caching: 'auto',
      cacheControl: 'max-age=3600',
      sort: 'ttft',
      zeroDataRetention: true,
      disallowPromptTraining: true,
      headquarters: ['!CN'],
      has: ['vision', 'quantization:fp8'],
      serviceTier: 'flex',
      providerTimeouts: { byok: { anthropic: 10_000 } },
      quotaEntityId: 'acct-7',
    };
    const withFutureKey = { ...options, someFutureKey: { nested: [1, 2] } };
    const snapshot = structuredClone(withFutureKey);
    await model.doGenerate({ prompt, providerOptions: { gateway: withFutureKey, openai: { reasoningEffort: 'low' } } });
    expect(gateway.requests[0]!.body.providerOptions).toEqual({ gateway: snapshot, openai: { reasoningEffort: 'low' } });
    expect(withFutureKey).toEqual(snapshot);
  });

  // Valid JSON, so the types let it through: only the run-time check can reject it.
  it.each<[JSONObject, string, RegExp]>([
    [{ order: 'bedrock' }, 'providerOptions.gateway.order', /expected array/],
    [{ only: [1] }, 'providerOptions.gateway.only.0', /expected string/],
    [{ models: [''] }, 'providerOptions.gateway.models.0', /too small|>=1/i],
    [{ user: 42 }, 'providerOptions.gateway.user', /expected string/],
    [{ tags: 'feature:chat' }, 'providerOptions.gateway.tags', /expected array/],
    [{ byok: { anthropic: { apiKey: 'sk-ant-secret' } } }, 'providerOptions.gateway.byok.anthropic', /expected array/],
    [{ caching: true }, 'providerOptions.gateway.caching', /auto/],
    [{ sort: 'fastest' }, 'providerOptions.gateway.sort', /cost|ttft|tps/],
    [{ zeroDataRetention: 'yes' }, 'providerOptions.gateway.zeroDataRetention', /expected boolean/],
    [{ providerTimeouts: { byok: { anthropic: -5 } } }, 'providerOptions.gateway.providerTimeouts.byok.anthropic', /too small|>0/i],
  ])('rejects %j before sending, naming %s', async (gatewayOptions, path, expected) => {
    const error: any = await failure(model
      .doGenerate({ prompt, providerOptions: { gateway: gatewayOptions } }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe(path);
    expect(error.message).toContain(`Invalid ${path}`);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain('sk-ant-secret');
    expect(gateway.requests).toHaveLength(0);
  });

  it('rejects a non-object gateway entry', () => {
    expect(() => validateGatewayProviderOptions({ gateway: ['anthropic'] })).toThrow(
      /providerOptions.gateway: expected an object/,
    );
  });

  it('accepts absent options', () => {
    expect(() => validateGatewayProviderOptions(undefined)).not.toThrow();
    expect(() => validateGatewayProviderOptions({ openai: {} })).not.toThrow();
  });

  it('validates embedding and image calls too', async () => {
    const bad = { gateway: { order: 'x' } };
    await expect(
      createGateway({ baseURL: BASE, apiKey: 'k' }).embeddingModel('openai/text-embedding-3-small').doEmbed({ values: ['a'], providerOptions: bad }),
    ).rejects.toThrow(/providerOptions.gateway.order/);
    await expect(
      createGateway({ baseURL: BASE, apiKey: 'k' }).imageModel('openai/dall-e-3').doGenerate({
        prompt: 'x', n: 1, size: undefined, aspectRatio: undefined, seed: undefined, providerOptions: bad,
      }),
    ).rejects.toThrow(/providerOptions.gateway.order/);
    expect(gateway.requests).toHaveLength(0);
  });
});
