/** serviceTier's translation, directly (service-tier.ts); over a socket: routing-filters.test.ts. */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { openAIRouting } from '../../src/server/openai-compatible/openai-api';
import { takesServiceTier, withServiceTier, withServiceTierField } from '../../src/server/service-tier';

const openai = createOpenAI({ apiKey: 'k' });
const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  providerOptions: { openai: { serviceTier: 'default', store: false }, other: { x: 1 } },
};

describe('serviceTier', () => {
  it('is set as the openai option of @ai-sdk/openai’s chat and Responses models, over the call’s own; the call given is unchanged', () => {
    const before = structuredClone(call);
    for (const model of [openai.chat('gpt-5.4'), openai.responses('gpt-5.4')]) {
      expect(takesServiceTier(model)).toBe(true);
      expect(withServiceTier(call, model, 'flex').providerOptions).toEqual({ openai: { serviceTier: 'flex', store: false }, other: { x: 1 } });
    }
    expect(call).toEqual(before);
  });

  it('leaves other upstreams, and a call with no tier, as they are', () => {
    const anthropic = createAnthropic({ apiKey: 'k' })('claude-sonnet-4-6');
    expect(takesServiceTier(anthropic)).toBe(false);
    expect(withServiceTier(call, anthropic, 'priority')).toBe(call);
    expect(withServiceTier(call, openai.chat('gpt-5.4'), undefined)).toBe(call);
  });

  it('goes into a body forwarded to OpenAI as service_tier, over the client’s own; not into one for another API', () => {
    expect(withServiceTierField({ model: 'gpt-5.4', service_tier: 'auto' }, openai.chat('gpt-5.4'), 'priority')).toEqual({ model: 'gpt-5.4', service_tier: 'priority' });
    const body = { model: 'gpt-5.4' };
    expect(withServiceTierField(body, openai.chat('gpt-5.4'), undefined)).toBe(body);
    expect(withServiceTierField(body, { provider: 'vllm.chat' }, 'flex')).toBe(body);
  });

  it('comes from an OpenAI-API body’s service_tier when providerOptions.gateway sets none, for the tiers the gateway translates', () => {
    const gateway = { order: ['azure'] };
    expect(openAIRouting(gateway, { service_tier: 'flex' })).toEqual({ order: ['azure'], serviceTier: 'flex' });
    expect(openAIRouting({ serviceTier: 'priority' }, { service_tier: 'flex' })).toEqual({ serviceTier: 'priority' });
    // 'auto' and 'default' are OpenAI's own, with nothing to translate.
    expect(openAIRouting(gateway, { service_tier: 'auto' })).toBe(gateway);
    expect(openAIRouting(gateway, { models: ['x/y'], service_tier: null })).toEqual({ order: ['azure'], models: ['x/y'] });
    expect(gateway).toEqual({ order: ['azure'] });
  });
});
