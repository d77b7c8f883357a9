/**
 * BYOK credentials may set credentials only: a request cannot point the upstream call elsewhere
 * (`baseURL`, `headers`, …), and the server's own secrets never travel with a request's key. Checked
 * through the real modelgate client and `ai` 7, and the OpenAI-compatible API, over a socket.
 */
import { generateText } from 'ai-v7';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import { checkByokCredential, settingsWithoutSecrets } from '../../src/server/byok-credential';
import { resolveServerConfig } from '../../src/server/config';
import { listen, type ListeningServer } from '../fakes/listen';
import { GATEWAY_KEY, MODELS, OPENAI_BYOK_KEY, startHarness, type Harness } from './scenario-harness';

describe('checkByokCredential', () => {
  it.each([
    [{ apiKey: 'sk-a' }],
    [{ apiKey: 'sk-a', resourceName: 'my-resource' }],
    [{ project: 'p', location: 'us-central1', googleCredentials: { privateKey: 'k', clientEmail: 'e@x' } }],
    [{ accessKeyId: 'AKIA', secretAccessKey: 's', sessionToken: 't', region: 'us-east-1' }],
    [{ apiKey: 'sk-a', resourceName: 'r', modelMappings: [{ gatewayModelSlug: 'openai/gpt-5.4', customModelId: 'my-deployment' }] }],
  ])('accepts the documented shape %j', (credential) => {
    expect(() => checkByokCredential(credential, 'p', 0)).not.toThrow();
  });

  it.each([
    [{ apiKey: 'sk-a', baseURL: 'http://elsewhere' }, 'providerOptions.gateway.byok.p.0.baseURL', /carries credentials only/],
    [{ apiKey: 'sk-a', headers: { authorization: 'x' } }, 'providerOptions.gateway.byok.p.0.headers', /carries credentials only/],
    [{ apiKey: '' }, 'providerOptions.gateway.byok.p.0.apiKey', /a non-empty string/],
    [{ apiKey: 42 }, 'providerOptions.gateway.byok.p.0.apiKey', /a non-empty string/],
    [{ googleCredentials: { privateKey: '' } }, 'providerOptions.gateway.byok.p.0.googleCredentials', /non-empty strings/],
    [{ resourceName: 'my-resource' }, 'providerOptions.gateway.byok.p.0', /must carry its own key/],
    [{ accessKeyId: 'AKIA' }, 'providerOptions.gateway.byok.p.0', /must carry its own key/],
    ['sk-a', 'providerOptions.gateway.byok.p.0', /expected a credential object/],
    [{ apiKey: 'sk-a', modelMappings: { gatewayModelSlug: 'x' } }, 'providerOptions.gateway.byok.p.0.modelMappings', /gatewayModelSlug, customModelId/],
    [{ apiKey: 'sk-a', modelMappings: [{ gatewayModelSlug: 'x', customModelId: 'y' }, { gatewayModelSlug: 'x' }] }, 'providerOptions.gateway.byok.p.0.modelMappings.1', /gatewayModelSlug, customModelId/],
  ])('refuses %j with 400 naming %s, without echoing values', (credential, param, message) => {
    let thrown: unknown;
    try {
      checkByokCredential(credential, 'p', 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 400, type: 'invalid_request_error', param });
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('sk-a');
    expect((thrown as Error).message).not.toContain('elsewhere');
  });
});

describe('the provider a BYOK credential builds', () => {
  const ONE_MODEL = { 'openai/m': { providers: [{ provider: 'openai', model: 'm' }] } };
  const ONE_KEY = [{ name: 'app', key: 'app-key-0123456789abcdef' }];
  const settings = { baseURL: 'https://api.example/v1', apiKey: 'sk-operator', organization: 'org-1', headers: { Authorization: 'Bearer sk-operator', 'x-trace': 'on' } };

  it("without a byok mapping: the settings less every secret, then the credential; the config's settings object is left as it was", () => {
    const created: Array<Record<string, unknown>> = [];
    const create = (given: Record<string, unknown>) => {
      created.push(given);
      return { languageModel: () => ({}) };
    };
    const before = structuredClone(settings);
    const { config } = resolveServerConfig({ providers: { openai: { create, settings } }, models: ONE_MODEL, keys: ONE_KEY, env: {} });
    config.providers.get('openai')!.withCredential!({ apiKey: 'sk-client' });
    expect(created).toEqual([settings, { baseURL: 'https://api.example/v1', organization: 'org-1', headers: { 'x-trace': 'on' }, apiKey: 'sk-client' }]);
    expect(settings).toEqual(before);
    expect(settingsWithoutSecrets({ secretAccessKey: 's', nested: { sessionToken: 't', keep: 1 } })).toEqual({ nested: { keep: 1 } });
  });

  it('with a byok mapping: what the operator maps, over the settings, and the credential is not checked against the documented shapes', async () => {
    const created: Array<Record<string, unknown>> = [];
    const create = (given: Record<string, unknown>) => {
      created.push(given);
      return { languageModel: () => ({}) };
    };
    const byok = (credential: Record<string, unknown>) => ({ apiKey: credential.token });
    const { config } = resolveServerConfig({ providers: { openai: { create, settings, byok } }, models: ONE_MODEL, keys: ONE_KEY, env: {} });
    const provider = config.providers.get('openai')!;
    expect(provider.mapsCredentials).toBe(true);
    provider.withCredential!({ token: 'sk-client' });
    expect(created[1]).toEqual({ ...settings, apiKey: 'sk-client' });
  });
});

