/**
 * What the server benchmark needs from the fakes, read as raw SSE over a socket (no AI SDK
 * cost in the way): a zero-delay 20,000-delta stream, and many concurrent streams at once.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANTHROPIC_KEY, createAnthropicUpstream } from './anthropic-upstream';
import { fullText } from './deterministic';
import { listen, type ListeningServer } from './listen';
import { DEFAULT_OPENAI_KEY, createOpenAIUpstream } from './openai-upstream';

const openaiUpstream = createOpenAIUpstream({ recordRequests: false, behavior: { deltas: 20_000 } });
const anthropicUpstream = createAnthropicUpstream({ recordRequests: false, behavior: { deltas: 20_000 } });
let openai: ListeningServer;
let anthropic: ListeningServer;

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([listen(openaiUpstream.fetch), listen(anthropicUpstream.fetch)]);
});
afterAll(() => Promise.all([openai.close(), anthropic.close()]));

const prompt = 'bench';
const apis = [
  {
    api: 'chat completions',
    post: () =>
      fetch(`${openai.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}` },
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] }),
      }),
    delta: (data: any): string | undefined => data.choices?.[0]?.delta?.content || undefined,
    model: 'gpt-4o-mini',
    name: 'openai',
  },
  {
    api: 'responses',
    post: () =>
      fetch(`${openai.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}` },
        body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, input: prompt }),
      }),
    delta: (data: any): string | undefined => (data.type === 'response.output_text.delta' ? data.delta : undefined),
    model: 'gpt-4o-mini',
    name: 'openai',
  },
  {
    api: 'anthropic messages',
    post: () =>
      fetch(`${anthropic.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': DEFAULT_ANTHROPIC_KEY, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100_000, stream: true, messages: [{ role: 'user', content: prompt }] }),
      }),
    delta: (data: any): string | undefined => (data.delta?.type === 'text_delta' ? data.delta.text : undefined),
    model: 'claude-sonnet-4-5',
    name: 'anthropic',
  },
];

async function deltasOf(response: Response, delta: (data: unknown) => string | undefined): Promise<string[]> {
  const texts: string[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { done, value: event } = await reader.read();
    if (done) break;
    if (event.data === '[DONE]') continue;
    const text = delta(JSON.parse(event.data));
    if (text !== undefined) texts.push(text);
  }
  return texts;
}

describe.each(apis)('$api', ({ post, delta, model, name }) => {
  it('streams exactly 20,000 deltas whose text is the cycled reply', async () => {
    const texts = await deltasOf(await post(), delta);

    expect(texts).toHaveLength(20_000);
    expect(texts.join('')).toBe(fullText(`You said: ${prompt} This reply comes from ${name} model ${model}.`, 20_000));
  });
});

describe('concurrency', () => {
  // the benchmark holds 1,000; 250 keeps this test quick while still far beyond a connection pool
  it('serves 250 concurrent streams, each complete', async () => {
    openaiUpstream.behavior.deltas = 10;
    try {
      const counts = await Promise.all(Array.from({ length: 250 }, async () => (await deltasOf(await apis[0]!.post(), apis[0]!.delta)).length));
      expect(counts.every(count => count === 10)).toBe(true);
    } finally {
      openaiUpstream.behavior.deltas = 20_000;
    }
  });
});
