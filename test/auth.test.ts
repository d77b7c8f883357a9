import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway, GatewayAuthenticationError } from '../src';
import { BASE, json, mockGateway, v2Generate, failure } from './support/mock-gateway';

const gateway = mockGateway();
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

function fakeOidcToken(expiresInSeconds: number) {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${encode({ alg: 'none' })}.${encode({ exp: Math.floor(Date.now() / 1000) + expiresInSeconds, sub: 'test' })}.sig`;
}

afterEach(() => vi.unstubAllEnvs());

async function authHeaders(settings: Parameters<typeof createGateway>[0]) {
  gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
  await createGateway({ baseURL: BASE, ...settings })('openai/gpt-5.4').doGenerate({ prompt });
  const { headers } = gateway.requests.at(-1)!;
  return { authorization: headers.authorization, method: headers['ai-gateway-auth-method'] };
}

describe('authentication order', () => {
  it('uses the apiKey setting first', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(3600));
    expect(await authHeaders({ apiKey: 'setting-key' })).toEqual({ authorization: 'Bearer setting-key', method: 'api-key' });
  });

  it('resolves an apiKey function before each request', async () => {
    let n = 0;
    const apiKey = () => `key-${++n}`;
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const model = createGateway({ baseURL: BASE, apiKey })('a/b');
    await model.doGenerate({ prompt });
    await model.doGenerate({ prompt });
    expect(gateway.requests.map((r) => r.headers.authorization)).toEqual(['Bearer key-1', 'Bearer key-2']);
  });

  it('takes a promise of a key, and a function returning one, as @ai-sdk/gateway 4 does', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    expect(await authHeaders({ apiKey: Promise.resolve('promised-key') })).toEqual({
      authorization: 'Bearer promised-key',
      method: 'api-key',
    });
    let n = 0;
    const apiKey = async () => `async-key-${++n}`;
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const model = createGateway({ baseURL: BASE, apiKey })('a/b');
    await model.doGenerate({ prompt });
    await model.doGenerate({ prompt });
    expect(gateway.requests.slice(-2).map((r) => r.headers.authorization)).toEqual([
      'Bearer async-key-1',
      'Bearer async-key-2',
    ]);
  });

  it('falls back to a non-empty AI_GATEWAY_API_KEY', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', 'env-key');
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(3600));
    expect(await authHeaders({})).toEqual({ authorization: 'Bearer env-key', method: 'api-key' });
  });

  it('then uses the Vercel OIDC token, read per request', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    const first = fakeOidcToken(3600);
    vi.stubEnv('VERCEL_OIDC_TOKEN', first);
    expect(await authHeaders({})).toEqual({ authorization: `Bearer ${first}`, method: 'oidc' });
    const refreshed = fakeOidcToken(7200);
    vi.stubEnv('VERCEL_OIDC_TOKEN', refreshed);
    expect(await authHeaders({})).toEqual({ authorization: `Bearer ${refreshed}`, method: 'oidc' });
  });

  it('a configured key wins over OIDC even when the gateway rejects it', async () => {
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(3600));
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ error: { message: 'Invalid API key', type: 'authentication_error' } }, { status: 401 }),
    );
    const error: any = await failure(createGateway({ baseURL: BASE, apiKey: 'wrong' })('a/b').doGenerate({ prompt }));
    expect(GatewayAuthenticationError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]!.headers.authorization).toBe('Bearer wrong');
    expect(error.message).toContain('AI_GATEWAY_API_KEY');
  });

  it('with no credentials fails before sending, naming both fixes', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', '');
    const error: any = await failure(createGateway({ baseURL: BASE })('a/b').doGenerate({ prompt }));
    expect(GatewayAuthenticationError.isInstance(error)).toBe(true);
    expect(error.message).toContain('AI_GATEWAY_API_KEY');
    expect(error.message).toContain('vercel env pull');
    expect(gateway.requests).toHaveLength(0);
  });

  it('an OIDC rejection tells the user to refresh the token', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(3600));
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ error: { message: 'Token expired', type: 'authentication_error' } }, { status: 401 }),
    );
    const error: any = await failure(createGateway({ baseURL: BASE })('a/b').doGenerate({ prompt }));
    expect(error.message).toContain('OIDC');
    expect(error.message).toContain('vercel env pull');
  });
});
