/**
 * The fake OpenAI upstream as an "OpenAI-compatible" server (vLLM, Ollama, LM Studio)
 * through the real @ai-sdk/openai-compatible and ai 7, over a real socket.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { Output, embed, generateImage, generateText, stepCountIs, streamText, tool } from 'ai-v7';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FAKE_PNG_BASE64, countTokens } from './deterministic';
import { listen, type ListeningServer } from './listen';
import { createOpenAIUpstream } from './openai-upstream';
import { collectParts, errorsOf, textOfParts } from './stream-helpers';

const upstream = createOpenAIUpstream({ name: 'local-llm', apiKey: 'local-key', models: ['llama-3.1-8b', 'nomic-embed', 'sdxl'] });
let server: ListeningServer;
let local: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  server = await listen(upstream.fetch);
  local = createOpenAICompatible({
    name: 'local',
    baseURL: `${server.url}/v1`,
    apiKey: 'local-key',
    includeUsage: true,
    supportsStructuredOutputs: true,
  });
});
afterEach(() => upstream.reset());
afterAll(() => server.close());

const reply = (prompt: string) => `You said: ${prompt} This reply comes from local-llm model llama-3.1-8b.`;

describe('@ai-sdk/openai-compatible', () => {
  it('generateText and streamText with usage (includeUsage → stream_options.include_usage)', async () => {
    const generated = await generateText({ model: local.chatModel('llama-3.1-8b'), prompt: 'Hi.' });
    expect(generated.text).toBe(reply('Hi.'));

    const streamed = streamText({ model: local.chatModel('llama-3.1-8b'), prompt: 'Hi.' });
    const parts = await collectParts(streamed.fullStream);
    expect(errorsOf(parts)).toEqual([]);
    expect(textOfParts(parts)).toBe(reply('Hi.'));
    expect((await streamed.usage).outputTokens).toBe(countTokens(reply('Hi.')));
    expect(upstream.requests[1]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('without include_usage the stream carries no usage chunk, as OpenAI does', async () => {
    const plain = createOpenAICompatible({ name: 'plain', baseURL: `${server.url}/v1`, apiKey: 'local-key' });
    const streamed = streamText({ model: plain.chatModel('llama-3.1-8b'), prompt: 'Hi.' });

    expect(await streamed.text).toBe(reply('Hi.'));
    expect((await streamed.usage).outputTokens).toBeUndefined();
  });

  it('tools round trip', async () => {
    const result = await generateText({
      model: local.chatModel('llama-3.1-8b'),
      tools: { add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b }) => a + b }) },
      prompt: 'call add with {"a":2,"b":3}',
      stopWhen: stepCountIs(2),
    });

    expect(result.steps[0]!.toolCalls.map(call => call.input)).toEqual([{ a: 2, b: 3 }]);
    expect(result.text).toBe('Tool add returned 5.');
  });

  it('structured output with supportsStructuredOutputs', async () => {
    const result = await generateText({
      model: local.chatModel('llama-3.1-8b'),
      output: Output.object({ schema: z.object({ items: z.array(z.string()).min(2) }) }),
      prompt: 'List.',
    });

    expect(result.output).toEqual({ items: ['example items', 'example items'] });
  });

  it('embeddings and images', async () => {
    const embedded = await embed({ model: local.embeddingModel('nomic-embed'), value: 'vector me' });
    expect(embedded.embedding).toHaveLength(1536);

    const image = await generateImage({ model: local.imageModel('sdxl'), prompt: 'a boat' });
    expect(image.image.base64).toBe(FAKE_PNG_BASE64);
  });

  it('a wrong key and an unknown model', async () => {
    const wrong = createOpenAICompatible({ name: 'wrong', baseURL: `${server.url}/v1`, apiKey: 'nope' });
    await expect(generateText({ model: wrong.chatModel('llama-3.1-8b'), prompt: 'x', maxRetries: 0 })).rejects.toMatchObject({
      statusCode: 401,
    });
    await expect(generateText({ model: local.chatModel('gpt-4o'), prompt: 'x', maxRetries: 0 })).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
