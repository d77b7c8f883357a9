import { describe, expect, it } from 'vitest';
import { generateText, streamText } from 'ai-v7';
import { MockLanguageModelV4 } from 'ai-v7/test';
import { createGatewayServer } from '../../src/server';
import { listen } from '../../src/cli/node-listener';
import { createGateway } from '../../src/v4';

const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } };
describe('smoke', () => {
  it('generates and streams', async () => {
    let calls = 0;
    const bad = new MockLanguageModelV4({ doGenerate: async () => { calls++; throw Object.assign(new Error('boom'), {}); } });
    const good = new MockLanguageModelV4({
      doGenerate: async () => ({ content: [{ type: 'text', text: 'hello' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] }),
      doStream: async () => ({ stream: new ReadableStream({ start(c) { c.enqueue({ type: 'stream-start', warnings: [] }); c.enqueue({ type: 'text-start', id: '1' }); c.enqueue({ type: 'text-delta', id: '1', delta: 'hi' }); c.enqueue({ type: 'text-end', id: '1' }); c.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage }); c.close(); } }) }),
    });
    const server = createGatewayServer({
      providers: { a: { languageModel: () => bad }, b: { languageModel: () => good } },
      models: { 'x/y': { providers: [{ provider: 'a', model: 'y' }, { provider: 'b', model: 'y', pricing: { input: '0.001', output: '0.002' } }] } },
      keys: [{ name: 't', key: 'test-key-1234567890' }],
    });
    const { server: http, url } = await listen(server.fetch);
    const gw = createGateway({ baseURL: `${url}/v4/ai`, apiKey: 'test-key-1234567890' });
    const r = await generateText({ model: gw('x/y'), prompt: 'yo' });
    console.log(r.text, JSON.stringify(r.providerMetadata, null, 1).slice(0, 1500), r.response.id);
    const s = streamText({ model: gw('x/y'), prompt: 'yo' });
    console.log(await s.text, (await s.providerMetadata)?.gateway?.cost);
    expect(r.text).toBe('hello');
    http.close();
  });
});
