/**
 * The routing filters through a real socket: modelgate/v4 on ai 7 against the scenario harness, whose
 * config states each provider's terms (`compliance`). openai trains on prompts (US), azure has a
 * zero-data-retention agreement (IE), anthropic both (US). The planner's rules in detail: routing.test.ts.
 */
import type { JSONValue } from '@ai-sdk/provider';
import { APICallError, generateText, streamText } from 'ai-v7';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import { fakeReply, openAIClient, useHarness, type GatewayMetadata } from './harness-hooks';
import { FIRST_TOKEN_TIMEOUT_MS, GATEWAY_KEY, MODELS, OPENAI_BYOK_KEY, type Harness } from './scenario-harness';

let harness: Harness;
useHarness((started) => (harness = started), 60_000, {
  config: {
    compliance: {
      openai: { zeroDataRetention: false, trainsOnPrompts: true, headquarters: 'US' },
      azure: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'IE' },
      anthropic: { zeroDataRetention: true, trainsOnPrompts: false, headquarters: 'US' },
    },
  },
});

const gateway = () => createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
const routingOf = (providerMetadata: unknown) =>
  (providerMetadata as { gateway: GatewayMetadata & { routing: { planningReasoning: string; skippedProviderAttempts?: unknown[] } } }).gateway.routing;
const modelCalls = (name: 'openai' | 'azure') => harness.upstreams[name].requests.filter((request) => request.path.includes('/responses') || request.path.includes('/chat/completions'));
const ask = (gatewayOptions: Record<string, JSONValue>, prompt = 'Filtered') => generateText({ model: gateway()(MODELS.responses), prompt, providerOptions: { gateway: gatewayOptions } });

async function refusal(gatewayOptions: Record<string, JSONValue>) {
  const error = await ask(gatewayOptions).catch((caught: unknown) => caught);
  expect(APICallError.isInstance(error) || (error as { statusCode?: number }).statusCode !== undefined, String(error)).toBe(true);
  return error as { statusCode: number; message: string; type?: string };
}

