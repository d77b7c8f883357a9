import { APICallError, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGateway, GatewayPaymentRequiredError, GatewayRateLimitError } from '../src';
import { BASE, json, mockGateway, sse, v2Generate, v2StreamParts, failure } from './support/mock-gateway';

const gateway = mockGateway();
const provider = createGateway({ baseURL: BASE, apiKey: 'test-key' });

describe('through ai@5', () => {
  it('generateText returns the text, usage and the gateway response id', async () => {
    gateway.on('post', `${BASE}/language-model`, () => json(v2Generate('Hello!')));
    const result = await generateText({
      model: provider('openai/gpt-5.4'),
      prompt: 'Say hello',
      providerOptions: { gateway: { order: ['bedrock', 'anthropic'], user: 'u-1', tags: ['feature:chat'] } },
    });
    expect(result.text).toBe('Hello!');
    expect(result.usage).toMatchObject({ inputTokens: 5, outputTokens: 4, totalTokens: 9 });
    expect(result.response.id).toBe('gen_123');
    expect(result.response.timestamp).toEqual(new Date('2026-11-21T10:00:00.000Z'));
    expect(result.providerMetadata?.gateway).toMatchObject({ cost: '0.00042' });
    const body = gateway.requests[0]!.body;
    expect(body.prompt).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }]);
    expect(body.providerOptions.gateway).toEqual({ order: ['bedrock', 'anthropic'], user: 'u-1', tags: ['feature:chat'] });
    expect(gateway.requests[0]!.headers['user-agent']).toMatch(/^ai\/5\.\S+ .*modelgate\//);
  });

  it('streamText streams the deltas and finishes with usage', async () => {
    gateway.on('post', `${BASE}/language-model`, () => sse(v2StreamParts(['Hel', 'lo', ' there'])));
    const result = streamText({ model: provider('openai/gpt-5.4'), prompt: 'Hi' });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks).toEqual(['Hel', 'lo', ' there']);
    expect(await result.text).toBe('Hello there');
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).totalTokens).toBe(5);
    expect((await result.response).id).toBe('gen_s1');
  });

  it('runs a two-step tool call: the tool result goes back in the second request', async () => {
    gateway.on(
      'post',
      `${BASE}/language-model`,
      () =>
        json({
          ...v2Generate(),
          content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' }],
          finishReason: 'tool-calls',
        }),
      () => json(v2Generate('It is 21°C in Paris.')),
    );
    const result = await generateText({
      model: provider('openai/gpt-5.4'),
      prompt: 'Weather in Paris?',
      stopWhen: stepCountIs(2),
      tools: {
        weather: tool({
          description: 'Current weather',
          inputSchema: jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
          }),
          execute: async ({ city }) => ({ city, celsius: 21 }),
        }),
      },
    });
    expect(result.text).toBe('It is 21°C in Paris.');
    expect(result.steps).toHaveLength(2);
    expect(gateway.requests).toHaveLength(2);
    expect(gateway.requests[0]!.body.tools[0]).toMatchObject({ type: 'function', name: 'weather' });
    const second = gateway.requests[1]!.body.prompt;
    expect(second.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'call_1', output: { type: 'json', value: { city: 'Paris', celsius: 21 } } }],
    });
  });

  it('maxRetries retries a 429 after the retry-after delay, then succeeds', async () => {
    const sentAt: number[] = [];
    gateway.on(
      'post',
      `${BASE}/language-model`,
      () => {
        sentAt.push(Date.now());
        return json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after-ms': '300' } });
      },
      () => {
        sentAt.push(Date.now());
        return json(v2Generate('finally'));
      },
    );
    const result = await generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi', maxRetries: 2 });
    expect(result.text).toBe('finally');
    expect(gateway.requests).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(290);
  });

  it('does not retry a 402', async () => {
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ error: { message: 'Out of credits', type: 'payment_required' } }, { status: 402 }),
    );
    const error = await failure(generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi', maxRetries: 3 }));
    expect(gateway.requests).toHaveLength(1);
    expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
    expect(APICallError.isInstance(error)).toBe(true);
  });

  it('gives up after maxRetries with the last gateway error', async () => {
    gateway.on('post', `${BASE}/language-model`, () =>
      json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after-ms': '10' } }),
    );
    const error: any = await failure(generateText({ model: provider('openai/gpt-5.4'), prompt: 'Hi', maxRetries: 2 }));
    expect(gateway.requests).toHaveLength(3);
    expect(GatewayRateLimitError.isInstance(error.lastError)).toBe(true);
  });
});
