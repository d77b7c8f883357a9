/** The pure translations between OpenAI chat bodies and the gateway's V4 calls, results and stream parts. */
import { InvalidArgumentError, type LanguageModelV4GenerateResult, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { chatRequestToCall } from '../../src/server/openai-compatible/chat-request';
import { chatChunkConverter, chatCompletionFromResult, chatSseBody, type ChatCompletionChunk, type ChatStreamError } from '../../src/server/openai-compatible/chat-response';
import { embeddingRequestToCall } from '../../src/server/openai-compatible/embeddings';
import { partSourceFromStream } from '../../src/server/sse-body';

const usage = {
  inputTokens: { total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined },
  outputTokens: { total: 7, text: 5, reasoning: 2 },
};

describe('chatRequestToCall', () => {
  it('maps messages, sampling settings, tools, tool choice, response format and routing', () => {
    const body = {
      model: 'openai/gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
          ],
        },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'found' },
      ],
      temperature: 0.5,
      max_tokens: 50,
      top_p: 0.9,
      stop: 'END',
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
      providerOptions: { gateway: { order: ['azure'] }, openai: { user: 'u1' } },
      models: ['anthropic/claude-sonnet-4.6'],
      stream: true,
    };
    const before = structuredClone(body);
    const call = chatRequestToCall(body);
    expect(body).toEqual(before);
    expect(call).toMatchObject({ modelId: 'openai/gpt-4.1-mini', stream: true, routing: { order: ['azure'], models: ['anthropic/claude-sonnet-4.6'] } });
    const options = call.callOptions;
    expect(options).toMatchObject({
      temperature: 0.5,
      maxOutputTokens: 50,
      topP: 0.9,
      stopSequences: ['END'],
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      toolChoice: { type: 'tool', toolName: 'lookup' },
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' } },
      tools: [{ type: 'function', name: 'lookup', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }],
      providerOptions: { openai: { user: 'u1' } },
    });
    expect(options.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
          { type: 'file', mediaType: 'image', data: { type: 'url', url: new URL('https://example.com/cat.jpg') } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'x' } }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: { type: 'text', value: 'found' } }] },
    ]);
  });

  it('maps reasoning options', () => {
    const base = { model: 'm/x', messages: [{ role: 'user', content: 'hi' }] };
    expect(chatRequestToCall({ ...base, reasoning: { effort: 'high' } }).callOptions.reasoning).toBe('high');
    expect(chatRequestToCall({ ...base, reasoning_effort: 'low' }).callOptions.reasoning).toBe('low');
    expect(chatRequestToCall({ ...base, reasoning: { enabled: false } }).callOptions.reasoning).toBe('none');
    expect(chatRequestToCall({ ...base, reasoning: { enabled: true, exclude: true } })).toMatchObject({ excludeReasoning: true, callOptions: { reasoning: 'provider-default' } });
    expect(() => chatRequestToCall({ ...base, reasoning: { effort: 'high', max_tokens: 100 } })).toThrow(/either/);
  });

  it('maps cache_control markers to Anthropic provider options on the message or part that carries them', () => {
    const anthropic = (ttl?: string) => ({ anthropic: { cacheControl: { type: 'ephemeral', ...(ttl ? { ttl } : {}) } } });
    const { prompt } = chatRequestToCall({
      model: 'anthropic/claude',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Rules', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'image_url', image_url: 'data:image/png;base64,AAAA', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: 'Sure', cache_control: { type: 'ephemeral' } },
        { role: 'user', content: 'Plain' },
      ],
    }).callOptions;
    expect(prompt[0]).toEqual({ role: 'system', content: 'Rules', providerOptions: anthropic() });
    expect(prompt[1]!.content).toMatchObject([{ type: 'text', text: 'Doc', providerOptions: anthropic('1h') }, { type: 'file', providerOptions: anthropic() }]);
    expect(prompt[2]).toMatchObject({ role: 'assistant', providerOptions: anthropic() });
    expect(prompt[3]).not.toHaveProperty('providerOptions');
    expect(() => chatRequestToCall({ model: 'm/x', messages: [{ role: 'user', content: 'x', cache_control: { type: 'persistent' } }] })).toThrow(/messages\.0\.cache_control/);
  });

  it("turns reasoning.max_tokens and modalities into the upstreams' own options, under the call's own", () => {
    const base = { model: 'm/x', messages: [{ role: 'user', content: 'hi' }] };
    expect(chatRequestToCall({ ...base, reasoning: { max_tokens: 1024 } }).callOptions).toMatchObject({
      reasoning: 'provider-default',
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } }, google: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } } },
    });
    const own = chatRequestToCall({ ...base, reasoning: { max_tokens: 1024 }, modalities: ['text', 'image'], providerOptions: { anthropic: { thinking: { type: 'disabled' } } } }).callOptions.providerOptions;
    expect(own).toEqual({
      anthropic: { thinking: { type: 'disabled' } },
      google: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true }, responseModalities: ['TEXT', 'IMAGE'] },
    });
    expect(chatRequestToCall({ ...base, reasoning: { enabled: false, max_tokens: 1024 } }).callOptions).not.toHaveProperty('providerOptions');
    expect(chatRequestToCall(base).callOptions).not.toHaveProperty('providerOptions');
  });

  it('names the wrong field of a bad request', () => {
    const attempt = (body: unknown) => {
      try {
        chatRequestToCall(body);
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        return (error as InvalidArgumentError).argument;
      }
      throw new Error('expected an error');
    };
    expect(attempt({ messages: [{ role: 'user', content: 'hi' }] })).toBe('model');
    expect(attempt({ model: 'm/x', messages: [{ role: 'user', content: 'hi' }], temperature: 3 })).toBe('temperature');
    expect(attempt({ model: 'm/x', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] })).toBe('messages.0.tool_call_id');
  });
});

