/**
 * The fake Anthropic upstream through the real @ai-sdk/anthropic and ai 7, over a real socket.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, Output, generateText, stepCountIs, streamText, tool } from 'ai-v7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_ANTHROPIC_KEY, createAnthropicUpstream } from './anthropic-upstream';
import { FAKE_PNG_BASE64, countTokens } from './deterministic';
import { listen, type ListeningServer } from './listen';
import { collectParts, errorsOf, textOfParts } from './stream-helpers';

const upstream = createAnthropicUpstream();
let server: ListeningServer;
let anthropic: ReturnType<typeof createAnthropic>;

beforeAll(async () => {
  server = await listen(upstream.fetch);
  anthropic = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: DEFAULT_ANTHROPIC_KEY });
});
afterEach(() => {
  upstream.reset();
  upstream.behavior.deltas = undefined;
});
afterAll(() => server.close());

const MODEL = 'claude-sonnet-4-5';
const reply = (prompt: string, model = MODEL) => `You said: ${prompt} This reply comes from anthropic model ${model}.`;

describe('messages', () => {
  it('generateText: the deterministic reply, usage, and the request as sent', async () => {
    const result = await generateText({ model: anthropic(MODEL), system: 'Be brief.', prompt: 'Hello Claude.' });

    expect(result.text).toBe(reply('Hello Claude.'));
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(countTokens('Be brief.'.length + 'Hello Claude.'.length));
    expect(result.usage.outputTokens).toBe(countTokens(reply('Hello Claude.')));
    const [request] = upstream.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages', model: MODEL, stream: false, keyIndex: 0, outcome: 'ok' });
    expect(request!.headers['x-api-key']).toBe('[redacted]');
    expect(request!.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('streamText: message_start … message_stop, one delta per word, no error parts', async () => {
    const result = streamText({ model: anthropic(MODEL), prompt: 'Stream it.' });
    const parts = await collectParts(result.fullStream);

    expect(errorsOf(parts)).toEqual([]);
    expect(textOfParts(parts)).toBe(reply('Stream it.'));
    expect(parts.filter(part => part.type === 'text-delta')).toHaveLength(reply('Stream it.').split(' ').length);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(countTokens(reply('Stream it.')));
  });

  it('thinking: a signed thinking block before the text, streamed and not', async () => {
    const providerOptions = { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } } as const;
    const generated = await generateText({ model: anthropic(MODEL), prompt: 'Ponder.', providerOptions });
    expect(generated.reasoningText).toBe('Thinking about: Ponder.');
    expect(generated.text).toBe(reply('Ponder.'));

    const streamed = streamText({ model: anthropic(MODEL), prompt: 'Ponder.', providerOptions });
    const parts = await collectParts(streamed.fullStream);
    const kinds = parts.map(part => part.type).filter(type => type.startsWith('reasoning') || type.startsWith('text'));
    expect(kinds.indexOf('reasoning-start')).toBeLessThan(kinds.indexOf('text-start'));
    expect(await streamed.reasoningText).toBe('Thinking about: Ponder.');
  });

  it('tools: tool_use with input_json_delta, then the result as text', async () => {
    const weather = tool({
      inputSchema: z.object({ city: z.string(), unit: z.enum(['C', 'F']) }),
      execute: async ({ city }) => `${city}: 21`,
    });
    const streamed = streamText({
      model: anthropic(MODEL),
      tools: { weather },
      prompt: 'call weather please',
      stopWhen: stepCountIs(3),
    });
    const parts = await collectParts(streamed.fullStream);

    expect(errorsOf(parts)).toEqual([]);
    expect(parts.filter(part => part.type === 'tool-input-delta').length).toBeGreaterThan(1);
    const calls = parts.flatMap(part => (part.type === 'tool-call' ? [part] : []));
    expect(calls.map(call => [call.toolName, call.input])).toEqual([['weather', { city: 'example city', unit: 'C' }]]);
    expect(await streamed.text).toBe('Tool weather returned example city: 21.');
    expect(upstream.requests).toHaveLength(2);
  });

  it('two tools mentioned → two tool_use blocks in prompt order (generateText)', async () => {
    const result = await generateText({
      model: anthropic(MODEL),
      tools: {
        a: tool({ inputSchema: z.object({ n: z.number() }) }),
        b: tool({ inputSchema: z.object({ s: z.string() }) }),
      },
      prompt: 'First call b with {"s":"x"} and then call a.',
    });

    expect(result.toolCalls.map(call => [call.toolName, call.input])).toEqual([
      ['b', { s: 'x' }],
      ['a', { n: 1 }],
    ]);
    expect(result.finishReason).toBe('tool-calls');
  });

  const schema = z.object({ title: z.string(), stars: z.number().int().min(1).max(5), done: z.boolean() });
  const expected = { title: 'example title', stars: 1, done: true };

  it('structured output through output_config.format (models with native structured output)', async () => {
    const result = await generateText({ model: anthropic(MODEL), output: Output.object({ schema }), prompt: 'Rate it.' });

    expect(result.output).toEqual(expected);
    expect(upstream.requests[0]!.body).toMatchObject({ output_config: { format: { type: 'json_schema' } } });
  });

  it('structured output through the forced json tool (older models), streamed', async () => {
    const result = streamText({ model: anthropic('claude-sonnet-4-0'), output: Output.object({ schema }), prompt: 'Rate it.' });

    expect(await result.output).toEqual(expected);
    // @ai-sdk/anthropic offers one `json` tool and forces tool use with `any`
    expect(upstream.requests[0]!.body).toMatchObject({ tools: [{ name: 'json' }], tool_choice: { type: 'any' } });
  });

  it('files: an image and a PDF reach the fake as base64 blocks', async () => {
    const result = await generateText({
      model: anthropic(MODEL),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look.' },
            { type: 'file', data: FAKE_PNG_BASE64, mediaType: 'image/png' },
            { type: 'file', data: new TextEncoder().encode('%PDF-1.4 fake'), mediaType: 'application/pdf' },
          ],
        },
      ],
    });

    expect(result.text).toBe(
      'You said: Look. Files received: image/png (92 bytes), application/pdf (13 bytes). ' +
        `This reply comes from anthropic model ${MODEL}.`,
    );
  });

  it('max_tokens cuts the reply with stop_reason max_tokens', async () => {
    const result = await generateText({ model: anthropic(MODEL), prompt: 'Long.', maxOutputTokens: 2 });

    expect(result.text).toBe(reply('Long.').slice(0, 8));
    expect(result.finishReason).toBe('length');
  });

  it('behavior.deltas: exactly that many text deltas', async () => {
    upstream.behavior.deltas = 1_000;
    const result = streamText({ model: anthropic(MODEL), prompt: 'long' });
    let deltas = 0;
    for await (const part of result.fullStream) if (part.type === 'text-delta') deltas++;

    expect(deltas).toBe(1_000);
  });
});

describe('keys, models and routes', () => {
  it('a wrong key is a 401 authentication_error', async () => {
    const wrong = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: 'sk-ant-wrong' });
    const error = await generateText({ model: wrong(MODEL), prompt: 'hi' }).catch((caught: unknown) => caught);

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false, message: 'invalid x-api-key' });
    expect(JSON.parse((error as APICallError).responseBody!)).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('an unknown model is a 404 not_found_error naming the model', async () => {
    const error = await generateText({ model: anthropic('claude-nope'), prompt: 'hi' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 404, message: 'model: claude-nope' });
  });

  it('count_tokens, models, and the anthropic-version header the real API requires', async () => {
    const headers = { 'x-api-key': DEFAULT_ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' };
    const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Count me please' }] });

    const counted = await fetch(`${server.url}/v1/messages/count_tokens`, { method: 'POST', headers, body });
    expect(await counted.json()).toEqual({ input_tokens: countTokens('Count me please') });

    const models = await fetch(`${server.url}/v1/models`, { headers });
    expect(((await models.json()) as { data: Array<{ id: string }> }).data.map(model => model.id)).toContain(MODEL);

    const unversioned = await fetch(`${server.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': DEFAULT_ANTHROPIC_KEY },
      body,
    });
    expect(unversioned.status).toBe(400);
    expect(await unversioned.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
  });
});
