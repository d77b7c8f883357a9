import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { InvalidArgumentError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { messagesCallOptions, parseMessagesRequest, unconvertedBlockTypes, unconvertedMessagesParts, withoutUnconvertedBlocks } from '../../src/server/anthropic-compatible/messages-request';
import { messagesResponse, messagesSseBody, messagesStopReason, messagesUsage } from '../../src/server/anthropic-compatible/messages-response';
import { estimateInputTokens } from '../../src/server/anthropic-compatible/messages-route';
import { bearerToken } from '../../src/server/api-keys';
import { partSourceFromStream } from '../../src/server/sse-body';

const usage = {
  inputTokens: { total: 100, noCache: 60, cacheRead: 30, cacheWrite: 10 },
  outputTokens: { total: 7, text: 7, reasoning: undefined },
};

describe('messagesCallOptions', () => {
  it('maps system blocks, sampling settings, tools, tool_choice and thinking', () => {
    const options = messagesCallOptions(
      parseMessagesRequest({
        model: 'anthropic/claude-sonnet-4.6',
        max_tokens: 300,
        system: [{ type: 'text', text: 'Be kind.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'hi' }],
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        tools: [{ name: 'search', description: 'Search', input_schema: { type: 'object' } }],
        tool_choice: { type: 'any' },
        thinking: { type: 'enabled', budget_tokens: 4_000 },
        providerOptions: { gateway: { order: ['azure'] } },
      }),
    );
    expect(options).toEqual({
      prompt: [
        { role: 'system', content: 'Be kind.', providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      ],
      maxOutputTokens: 300,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      tools: [{ type: 'function', name: 'search', description: 'Search', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'required' },
      reasoning: 'medium',
      providerOptions: { gateway: { order: ['azure'] } },
    });
  });

  it('splits a user turn of tool results and text into a tool message then a user message, naming the tool', () => {
    const { prompt } = messagesCallOptions(
      parseMessagesRequest({
        model: 'm',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'tool_use', id: 'tu_1', name: 'weather', input: { city: 'Oslo' } }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'tu_1', content: 'rain', is_error: false },
              { type: 'text', text: 'and tomorrow?' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            ],
          },
        ],
      }),
    );
    expect(prompt.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'hmm', providerOptions: { anthropic: { signature: 'sig' } } },
          { type: 'tool-call', toolCallId: 'tu_1', toolName: 'weather', input: { city: 'Oslo' } },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tu_1', toolName: 'weather', output: { type: 'text', value: 'rain' } }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'and tomorrow?' },
          { type: 'file', data: { type: 'url', url: new URL('https://example.com/a.png') }, mediaType: 'image/*' },
        ],
      },
    ]);
  });

  it('names what is wrong: a missing max_tokens, an unknown tool_use_id', () => {
    const message = (body: unknown) => {
      try {
        messagesCallOptions(parseMessagesRequest(body));
      } catch (error) {
        expect(InvalidArgumentError.isInstance(error)).toBe(true);
        return error instanceof Error ? error.message : String(error);
      }
      throw new Error('expected an error');
    };
    expect(message({ model: 'm', messages: [] })).toContain('max_tokens');
    expect(message({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'nope' }] }] })).toContain(
      'unknown tool_use_id "nope"',
    );
  });

  it('leaves server tools out of the V4 call: only Anthropic runs them, so such a call is forwarded as sent', () => {
    const options = messagesCallOptions(
      parseMessagesRequest({ model: 'm', max_tokens: 5, messages: [], tools: [{ type: 'web_search_20250305', name: 'web_search' }, { name: 'f', input_schema: { type: 'object' } }] }),
    );
    expect(options.tools?.map((tool) => tool.name)).toEqual(['f']);
  });
});