describe('over a socket', () => {
  let harness: Harness;
  let elsewhere: ListeningServer;
  const reached: Array<{ path: string; authorization: string | null }> = [];

  beforeAll(async () => {
    elsewhere = await listen(async (request) => {
      reached.push({ path: new URL(request.url).pathname, authorization: request.headers.get('authorization') });
      return new Response('{}', { status: 500 });
    });
    harness = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await elsewhere?.close();
  });
  beforeEach(() => {
    harness.reset();
    reached.length = 0;
  });

  const upstreamCalls = () => harness.upstreams.openai.requests.length + harness.upstreams.azure.requests.length;

  it('a credential that names a baseURL is refused with 400 before any upstream call: the server key goes nowhere (modelgate client, ai 7)', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
    for (const credential of [{ baseURL: `${elsewhere.url}/v1` }, { apiKey: 'sk-mine', baseURL: `${elsewhere.url}/v1` }]) {
      const error = await generateText({
        model: gateway(MODELS.responses),
        prompt: 'Send this where I say',
        maxRetries: 0,
        providerOptions: { gateway: { byok: { openai: [credential] } } },
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: 400 });
      expect(String((error as Error).message)).toContain('providerOptions.gateway.byok.openai.0.baseURL');
    }
    expect(reached).toEqual([]);
    expect(upstreamCalls()).toBe(0);
  });

  it('the same on the OpenAI-compatible API; a credential without a key of its own is refused too', async () => {
    const ask = (credential: Record<string, unknown>) =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODELS.responses, messages: [{ role: 'user', content: 'hi' }], providerOptions: { gateway: { byok: { openai: [credential] } } } }),
      });
    const redirected = await ask({ baseURL: `${elsewhere.url}/v1`, headers: { 'x-extra': '1' } });
    expect(redirected.status).toBe(400);
    expect(((await redirected.json()) as { error: { param: string } }).error.param).toBe('providerOptions.gateway.byok.openai.0.baseURL');
    const keyless = await ask({ resourceName: 'someone-else' });
    expect(keyless.status).toBe(400);
    expect(((await keyless.json()) as { error: { message: string } }).error.message).toMatch(/must carry its own key/);
    expect(reached).toEqual([]);
    expect(upstreamCalls()).toBe(0);
  });

  it("a credential's modelMappings name its own model id for the gateway model: the upstream gets it, with the request's key", async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
    const credential = { apiKey: OPENAI_BYOK_KEY, modelMappings: [{ gatewayModelSlug: MODELS.responses, customModelId: 'gpt-4.1-mini' }, { gatewayModelSlug: 'other/model', customModelId: 'unused' }] };
    const result = await generateText({ model: gateway(MODELS.responses), prompt: 'My deployment', providerOptions: { gateway: { byok: { openai: [credential] } } } });
    expect(harness.upstreams.openai.requests.map((request) => [request.model, request.keyIndex])).toEqual([['gpt-4.1-mini', 1]]);
    const routing = (result.providerMetadata?.gateway as { routing: { attempts: Array<{ providerApiModelId: string; credentialType: string }> } }).routing;
    expect(routing.attempts).toMatchObject([{ providerApiModelId: 'gpt-4.1-mini', credentialType: 'byok' }]);
  });

  it("a valid credential reaches the configured upstream with the request's key and never the server's", async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: GATEWAY_KEY });
    await generateText({ model: gateway(MODELS.responses), prompt: 'My key', providerOptions: { gateway: { byok: { openai: [{ apiKey: OPENAI_BYOK_KEY }] } } } });
    // The fake accepts [system key, BYOK key]: index 1 is the request's key; the server's (0) was never sent.
    expect(harness.upstreams.openai.requests.map((request) => request.keyIndex)).toEqual([1]);
  });
});
