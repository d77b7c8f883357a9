/**
 * The fake OpenAI upstream through the real @ai-sdk/openai (chat and the default Responses
 * model, embeddings, images) and the real ai 7, over a real socket.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, Output, embed, embedMany, generateImage, generateText, stepCountIs, streamText, tool } from 'ai-v7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FAKE_PNG_BASE64, countTokens } from './deterministic';
import { listen, type ListeningServer } from './listen';
import { DEFAULT_OPENAI_KEY, createOpenAIUpstream } from './openai-upstream';
import { collectParts, errorsOf, textOfParts } from './stream-helpers';

const upstream = createOpenAIUpstream();
let server: ListeningServer;
let openai: ReturnType<typeof createOpenAI>;

beforeAll(async () => {
  server = await listen(upstream.fetch);
  openai = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: DEFAULT_OPENAI_KEY });
});
afterEach(() => {
  upstream.reset();
  upstream.behavior.deltas = undefined;
});
afterAll(() => server.close());

const reply = (prompt: string, model = 'gpt-4o-mini') => `You said: ${prompt} This reply comes from openai model ${model}.`;

const weather = tool({
  description: 'Weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

const apis = [
  { api: 'chat completions', path: '/v1/chat/completions', model: () => openai.chat('gpt-4o-mini') },
  { api: 'responses (the default openai(id))', path: '/v1/responses', model: () => openai('gpt-4o-mini') },
] as const;

describe.each(apis)('$api', ({ path, model }) => {
  it('generateText: the deterministic reply, usage from text length, the request as sent', async () => {
    const result = await generateText({ model: model(), system: 'Be brief.', prompt: 'Hello there.' });

    expect(result.text).toBe(reply('Hello there.'));
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBe(countTokens('Be brief.'.length + 'Hello there.'.length));
    expect(result.usage.outputTokens).toBe(countTokens(reply('Hello there.')));
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request).toMatchObject({ method: 'POST', path, model: 'gpt-4o-mini', stream: false, keyIndex: 0, outcome: 'ok' });
    expect(request!.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(request)).not.toContain(DEFAULT_OPENAI_KEY);
  });

  it('streamText: one delta per word, finish and usage', async () => {
    const result = streamText({ model: model(), prompt: 'Stream this please.' });
    const parts = await collectParts(result.fullStream);

    const deltas = parts.filter(part => part.type === 'text-delta');
    expect(errorsOf(parts)).toEqual([]);
    expect(textOfParts(parts)).toBe(reply('Stream this please.'));
    expect(deltas.length).toBe(reply('Stream this please.').split(' ').length);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(countTokens(reply('Stream this please.')));
    expect(upstream.requests[0]).toMatchObject({ path, stream: true, outcome: 'ok' });
  });

  it('tools: `call <name> with <json>` makes a call; the tool result comes back as text', async () => {
    const result = await generateText({
      model: model(),
      tools: { weather },
      prompt: 'Please call weather with {"city":"Paris"} now.',
      stopWhen: stepCountIs(3),
    });

    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.finishReason).toBe('tool-calls');
    expect(result.steps[0]!.toolCalls.map(call => [call.toolName, call.input])).toEqual([['weather', { city: 'Paris' }]]);
    expect(result.text).toBe('Tool weather returned {"city":"Paris","celsius":21}.');
    expect(upstream.requests.map(request => request.outcome)).toEqual(['ok', 'ok']);
  });

  it('tools while streaming: the input arrives in several deltas', async () => {
    const result = streamText({
      model: model(),
      tools: { weather: tool({ inputSchema: z.object({ city: z.string(), days: z.number().int().min(1) }) }) },
      prompt: 'call weather for the week',
    });
    const parts = await collectParts(result.fullStream);

    expect(errorsOf(parts)).toEqual([]);
    const inputDeltas = parts.filter(part => part.type === 'tool-input-delta');
    expect(inputDeltas.length).toBeGreaterThan(1);
    const calls = parts.flatMap(part => (part.type === 'tool-call' ? [part] : []));
    expect(calls.map(call => [call.toolName, call.input])).toEqual([['weather', { city: 'example city', days: 1 }]]);
    expect(await result.finishReason).toBe('tool-calls');
  });

  it('structured output: JSON valid for the schema, sent as the API expects it', async () => {
    const schema = z.object({
      name: z.string(),
      age: z.number().int().min(18),
      tags: z.array(z.enum(['red', 'blue'])),
      address: z.object({ city: z.string(), zip: z.string().nullable() }),
    });
    const result = await generateText({ model: model(), output: Output.object({ schema }), prompt: 'A person.' });

    expect(result.output).toEqual({
      name: 'example name',
      age: 18,
      tags: ['red'],
      address: { city: 'example city', zip: 'example zip' },
    });
    const body = upstream.requests[0]!.body as Record<string, any>;
    const format = path === '/v1/chat/completions' ? body.response_format : body.text.format;
    expect(format.type).toBe('json_schema');
  });

  it('files: an image and a PDF reach the fake', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 fake');
    const result = await generateText({
      model: model(),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe these.' },
            { type: 'file', data: Uint8Array.from(atob(FAKE_PNG_BASE64), c => c.charCodeAt(0)), mediaType: 'image/png' },
            { type: 'file', data: pdf, mediaType: 'application/pdf', filename: 'a.pdf' },
          ],
        },
      ],
    });

    expect(result.text).toContain('Files received: image/png (92 bytes), application/pdf (13 bytes).');
  });

  it('maxOutputTokens cuts the reply and reports length', async () => {
    const result = await generateText({ model: model(), prompt: 'Say a lot.', maxOutputTokens: 3 });

    expect(result.text).toBe(reply('Say a lot.').slice(0, 12));
    expect(result.finishReason).toBe('length');
  });

  it('behavior.deltas makes long streams of exactly that many deltas', async () => {
    upstream.behavior.deltas = 1_000;
    const result = streamText({ model: model(), prompt: 'long' });
    let deltas = 0;
    for await (const part of result.fullStream) if (part.type === 'text-delta') deltas++;

    expect(deltas).toBe(1_000);
  });
});

describe('embeddings', () => {
  it('embed: a deterministic unit vector per text, 1536 dimensions by default', async () => {
    const model = openai.embedding('text-embedding-3-small');
    const first = await embed({ model, value: 'sunny day' });
    const again = await embed({ model, value: 'sunny day' });
    const other = await embed({ model, value: 'rainy day' });

    expect(first.embedding).toHaveLength(1536);
    expect(Math.hypot(...first.embedding)).toBeCloseTo(1, 6);
    expect(again.embedding).toEqual(first.embedding);
    expect(other.embedding).not.toEqual(first.embedding);
    expect(first.usage.tokens).toBe(countTokens('sunny day'));
  });

  it('embedMany with dimensions through textEmbeddingModel()', async () => {
    const result = await embedMany({
      model: openai.textEmbeddingModel('text-embedding-3-large'),
      values: ['a', 'b', 'c'],
      providerOptions: { openai: { dimensions: 8 } },
    });

    expect(result.embeddings.map(vector => vector.length)).toEqual([8, 8, 8]);
    expect(upstream.requests[0]!.body).toMatchObject({ input: ['a', 'b', 'c'], dimensions: 8, encoding_format: 'float' });
  });
});

describe('images', () => {
  it('generateImage: n PNGs as b64_json', async () => {
    const result = await generateImage({ model: openai.image('gpt-image-1'), prompt: 'a lighthouse', n: 2 });

    expect(result.images).toHaveLength(2);
    expect(result.images[0]!.mediaType).toBe('image/png');
    expect(result.images[0]!.base64).toBe(FAKE_PNG_BASE64);
    expect(upstream.requests[0]).toMatchObject({ path: '/v1/images/generations', body: { prompt: 'a lighthouse', n: 2 } });
  });
});

describe('keys, models and routes', () => {
  it('a wrong key is a 401 APICallError with OpenAI’s message', async () => {
    const wrong = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-wrong' });
    const error = await generateText({ model: wrong.chat('gpt-4o-mini'), prompt: 'hi' }).catch((caught: unknown) => caught);

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401, isRetryable: false });
    expect((error as APICallError).message).toContain('Incorrect API key provided');
    expect(upstream.requests[0]).toMatchObject({ keyIndex: undefined, outcome: 'unauthorized' });
  });

  it('an unknown model is a 404 with code model_not_found', async () => {
    const error = await generateText({ model: openai('gpt-nope'), prompt: 'hi' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 404 });
    expect(JSON.parse((error as APICallError).responseBody!)).toEqual({
      error: {
        message: 'The model `gpt-nope` does not exist or you do not have access to it.',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
  });

  it('GET /v1/models lists the models; a missing key and an unknown route get OpenAI errors', async () => {
    const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}` } });
    expect(((await models.json()) as { data: Array<{ id: string }> }).data.map(model => model.id)).toContain('gpt-4o-mini');

    const anonymous = await fetch(`${server.url}/v1/models`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { message: string } }).error.message).toMatch(/didn't provide an API key/);

    const missing = await fetch(`${server.url}/v1/nothing`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'Invalid URL (POST /v1/nothing)' } });
  });

  it('several keys: the record says which one authenticated', async () => {
    const fake = createOpenAIUpstream({ apiKey: ['sk-server', 'sk-byok'] });
    const response = await fake.fetch(
      new Request('http://fake/v1/models', { headers: { authorization: 'Bearer sk-byok' } }),
    );

    expect(response.status).toBe(200);
    expect(fake.requests[0]).toMatchObject({ keyIndex: 1 });
  });
});
