import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway, GatewayResponseError } from '../src';
import { VERSION } from '../src/version';
import { BASE, collect, json, mockGateway, sse, v2Generate, v2StreamParts, failure } from './support/mock-gateway';

const gateway = mockGateway();
const provider = createGateway({ baseURL: BASE, apiKey: 'test-key', headers: { 'x-setting': 'from-settings' } });
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

afterEach(() => vi.unstubAllEnvs());

describe('doGenerate', () => {
  it('posts the call options to {baseURL}/language-model with the protocol headers', async () => {
    vi.stubEnv('VERCEL_DEPLOYMENT_ID', 'dpl_1');
    vi.stubEnv('VERCEL_ENV', 'preview');
    vi.stubEnv('VERCEL_REGION', 'iad1');
    vi.stubEnv('VERCEL_PROJECT_ID', 'prj_1');
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const model = createGateway({ baseURL: BASE, apiKey: 'test-key', teamIdOrSlug: 'team_abc', headers: { 'x-setting': 's' } })(
      'openai/gpt-5.4',
    );
    await model.doGenerate({
      prompt,
      temperature: 0.2,
      headers: { 'x-call': 'c', 'user-agent': 'ai/5.0.0' },
      providerOptions: { gateway: { order: ['bedrock', 'anthropic'], user: 'u-1' } },
      abortSignal: new AbortController().signal,
    });

    const [request] = gateway.requests;
    expect(request!.url).toBe(`${BASE}/language-model`);
    expect(request!.headers).toMatchObject({
      authorization: 'Bearer test-key',
      'ai-gateway-auth-method': 'api-key',
      'ai-gateway-protocol-version': '0.0.1',
      'ai-language-model-specification-version': '2',
      'ai-language-model-id': 'openai/gpt-5.4',
      'ai-language-model-streaming': 'false',
      'x-vercel-ai-gateway-team': 'team_abc',
      'x-setting': 's',
      'x-call': 'c',
      'ai-o11y-deployment-id': 'dpl_1',
      'ai-o11y-environment': 'preview',
      'ai-o11y-region': 'iad1',
      'ai-o11y-project-id': 'prj_1',
      'content-type': 'application/json',
    });
    expect(request!.headers['user-agent']).toMatch(new RegExp(`^ai/5\\.0\\.0 .*modelgate/${VERSION.replace(/\./g, '\\.')}$`));
    expect(request!.headers['ai-o11y-request-id']).toBeUndefined();
    // Call options as the AI SDK passed them, minus abortSignal.
    expect(request!.body).toEqual({
      prompt,
      temperature: 0.2,
      headers: { 'x-call': 'c', 'user-agent': 'ai/5.0.0' },
      providerOptions: { gateway: { order: ['bedrock', 'anthropic'], user: 'u-1' } },
    });
  });

  it('sends the Vercel request id when running inside a Vercel request', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const key = Symbol.for('@vercel/request-context');
    Reflect.set(globalThis, key, { get: () => ({ headers: { 'x-vercel-id': 'iad1::abc' } }) });
    try {
      await provider('openai/gpt-5.4').doGenerate({ prompt });
    } finally {
      Reflect.deleteProperty(globalThis, key);
    }
    expect(gateway.requests[0]!.headers['ai-o11y-request-id']).toBe('iad1::abc');
  });

  it("keeps the gateway's response id, model id and timestamp", async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate('Hey')));
    const result: any = await provider('openai/gpt-5.4').doGenerate({ prompt });
    expect(result.content).toEqual([{ type: 'text', text: 'Hey' }]);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 4, totalTokens: 9 });
    expect(result.response.id).toBe('gen_123');
    expect(result.response.modelId).toBe('openai/gpt-5.4');
    expect(result.response.timestamp).toEqual(new Date('2026-11-21T10:00:00.000Z'));
    expect(result.response.headers['content-type']).toContain('application/json');
    expect(result.request.body.prompt).toEqual(prompt);
  });

  it('sends binary file parts as data URLs without touching the caller prompt', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate()));
    const bytes = new Uint8Array([72, 105, 33]);
    const imagePart = { type: 'file' as const, data: bytes, mediaType: 'image/png' };
    const filePrompt = [
      { role: 'system' as const, content: 'Be brief.' },
      {
        role: 'user' as const,
        content: [
          { type: 'text' as const, text: 'Describe' },
          imagePart,
          { type: 'file' as const, data: new Uint8Array([0]), mediaType: '' },
          { type: 'file' as const, data: 'https://example.com/cat.png', mediaType: 'image/png' },
        ],
      },
    ];
    const before = structuredClone(filePrompt);
    await provider('openai/gpt-5.4').doGenerate({ prompt: filePrompt });

    const sent = gateway.requests[0]!.body.prompt;
    expect(sent[1].content[1].data).toBe('data:image/png;base64,SGkh');
    expect(sent[1].content[2].data).toBe('data:application/octet-stream;base64,AA==');
    expect(sent[1].content[3].data).toBe('https://example.com/cat.png');
    expect(filePrompt).toEqual(before);
    expect(imagePart.data).toBe(bytes);
  });

  it('reports a body that is not JSON as a retryable response error', async () => {
    gateway.on('post', `${BASE}/language-model`, () => new Response('{"content": [', { status: 200 }));
    const error = await failure(provider('openai/gpt-5.4').doGenerate({ prompt }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('not valid JSON');
  });
});

