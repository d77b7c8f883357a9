import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../src';
import { BASE, json, mockGateway, sse, v2Generate, v2StreamParts, failure } from './support/mock-gateway';

const gateway = mockGateway();
const API_KEY = 'mg-test-api-key-0123456789';
const BYOK = 'sk-ant-byok-secret-9876543210';
const AWS_SECRET = 'aws-secret-access-key-abcdef';
const model = createGateway({ baseURL: BASE, apiKey: API_KEY })('anthropic/claude-sonnet-4.6');
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];
const providerOptions = {
  gateway: {
    byok: {
      anthropic: [{ apiKey: BYOK }],
      bedrock: [{ accessKeyId: 'AKIA-test', secretAccessKey: AWS_SECRET, region: 'us-east-1' }],
    },
  },
};

function everythingIn(error: any): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; current = current.cause, depth++) {
    parts.push(String(current.message), String(current.stack));
  }
  parts.push(inspect(error, { depth: 10 }), JSON.stringify(error), JSON.stringify(error.requestBodyValues ?? null));
  parts.push(String(error.responseBody));
  return parts.join('\n');
}

describe('secrets', () => {
  it('sends BYOK credentials to the gateway but returns them redacted in request.body', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const result: any = await model.doGenerate({ prompt, providerOptions });
    expect(gateway.requests[0]!.body.providerOptions.gateway.byok.anthropic[0].apiKey).toBe(BYOK);
    const echoed = JSON.stringify(result.request.body);
    expect(echoed).not.toContain(BYOK);
    expect(echoed).not.toContain(AWS_SECRET);
    expect(result.request.body.providerOptions.gateway.byok.bedrock[0]).toEqual({
      accessKeyId: '[REDACTED]',
      secretAccessKey: '[REDACTED]',
      region: '[REDACTED]',
    });
    // The caller's options are untouched.
    expect(providerOptions.gateway.byok.anthropic[0]!.apiKey).toBe(BYOK);
  });

  it('keeps per-call headers out of request.body and a per-call Authorization out of errors', async () => {
    const CALL_TOKEN = 'per-call-token-5550123456';
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const result: any = await model.doGenerate({ prompt, headers: { Authorization: `Bearer ${CALL_TOKEN}`, 'x-trace': 't' } });
    // On the wire the body carries the call options as given, headers included…
    expect(gateway.requests[0]!.body.headers['x-trace']).toBe('t');
    expect(gateway.requests[0]!.headers.authorization).toBe(`Bearer ${CALL_TOKEN}`);
    // …but what comes back to the caller leaves them out.
    expect(result.request.body.headers).toBeUndefined();
    expect(JSON.stringify(result.request.body)).not.toContain(CALL_TOKEN);

    gateway.on('post', `${BASE}/language-model`, () =>
      json({ error: { message: `Rejected Bearer ${CALL_TOKEN}`, type: 'authentication_error' } }, { status: 401 }),
    );
    const error = await failure(model.doGenerate({ prompt, headers: { Authorization: `Bearer ${CALL_TOKEN}` } }));
    expect(everythingIn(error)).not.toContain(CALL_TOKEN);
  });

  it('streams return a redacted request.body too', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts()));
    const result: any = await model.doStream({ prompt, providerOptions });
    expect(JSON.stringify(result.request.body)).not.toContain(BYOK);
    await result.stream.cancel();
  });

  it('keeps the API key and BYOK values out of errors, even when the gateway echoes them', async () => {
    gateway.on('post', `${BASE}/language-model`, () =>
      json(
        { error: { message: `Provider rejected key ${BYOK} sent with Bearer ${API_KEY}`, type: 'invalid_request_error' } },
        { status: 400 },
      ),
    );
    const error = await failure(model.doGenerate({ prompt, providerOptions }));
    const text = everythingIn(error);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(BYOK);
    expect(text).not.toContain(AWS_SECRET);
  });

  it('keeps secrets out of errors raised before or without a response', async () => {
    const failing = createGateway({
      baseURL: BASE,
      apiKey: API_KEY,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    })('a/b');
    const error = await failure(failing.doGenerate({ prompt, providerOptions }));
    const text = everythingIn(error);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(BYOK);
  });
});
