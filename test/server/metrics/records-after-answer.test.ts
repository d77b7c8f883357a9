/**
 * A call from modelgate's Node listener has its usage record made after its answer is written. Whatever reads the
 * records right after (the metrics, /v1/generation, the usage log) still finds it: here each is asked in the same
 * turn of the event loop as the answer, before the deferred record would be made on its own.
 */
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createGatewayServer } from '../../../src/server';
import { FROM_NODE_LISTENER } from '../../../src/server/listener-request';

const KEY = 'mg-records-after-answer-key-01';
const model: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'memory',
  modelId: 'memory',
  supportedUrls: {},
  async doGenerate() {
    return {
      content: [{ type: 'text', text: 'hello' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 2, text: 2, reasoning: 0 } },
      warnings: [],
    };
  },
  async doStream() {
    throw new Error('not used');
  },
};

const gateway = () =>
  createGatewayServer({
    providers: { memory: { languageModel: () => model } },
    models: { 'memory/model': { providers: [{ provider: 'memory', model: 'memory', pricing: { input: '0.000001', output: '0.000002' } }] } },
    keys: [{ name: 'ops', key: KEY, admin: true }],
  });

/** A call as the Node listener hands it over (marked), so its record waits for the answer to be written. */
const call = () =>
  Object.assign(
    new Request('http://gateway.test/v4/ai/language-model', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'ai-language-model-specification-version': '4', 'ai-language-model-id': 'memory/model', 'ai-language-model-streaming': 'false' },
      body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
    }),
    { [FROM_NODE_LISTENER]: true },
  );
const get = (path: string) => new Request(`http://gateway.test${path}`, { headers: { authorization: `Bearer ${KEY}` } });

describe('usage records made after the answer', () => {
  it('are counted by /metrics, found by /v1/generation and written by flushUsage when asked at once', async () => {
    const server = gateway();
    const answer = await server.fetch(call());
    const generationId = ((await answer.json()) as { response: { id: string } }).response.id;
    const metrics = await (await server.fetch(get('/metrics'))).text();
    expect(metrics).toMatch(/modelgate_requests_total\{key="ops",model="memory\/model",provider="memory",kind="language",status="200"\} 1/);
    expect(metrics).toMatch(/modelgate_tokens_total\{model="memory\/model",provider="memory",type="input"\} 3/);

    await server.fetch(call());
    const generation = await server.fetch(get(`/v1/generation?id=${generationId}`));
    expect(generation.status).toBe(200);

    const third = await server.fetch(call());
    const thirdId = ((await third.json()) as { response: { id: string } }).response.id;
    await server.flushUsage();
    const stored = await server.fetch(get(`/v1/generation?id=${thirdId}`));
    expect(((await stored.json()) as { data: { id: string; total_cost: number } }).data).toMatchObject({ id: thirdId });
    await server.close();
  });
});
