/**
 * Claude Max mode's pure parts: which of a request's credentials is the client's own Anthropic login
 * (client-credential.ts), the attempts planned on it, and the endpoint that sends it in place of the
 * provider's key (forwarding.ts). Through a real socket: anthropic-messages-forward.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { clientAnthropicCredential, withClientCredentialAttempts } from '../../src/server/anthropic-compatible/client-credential';
import { withClientCredential } from '../../src/server/forwarding';
import type { RouteAttempt, RoutePlan } from '../../src/server/routing';

const GATEWAY_KEY = 'mg-gateway-key';
const isGatewayKey = (token: string) => token === GATEWAY_KEY;
const credentialOf = (headers: Record<string, string>) => clientAnthropicCredential(new Headers(headers), isGatewayKey);

describe('clientAnthropicCredential', () => {
  it('is the Authorization bearer, else x-api-key, only when the gateway key came in x-ai-gateway-api-key', () => {
    const gatewayHeader = { 'x-ai-gateway-api-key': `Bearer ${GATEWAY_KEY}` };
    expect(credentialOf({ ...gatewayHeader, authorization: 'Bearer sk-ant-oat01-login' })).toEqual({ header: 'authorization', token: 'sk-ant-oat01-login' });
    expect(credentialOf({ ...gatewayHeader, 'x-api-key': 'sk-ant-api03-own' })).toEqual({ header: 'x-api-key', token: 'sk-ant-api03-own' });
    expect(credentialOf({ ...gatewayHeader, authorization: 'bearer   sk-ant-oat01-login  ', 'x-api-key': 'sk-ant-api03-own' })).toEqual({ header: 'authorization', token: 'sk-ant-oat01-login' });
    // Without the gateway header, Authorization and x-api-key hold the gateway key itself.
    expect(credentialOf({ authorization: 'Bearer sk-ant-oat01-login' })).toBeUndefined();
    expect(credentialOf({ 'x-ai-gateway-api-key': '  ', authorization: 'Bearer sk-ant-oat01-login' })).toBeUndefined();
    expect(credentialOf(gatewayHeader)).toBeUndefined();
  });

  it('is never a key of the gateway: that must not reach a provider', () => {
    const gatewayHeader = { 'x-ai-gateway-api-key': `Bearer ${GATEWAY_KEY}` };
    expect(credentialOf({ ...gatewayHeader, authorization: `Bearer ${GATEWAY_KEY}` })).toBeUndefined();
    expect(credentialOf({ ...gatewayHeader, authorization: `Bearer ${GATEWAY_KEY}`, 'x-api-key': 'sk-ant-api03-own' })).toEqual({ header: 'x-api-key', token: 'sk-ant-api03-own' });
    // Not a bearer: nothing to send on.
    expect(credentialOf({ ...gatewayHeader, authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
  });
});

describe('withClientCredentialAttempts', () => {
  const model = { id: 'anthropic/claude-sonnet-4.6', name: 'Claude Sonnet 4.6', type: 'language' as const, endpoints: [] };
  const attempt = (provider: string, extra: Partial<RouteAttempt> = {}): RouteAttempt => ({ modelId: model.id, provider, providerModelId: 'claude-sonnet-4-6', credentialType: 'system', ...extra });
  const plan: RoutePlan = {
    originalModelId: model.id,
    models: [{ model, attempts: [attempt('anthropic', { credentialType: 'byok', credential: { apiKey: 'sk-byok' } }), attempt('anthropic'), attempt('bedrock'), attempt('anthropic-eu')] }],
    fallbacksAvailable: ['bedrock', 'anthropic-eu'],
    planningReasoning: 'Execution order: …',
  };
  const credential = { header: 'authorization' as const, token: 'sk-ant-oat01-login' };
  const forwards = (candidate: RouteAttempt) => candidate.provider.startsWith('anthropic');

  it('tries each forwarding provider on the client’s credential first, then on the gateway’s key; BYOK and other providers stay as planned', () => {
    const before = structuredClone(plan);
    const planned = withClientCredentialAttempts(plan, credential, forwards);
    expect(planned.models[0]!.attempts.map((entry) => [entry.provider, entry.credentialType, entry.clientCredential?.header ?? entry.credential?.apiKey ?? '-'])).toEqual([
      ['anthropic', 'byok', 'sk-byok'],
      ['anthropic', 'byok', 'authorization'],
      ['anthropic', 'system', '-'],
      ['bedrock', 'system', '-'],
      ['anthropic-eu', 'byok', 'authorization'],
      ['anthropic-eu', 'system', '-'],
    ]);
    expect(planned.fallbacksAvailable).toEqual(plan.fallbacksAvailable);
    expect(planned.planningReasoning).toContain('Claude Max');
    expect(plan).toEqual(before);
  });

  it('returns the plan as it is when no attempt forwards', () => {
    expect(withClientCredentialAttempts(plan, credential, () => false)).toBe(plan);
  });
});

describe('withClientCredential', () => {
  const endpoint = { url: 'https://api.anthropic.com/v1/messages', headers: async () => ({ 'x-api-key': 'sk-ant-system', 'anthropic-version': '2023-06-01', 'X-Custom': 'kept', Authorization: 'Bearer sk-other' }) };

  it('sends the client’s credential in the header it came in, and none of the provider’s key headers', async () => {
    expect(await withClientCredential(endpoint, { header: 'authorization', token: 'sk-ant-oat01-login' }).headers()).toEqual({
      'anthropic-version': '2023-06-01',
      'X-Custom': 'kept',
      authorization: 'Bearer sk-ant-oat01-login',
    });
    expect(await withClientCredential(endpoint, { header: 'x-api-key', token: 'sk-ant-api03-own' }).headers()).toEqual({
      'anthropic-version': '2023-06-01',
      'X-Custom': 'kept',
      'x-api-key': 'sk-ant-api03-own',
    });
    expect(withClientCredential(endpoint, { header: 'x-api-key', token: 't' }).url).toBe(endpoint.url);
  });
});