describe('routing filters over a socket (MODELS.responses: openai, then azure)', () => {
  it('zeroDataRetention goes straight to the provider with an agreement, and leaves a BYOK key unused', async () => {
    const result = await ask({ zeroDataRetention: true, byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] } });
    expect(result.text).toBe(fakeReply('Filtered', 'azure', 'gpt-4o-mini'));
    const routing = routingOf(result.providerMetadata);
    expect(routing.attempts).toMatchObject([{ provider: 'azure', credentialType: 'system', success: true }]);
    expect(routing.planningReasoning).toContain('Filtered by zeroDataRetention');
    // As the hosted gateway reports them: what was left out, and that the filter was applied.
    expect(routing.skippedProviderAttempts).toEqual([
      { provider: 'openai', credentialType: 'byok', reason: 'zdr_not_supported' },
      { provider: 'openai', credentialType: 'system', reason: 'zdr_not_supported' },
    ]);
    expect(result.providerMetadata?.gateway).toMatchObject({ enabledZeroDataRetention: true });
    expect(result.providerMetadata?.gateway).not.toHaveProperty('enabledDisallowPromptTraining');
    expect(modelCalls('openai')).toHaveLength(0);
  });

  it('disallowPromptTraining keeps the caller’s own key for a provider that trains, never the gateway’s', async () => {
    const result = await ask({ disallowPromptTraining: true, byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] } });
    expect(result.text).toBe(fakeReply('Filtered', 'openai', 'gpt-4o-mini'));
    expect(routingOf(result.providerMetadata).attempts).toMatchObject([{ provider: 'openai', credentialType: 'byok', success: true }]);
    expect(routingOf(result.providerMetadata).skippedProviderAttempts).toEqual([{ provider: 'openai', credentialType: 'system', reason: 'trains_on_prompts' }]);
    expect(result.providerMetadata?.gateway).toMatchObject({ enabledDisallowPromptTraining: true });
    // The BYOK key refused: on to azure, not to openai's own key.
    const refused = await ask({ disallowPromptTraining: true, byok: { openai: [{ apiKey: 'sk-user-revoked-9a1b2c' }] } }, 'Refused key');
    expect(refused.text).toBe(fakeReply('Refused key', 'azure', 'gpt-4o-mini'));
    expect(routingOf(refused.providerMetadata).attempts).toMatchObject([
      { provider: 'openai', credentialType: 'byok', success: false, statusCode: 401 },
      { provider: 'azure', credentialType: 'system', success: true },
    ]);
  });

  it('headquarters rules countries out or in; with no provider left the call is a 400 naming each one and why', async () => {
    const result = await ask({ headquarters: ['!US'] });
    expect(routingOf(result.providerMetadata).attempts).toMatchObject([{ provider: 'azure', success: true }]);
    const error = await refusal({ headquarters: ['DE'] });
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("No provider of 'openai/gpt-4o-mini' meets providerOptions.gateway headquarters ['DE']: openai (headquartered in US), azure (headquartered in IE)");
    expect(modelCalls('openai')).toHaveLength(0);
    expect(modelCalls('azure')).toHaveLength(1);
  });

  it('has needs the capability stated in the config; a malformed option is a 400 naming it', async () => {
    const response = await fetch(`${harness.url}/v4/ai/language-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json', 'ai-language-model-specification-version': '4', 'ai-language-model-id': MODELS.responses, 'ai-language-model-streaming': 'false' },
      body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'See this' }] }], providerOptions: { gateway: { has: ['vision'] } } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'no_providers_available', message: expect.stringContaining('openai (no vision stated), azure (no vision stated)') } });
    const mixed = await refusal({ headquarters: ['US', '!CN'] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.message).toContain('providerOptions.gateway.headquarters');
    expect(harness.upstreams.openai.requests.concat(harness.upstreams.azure.requests)).toHaveLength(0);
  });

  it('providerTimeouts.byok gives the caller’s key its own first-token timeout: longer, it waits; shorter, it moves on', async () => {
    const stream = async (timeoutMs: number, stallMs: number) => {
      harness.upstreams.openai.script.push({ kind: 'stallBeforeFirstToken', ms: stallMs });
      const result = streamText({
        model: gateway()(MODELS.responses),
        prompt: 'Patient',
        providerOptions: { gateway: { byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] }, providerTimeouts: { byok: { openai: timeoutMs } } } },
      });
      await result.consumeStream();
      return routingOf(await result.providerMetadata).attempts;
    };
    // The server's first-token timeout would have given up on this stall.
    expect(FIRST_TOKEN_TIMEOUT_MS).toBeLessThan(700);
    expect(await stream(2_000, 700)).toMatchObject([{ provider: 'openai', credentialType: 'byok', success: true }]);
    const timedOut = await stream(1_000, 1_800);
    expect(timedOut).toMatchObject([
      { provider: 'openai', credentialType: 'byok', success: false, providerTimeout: true, configuredTimeoutMs: 1_000 },
      { provider: 'openai', credentialType: 'system', success: true },
    ]);
  });
});

describe('serviceTier over a socket: sent to OpenAI upstreams as their own tier', () => {
  it('reaches an OpenAI Responses upstream as service_tier, over the call’s own openai option; the provider drops a tier the model lacks, with a warning', async () => {
    const result = await generateText({
      model: gateway()(MODELS.responses),
      prompt: 'Quickly',
      providerOptions: { gateway: { serviceTier: 'priority' }, openai: { serviceTier: 'default' } },
    });
    expect(result.text).toBe(fakeReply('Quickly', 'openai', 'gpt-4o-mini'));
    expect(modelCalls('openai').at(-1)!.body).toMatchObject({ service_tier: 'priority' });
    // @ai-sdk/openai knows gpt-4o-mini has no flex processing.
    const flex = await ask({ serviceTier: 'flex' });
    expect(modelCalls('openai').at(-1)!.body).not.toHaveProperty('service_tier');
    expect(flex.warnings).toContainEqual(expect.objectContaining({ type: 'unsupported', feature: 'serviceTier' }));
  });

  it('is set on a Chat Completions call too; a value other than flex or priority is a 400 naming it', async () => {
    const completion = await openAIClient(harness).chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'Forwarded quickly' }],
      // @ts-expect-error the gateway's options, which the OpenAI SDK's types do not know
      providerOptions: { gateway: { serviceTier: 'priority' } },
    });
    expect(completion.choices[0]!.message.content).toBe(fakeReply('Forwarded quickly', 'azure', 'gpt-4.1-mini'));
    expect(modelCalls('azure').at(-1)!.body).toMatchObject({ service_tier: 'priority' });
    // OpenAI's own field works the same, as the OpenAI SDK sends it.
    await openAIClient(harness).chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'Flex it' }], service_tier: 'priority' });
    expect(modelCalls('azure').at(-1)!.body).toMatchObject({ service_tier: 'priority' });
    const error = await refusal({ serviceTier: 'turbo' });
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain("providerOptions.gateway.serviceTier: expected 'flex' or 'priority'");
  });
});

describe('GET /v1/models with the terms stated', () => {
  it('says for each model whether all, some or none of its providers have a zero-data-retention agreement or do not train, with its pricing', async () => {
    const { data } = (await (await fetch(`${harness.url}/v1/models`)).json()) as { data: Array<Record<string, unknown>> };
    const entry = (id: string) => data.find((model) => model.id === id)!;
    // openai (trains, no agreement) then azure (agreement, no training).
    expect(entry(MODELS.responses)).toMatchObject({ zdr: 'some', no_training: 'some', pricing: { input: '0.00000015', output: '0.0000006' } });
    // anthropic and azure both have both.
    expect(entry(MODELS.anthropic)).toMatchObject({ zdr: 'all', no_training: 'all' });
    expect(entry(MODELS.chat)).toMatchObject({ zdr: 'all', no_training: 'all' });
    expect(entry(MODELS.embedding)).toMatchObject({ zdr: 'some' });
  });
});