describe('chatCompletionFromResult', () => {
  it('builds the message with content, reasoning, tool calls, usage and provider metadata', () => {
    const result: LanguageModelV4GenerateResult = {
      content: [
        { type: 'reasoning', text: 'thinking' },
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', toolCallId: 't1', toolName: 'lookup', input: '{"q":"x"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage,
      warnings: [],
      providerMetadata: { gateway: { generationId: 'gen_1', cost: '0.000015', marketCost: '0.000015' } },
      response: { id: 'gen_1' },
    };
    const completion = chatCompletionFromResult(result, { model: 'm/x', created: 123 });
    expect(completion).toEqual({
      id: 'gen_1',
      generationId: 'gen_1',
      object: 'chat.completion',
      created: 123,
      model: 'm/x',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello',
            refusal: null,
            reasoning: 'thinking',
            tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
            provider_metadata: { gateway: { generationId: 'gen_1', cost: '0.000015', marketCost: '0.000015' } },
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 }, cost: 0.000015, market_cost: 0.000015 },
    });
    expect(chatCompletionFromResult(result, { model: 'm/x', created: 1, excludeReasoning: true }).choices[0]!.message.reasoning).toBeUndefined();
  });
});

async function chunksOf(parts: LanguageModelV4StreamPart[]) {
  const converter = chatChunkConverter('gen_2', { model: 'm/x', created: 5 }, (error) => ({ message: String(error), type: 'internal_server_error' }));
  const out: Array<ChatCompletionChunk | ChatStreamError> = [];
  converter.first(out);
  for (const part of parts) converter.convert(part, out);
  return out;
}
const deltaOf = (chunk: ChatCompletionChunk | ChatStreamError) => ('choices' in chunk ? chunk.choices[0]!.delta : undefined);