describe('doStream', () => {
  it('streams the parts with timestamps revived and the streaming header set', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts()));
    const { stream, request }: any = await provider('openai/gpt-5.4').doStream({ prompt });
    const parts = await collect<any>(stream);
    expect(parts.map((p) => p.type)).toEqual([
      'stream-start',
      'response-metadata',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(parts[1].timestamp).toEqual(new Date('2026-11-21T10:00:00.000Z'));
    expect(parts[6].usage).toEqual({ inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(gateway.requests[0]!.headers['ai-language-model-streaming']).toBe('true');
    expect(request.body.prompt).toEqual(prompt);
  });

  it('passes reasoning, tool input, tool calls and in-band errors through in order', async () => {
    const parts = [
      { type: 'reasoning-start', id: 'r1' },
      { type: 'reasoning-delta', id: 'r1', delta: 'thinking' },
      { type: 'reasoning-end', id: 'r1' },
      { type: 'tool-input-start', id: 'c1', toolName: 'weather' },
      { type: 'tool-input-delta', id: 'c1', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'c1' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' },
      { type: 'error', error: { message: 'upstream hiccup', type: 'internal_server_error' } },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } },
    ];
    gateway.on('post', `${BASE}/language-model`, () => sse(parts));
    const { stream }: any = await provider('openai/gpt-5.4').doStream({ prompt });
    expect(await collect(stream)).toEqual(parts);
  });

  it('passes raw parts only when the call asks for them', async () => {
    const parts = [{ type: 'raw', rawValue: { x: 1 } }, ...v2StreamParts(['a'])];
    gateway.on('post', `${BASE}/language-model`, () => sse(parts));
    const without: any = await provider('openai/gpt-5.4').doStream({ prompt });
    expect((await collect<any>(without.stream)).some((p) => p.type === 'raw')).toBe(false);
    const withRaw: any = await provider('openai/gpt-5.4').doStream({ prompt, includeRawChunks: true });
    expect((await collect<any>(withRaw.stream))[0]).toEqual({ type: 'raw', rawValue: { x: 1 } });
  });

  it('yields identical parts when events are split at every byte', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['héllo ', 'wörld 🌍'])));
    const whole = await collect((await provider('m/a').doStream({ prompt })).stream);
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['héllo ', 'wörld 🌍']), { chunkSize: 1 }));
    const split = await collect((await provider('m/a').doStream({ prompt })).stream);
    expect(split).toEqual(whole);
  });

  it('ends a stream cut before `finish` with a retryable error part', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts().slice(0, 4)));
    const { stream }: any = await provider('openai/gpt-5.4').doStream({ prompt });
    const parts = await collect<any>(stream);
    const last = parts.at(-1);
    expect(parts.map((p) => p.type)).toEqual(['stream-start', 'response-metadata', 'text-start', 'text-delta', 'error']);
    expect(GatewayResponseError.isInstance(last.error)).toBe(true);
    expect(last.error.isRetryable).toBe(true);
    expect(last.error.message).toContain('stream ended before the `finish` part');
  });

  it('reports a malformed event as an error part and keeps streaming', async () => {
    const parts: unknown[] = v2StreamParts(['a', 'b']);
    parts.splice(3, 0, '{not json');
    gateway.on('post', `${BASE}/language-model`, () => sse(parts));
    const { stream }: any = await provider('openai/gpt-5.4').doStream({ prompt });
    const received = await collect<any>(stream);
    const error = received.find((p) => p.type === 'error');
    expect(error.error.message).toContain('malformed stream event');
    expect(received.filter((p) => p.type === 'text-delta').map((p) => p.delta)).toEqual(['a', 'b']);
    expect(received.at(-1).type).toBe('finish');
  });
});