describe('unconvertedBlockTypes and withoutUnconvertedBlocks', () => {
  const body = {
    model: 'm',
    messages: [
      { role: 'user', content: 'plain' },
      { role: 'assistant', content: [{ type: 'server_tool_use', id: 's1' }, { type: 'web_search_tool_result', tool_use_id: 's1' }, { type: 'text', text: 'answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'more' }, { type: 'server_tool_use', id: 's2' }] },
    ],
  };

  it('names the block types the gateway cannot convert, each once, in order', () => {
    expect(unconvertedBlockTypes(body)).toEqual(['server_tool_use', 'web_search_tool_result']);
    expect(unconvertedBlockTypes({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'thinking', thinking: 't' }] }] })).toEqual([]);
    expect(unconvertedBlockTypes({ model: 'm' })).toEqual([]);
  });

  it('describes what makes a call forward-only: server tools (each once) and those blocks; nothing for a body that converts', () => {
    const webSearch = { type: 'web_search_20250305', name: 'web_search' };
    expect(unconvertedMessagesParts({ ...body, tools: [webSearch, webSearch, { type: 'custom', name: 'f', input_schema: {} }] })).toBe(
      'server tools (web_search_20250305) and blocks of type server_tool_use, web_search_tool_result',
    );
    expect(unconvertedMessagesParts({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'f', input_schema: {} }] })).toBeUndefined();
  });

  it('copies the body without them, leaving the caller’s body as it was', () => {
    const copy = withoutUnconvertedBlocks(body);
    expect(copy.messages).toEqual([
      { role: 'user', content: 'plain' },
      { role: 'assistant', content: [{ type: 'text', text: 'answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'more' }] },
    ]);
    expect(body.messages[1]!.content).toHaveLength(3);
  });
});

describe('messagesResponse', () => {
  it('maps content, stop reason and usage with cache fields', () => {
    const message = messagesResponse(
      {
        content: [
          { type: 'reasoning', text: 'think', providerMetadata: { anthropic: { signature: 's1' } } },
          { type: 'text', text: 'Hi' },
          { type: 'tool-call', toolCallId: 'c1', toolName: 't', input: '{"a":1}' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage,
        warnings: [],
      },
      'anthropic/claude-sonnet-4.6',
      'gen_1',
    );
    expect(message).toEqual({
      id: 'gen_1',
      type: 'message',
      role: 'assistant',
      model: 'anthropic/claude-sonnet-4.6',
      content: [
        { type: 'thinking', thinking: 'think', signature: 's1' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'c1', name: 't', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 7, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
    });
  });

  it('stop reasons: length → max_tokens, raw stop_sequence kept, stop → end_turn', () => {
    expect(messagesStopReason({ unified: 'length', raw: 'length' }, false)).toBe('max_tokens');
    expect(messagesStopReason({ unified: 'stop', raw: 'stop_sequence' }, false)).toBe('stop_sequence');
    expect(messagesStopReason({ unified: 'stop', raw: 'stop' }, false)).toBe('end_turn');
    expect(messagesUsage(undefined)).toEqual({ input_tokens: 0, output_tokens: 0 });
  });
});

describe('messagesSseBody', () => {
  it('turns reasoning, text and a whole tool call into ordered content blocks', async () => {
    const parts: LanguageModelV4StreamPart[] = [
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'plan' },
      { type: 'reasoning-end', id: 'r', providerMetadata: { anthropic: { signature: 'sig' } } },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hello' },
      { type: 'text-end', id: 't' },
      { type: 'tool-call', toolCallId: 'c', toolName: 'x', input: '{"k":2}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage },
    ];
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    const text = await new Response(messagesSseBody(partSourceFromStream(stream), 'm', 'gen_2')).text();
    const blocks = text.trimEnd().split('\n\n');
    const events = blocks.map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const event = JSON.parse(dataLine!.slice('data: '.length)) as { type: string };
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
    expect(events).toEqual([
      { type: 'message_start', message: expect.objectContaining({ id: 'gen_2', model: 'm', content: [] }) },
      { type: 'ping' },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'plan' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'c', name: 'x', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"k":2}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 60, output_tokens: 7, cache_read_input_tokens: 30, cache_creation_input_tokens: 10 },
      },
      { type: 'message_stop' },
    ]);
  });
});

describe('estimateInputTokens and bearerToken', () => {
  it('counts a quarter token per character plus a flat amount per file', () => {
    const request = parseMessagesRequest({
      model: 'm',
      max_tokens: 1,
      system: 'abcd',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'efgh' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] }],
    });
    expect(estimateInputTokens(messagesCallOptions(request).prompt, undefined)).toBe(2 + 1_600);
  });

  it('reads x-ai-gateway-api-key before Authorization, then x-api-key', () => {
    expect(bearerToken(new Headers({ 'x-ai-gateway-api-key': 'Bearer gw', authorization: 'Bearer sub' }))).toBe('gw');
    expect(bearerToken(new Headers({ authorization: 'Bearer sub', 'x-api-key': 'k' }))).toBe('sub');
    expect(bearerToken(new Headers({ 'x-api-key': 'k' }))).toBe('k');
    expect(bearerToken(new Headers())).toBeUndefined();
  });
});