describe('chatChunkConverter', () => {
  it('streams role, text, reasoning, streamed and whole tool calls, then the finish chunk with usage', async () => {
    const chunks = await chunksOf([
      { type: 'stream-start', warnings: [] },
      { type: 'reasoning-delta', id: 'r', delta: 'hmm' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'tool-input-start', id: 'a', toolName: 'one' },
      { type: 'tool-input-delta', id: 'a', delta: '{"x"' },
      { type: 'tool-input-delta', id: 'a', delta: ':1}' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'one', input: '{"x":1}' },
      { type: 'tool-call', toolCallId: 'b', toolName: 'two', input: '{}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage, providerMetadata: { gateway: { cost: '0' } } },
    ]);
    expect(chunks.map(deltaOf)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning: 'hmm' },
      { content: 'Hi' },
      { tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'one', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"x"' } }] },
      { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] },
      { tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'two', arguments: '{}' } }] },
      { provider_metadata: { gateway: { cost: '0' } } },
    ]);
    const last = chunks.at(-1) as ChatCompletionChunk;
    expect(last).toMatchObject({ id: 'gen_2', generationId: 'gen_2', object: 'chat.completion.chunk', choices: [{ finish_reason: 'tool_calls' }], usage: { prompt_tokens: 10, completion_tokens: 7, cost: 0 } });
  });

  it('returns generated images as message.images and delta.images, as data URLs', async () => {
    const result: LanguageModelV4GenerateResult = {
      content: [
        { type: 'text', text: 'Here it is.' },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: new Uint8Array([137, 80, 78, 71]) } },
        { type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'JVBERi0=' } },
      ],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage,
      warnings: [],
      response: { id: 'gen_img' },
    };
    const completion = chatCompletionFromResult(result, { model: 'google/gemini-image', created: 1 });
    expect(completion.choices[0]!.message.images).toEqual([{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } }]);
    const out: unknown[] = [];
    chatChunkConverter('gen_img', { model: 'google/gemini-image', created: 1 }, () => ({ message: '', type: '' })).convert(
      { type: 'file', mediaType: 'image/webp', data: { type: 'data', data: 'UklGRg==' } },
      out as never,
    );
    expect(out).toMatchObject([{ choices: [{ delta: { images: [{ type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } }] } }] }]);
  });

  it('turns an error part into an error chunk', async () => {
    const chunks = await chunksOf([
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'error', error: 'broke' },
    ]);
    expect(chunks.at(-1)).toEqual({ error: { message: 'broke', type: 'internal_server_error', param: null, code: null } });
  });
});

describe('chatSseBody', () => {
  const toError = (error: unknown) => ({ message: String(error), type: 'internal_server_error' });

  it('encodes the chunks as SSE events, skipping parts without a chunk, and ends with [DONE]', async () => {
    const parts = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of [
          { type: 'stream-start', warnings: [] },
          { type: 'text-delta', id: 't', delta: 'Hi' },
          { type: 'text-delta', id: 't', delta: '' },
          { type: 'finish', finishReason: { unified: 'stop', raw: undefined }, usage },
        ] satisfies LanguageModelV4StreamPart[]) controller.enqueue(part);
        controller.close();
      },
    });
    const text = await new Response(chatSseBody(partSourceFromStream(parts), 'gen_3', { model: 'm/x', created: 5 }, toError)).text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)) as ChatCompletionChunk);
    expect(chunks.map(deltaOf)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hi' }, {}]);
    expect(chunks.at(-1)).toMatchObject({ id: 'gen_3', choices: [{ finish_reason: 'stop' }], usage: { total_tokens: 17 } });
  });

  it('cancels the parts when the body is cancelled', async () => {
    let cancelled: unknown;
    const parts = new ReadableStream<LanguageModelV4StreamPart>({
      pull(controller) {
        controller.enqueue({ type: 'text-delta', id: 't', delta: 'more' });
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = chatSseBody(partSourceFromStream(parts), 'gen_4', { model: 'm/x', created: 5 }, toError).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel('client left');
    expect(cancelled).toBe('client left');
  });
});

describe('embeddingRequestToCall', () => {
  it('maps input, dimensions and routing', () => {
    expect(embeddingRequestToCall({ model: 'e/x', input: 'one', dimensions: 8, providerOptions: { gateway: { only: ['a'] } } })).toEqual({
      modelId: 'e/x',
      callOptions: { values: ['one'], dimensions: 8 },
      routing: { only: ['a'] },
      base64: false,
    });
    expect(() => embeddingRequestToCall({ model: 'e/x', input: [] })).toThrow(/input/);
  });
});
