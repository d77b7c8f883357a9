import { describe, expect, it } from 'vitest';
import { generateText as generateText5, streamText as streamText5, embed as embed5 } from 'ai';
import { generateText as generateText6, streamText as streamText6 } from 'ai-v6';
import { generateText, streamText } from 'ai-v7';
import { MockLanguageModelV4 } from 'ai-v7/test';
import { MockLanguageModelV2, MockEmbeddingModelV2 } from 'ai/test';
import { createGatewayServer } from '../../src/server';
import { listen } from '../../src/cli/node-listener';
import { createGateway } from '../../src/v4';
import { createGateway as createGateway3 } from '../../src/v3';
import { createGateway as createGateway2 } from '../../src/index';

const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };
describe('server: every client spec version against V2 and V4 upstreams', () => {
  it('generates, streams and embeds with failover', async () => {
    const bad = new MockLanguageModelV4({ doGenerate: async () => { throw new Error('boom'); } });
    const good = new MockLanguageModelV4({
      doGenerate: async () => ({ content: [{ type: 'text', text: 'hello' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] }),
      doStream: async () => ({ stream: new ReadableStream({ start(c) { c.enqueue({ type: 'stream-start', warnings: [] }); c.enqueue({ type: 'text-start', id: '1' }); c.enqueue({ type: 'text-delta', id: '1', delta: 'hi' }); c.enqueue({ type: 'text-end', id: '1' }); c.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage }); c.close(); } }) }),
    });
    const v2 = new MockLanguageModelV2({
      doGenerate: async () => ({ content: [{ type: 'text', text: 'from v2' }], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, warnings: [] }),
      doStream: async () => ({ stream: new ReadableStream({ start(c) { c.enqueue({ type: 'stream-start', warnings: [] }); c.enqueue({ type: 'text-start', id: '1' }); c.enqueue({ type: 'text-delta', id: '1', delta: 'v2 stream' }); c.enqueue({ type: 'text-end', id: '1' }); c.enqueue({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }); c.close(); } }) }),
    });
    const emb = new MockEmbeddingModelV2({ doEmbed: async ({ values }) => ({ embeddings: values.map(() => [1, 2]) }) });
    const server = createGatewayServer({
      providers: { a: { languageModel: () => bad }, b: { languageModel: () => good }, old: { languageModel: () => v2, textEmbeddingModel: () => emb } },
      models: {
        'x/y': { providers: [{ provider: 'a', model: 'y' }, { provider: 'b', model: 'y', pricing: { input: '0.001', output: '0.002' } }] },
        'x/old': { providers: [{ provider: 'old', model: 'o' }] },
        'x/emb': { type: 'embedding', providers: [{ provider: 'old', model: 'e' }] },
      },
      keys: [{ name: 't', key: 'test-key-1234567890' }],
    });
    const { server: http, url } = await listen(server.fetch);
    const gw = createGateway({ baseURL: `${url}/v4/ai`, apiKey: 'test-key-1234567890' });
    const r = await generateText({ model: gw('x/y'), prompt: 'yo' });
    expect(r.text).toBe('hello');
    const s = streamText({ model: gw('x/old'), prompt: 'yo' });
    expect(await s.text).toBe('v2 stream');
    const gw3 = createGateway3({ baseURL: `${url}/v3/ai`, apiKey: 'test-key-1234567890' });
    expect((await generateText6({ model: gw3('x/old'), prompt: 'yo' })).text).toBe('from v2');
    expect(await streamText6({ model: gw3('x/y'), prompt: 'yo' }).text).toBe('hi');
    const gw2 = createGateway2({ baseURL: `${url}/v1/ai`, apiKey: 'test-key-1234567890' });
    expect((await generateText5({ model: gw2('x/y'), prompt: 'yo' })).text).toBe('hello');
    const s5 = streamText5({ model: gw2('x/y'), prompt: 'yo' });
    expect(await s5.text).toBe('hi');
    console.log(JSON.stringify((await s5.providerMetadata)?.gateway).slice(0, 300));
    const e = await embed5({ model: gw2.textEmbeddingModel('x/emb'), value: 'a' });
    expect(e.embedding).toEqual([1, 2]);
    http.close();
  });
});
