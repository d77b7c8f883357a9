/** The pure translations between OpenAI Responses API bodies and the gateway's V4 calls, results and stream parts. */
import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { GatewayServerError } from '../../src/errors/gateway-server-error';
import { responsesRequestToCall } from '../../src/server/openai-compatible/responses-request';
import {
  responseFromResult,
  responsesEventConverter,
  responsesSseBody,
  type ResponsesResponseOptions,
  type ResponsesStreamEvent,
} from '../../src/server/openai-compatible/responses-response';
import { partSourceFromStream } from '../../src/server/sse-body';

const usage = {
  inputTokens: { total: 10, noCache: 6, cacheRead: 4, cacheWrite: undefined },
  outputTokens: { total: 7, text: 5, reasoning: 2 },
};

const options = (): ResponsesResponseOptions => ({ id: 'gen_01ABC', model: 'openai/gpt-x', createdAt: 5, echo: responsesRequestToCall({ model: 'openai/gpt-x', input: 'hi' }).echo });

/** The 400 a body is rejected with. */
function rejection(body: unknown): GatewayServerError {
  try {
    responsesRequestToCall(body);
  } catch (error) {
    if (GatewayServerError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('responsesRequestToCall', () => {
  it('maps instructions, input items, sampling settings, tools, tool choice, text format, reasoning and routing', () => {
    const body = {
      model: 'openai/gpt-4.1-mini',
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Answer in French.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' },
          ],
        },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think.' }] },
        { type: 'message', role: 'assistant', id: 'msg_1', status: 'completed', content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }] },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' },
        { type: 'function_call', call_id: 'call_2', name: 'lookup', arguments: 'not json' },
        { type: 'function_call_output', call_id: 'call_1', output: 'found' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'also ' }, { type: 'input_text', text: 'found' }] },
      ],
      temperature: 0.5,
      top_p: 0.9,
      max_output_tokens: 50,
      tools: [{ type: 'function', name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true }],
      tool_choice: { type: 'function', name: 'lookup' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'high', summary: 'auto' },
      store: false,
      providerOptions: { gateway: { order: ['azure'] }, openai: { user: 'u1' } },
      models: ['anthropic/claude-sonnet-4.6'],
      stream: true,
    };
    const before = structuredClone(body);
    const call = responsesRequestToCall(body);
    expect(body).toEqual(before);
    expect(call).toMatchObject({ modelId: 'openai/gpt-4.1-mini', stream: true, routing: { order: ['azure'], models: ['anthropic/claude-sonnet-4.6'] } });
    expect(call.callOptions).toMatchObject({
      temperature: 0.5,
      topP: 0.9,
      maxOutputTokens: 50,
      toolChoice: { type: 'tool', toolName: 'lookup' },
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' } },
      tools: [{ type: 'function', name: 'lookup', description: 'Looks up', inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, strict: true }],
      reasoning: 'high',
      providerOptions: { openai: { user: 'u1' } },
    });
    expect(call.callOptions.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Answer in French.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'AAAA' } },
          { type: 'file', mediaType: 'image', data: { type: 'url', url: new URL('https://example.com/cat.jpg') } },
          { type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'JVBE' }, filename: 'a.pdf' },
        ],
      },
      // Neighbouring reasoning, text and calls become one assistant message; the outputs one tool message.
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Think.' },
          { type: 'text', text: 'Let me look.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: { q: 'x' } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'lookup', input: 'not json' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: { type: 'text', value: 'found' } },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'lookup', output: { type: 'text', value: 'also found' } },
        ],
      },
    ]);
    expect(call.echo).toMatchObject({ instructions: 'Be brief.', temperature: 0.5, top_p: 0.9, max_output_tokens: 50, tool_choice: { type: 'function', name: 'lookup' }, reasoning: { effort: 'high' } });
  });

  it('takes a string input as one user message and defaults what the answer echoes', () => {
    const call = responsesRequestToCall({ model: 'm/x', input: 'hello' });
    expect(call.stream).toBe(false);
    expect(call.callOptions.prompt).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hello' }] }]);
    expect(call.callOptions).not.toHaveProperty('reasoning');
    expect(call.echo).toEqual({
      instructions: null,
      temperature: null,
      top_p: null,
      max_output_tokens: null,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      metadata: null,
      text: { format: { type: 'text' } },
      reasoning: null,
    });
    expect(responsesRequestToCall({ model: 'm/x', input: 'hi', text: { format: { type: 'json_object' } } }).callOptions.responseFormat).toEqual({ type: 'json' });
    expect(responsesRequestToCall({ model: 'm/x', input: 'hi', tool_choice: 'required' }).callOptions.toolChoice).toEqual({ type: 'required' });
  });

  it('rejects what needs stored state with a 400 naming the field and what to send instead', () => {
    const base = { model: 'm/x', input: 'hi' };
    const previous = rejection({ ...base, previous_response_id: 'resp_1' });
    expect(previous).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'previous_response_id' });
    expect(previous.message).toContain('send the whole conversation in `input`');
    expect(rejection({ ...base, conversation: 'conv_1' }).param).toBe('conversation');
    expect(rejection({ ...base, store: true }).message).toContain('send `store: false`');
    expect(rejection({ ...base, background: true }).param).toBe('background');
    expect(rejection({ ...base, prompt: { id: 'pmpt_1' } }).param).toBe('prompt');
    expect(rejection({ ...base, input: [{ type: 'item_reference', id: 'msg_1' }] }).message).toContain('keeps no conversation state');
  });

  it('marks what only OpenAI takes (built-in and custom tools, their items, a tool_choice naming one) as forward-only, and leaves it out of the V4 call', () => {
    const base = { model: 'm/x', input: 'hi' };
    expect(responsesRequestToCall(base).forwardOnly).toBeUndefined();
    const tools = responsesRequestToCall({ ...base, tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }, { type: 'custom', name: 'apply_patch' }] });
    expect(tools.forwardOnly).toBe('tools of type web_search, custom');
    expect(tools.callOptions.tools?.map((tool) => tool.name)).toEqual(['f']);
    const choice = responsesRequestToCall({ ...base, tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } });
    expect(choice.forwardOnly).toBe('tools of type web_search and a tool_choice of type web_search');
    expect(choice.callOptions.toolChoice).toBeUndefined();
    const items = responsesRequestToCall({
      ...base,
      input: [
        { role: 'user', content: 'patch it' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'done' },
      ],
    });
    expect(items.forwardOnly).toBe('input items of type custom_tool_call, custom_tool_call_output');
    expect(items.callOptions.prompt).toEqual([{ role: 'user', content: [{ type: 'text', text: 'patch it' }] }]);
  });

  it('rejects malformed input with a 400 naming the wrong field', () => {
    expect(rejection({ input: 'hi' }).param).toBe('model');
    expect(rejection({ model: 'm/x', input: [{ role: 'robot', content: 'hi' }] }).param).toBe('input.0.role');
    expect(rejection({ model: 'm/x', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }).param).toBe('input.0.call_id');
    const orphan = rejection({ model: 'm/x', input: [{ type: 'function_call_output', call_id: 'call_9', output: 'x' }] });
    expect(orphan.param).toBe('input.0.call_id');
    expect(orphan.message).toContain('answers no function_call item');
    const fileId = rejection({ model: 'm/x', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] });
    expect(fileId.param).toBe('input.0.content.0');
    expect(fileId.message).toContain('file_id');
    expect(rejection({ model: 'm/x', input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x.test/a.png' }] }] }).message).toContain('only text');
    expect(rejection({ model: 'm/x', input: 'hi', text: { format: { type: 'json_schema', schema: {} } } }).param).toBe('text.format.name');
  });
});

const result = (content: LanguageModelV4GenerateResult['content'], finishReason: LanguageModelV4GenerateResult['finishReason']): LanguageModelV4GenerateResult => ({
  content,
  finishReason,
  usage,
  warnings: [],
  providerMetadata: { gateway: { generationId: 'gen_01ABC' } },
  response: { id: 'gen_01ABC' },
});

describe('responseFromResult', () => {
  it('turns reasoning, text and tool calls into output items with usage and gateway metadata', () => {
    const response = responseFromResult(
      result(
        [
          { type: 'reasoning', text: 'Thinking ' },
          { type: 'reasoning', text: 'hard.' },
          { type: 'text', text: 'Hello ' },
          // Encrypted-only reasoning (no text) adds no item.
          { type: 'reasoning', text: '' },
          { type: 'text', text: 'world' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{"q":"x"}' },
          { type: 'tool-call', toolCallId: 'srv_1', toolName: 'web', input: '{}', providerExecuted: true },
        ],
        { unified: 'tool-calls', raw: 'tool_use' },
      ),
      options(),
    );
    // What openai's client types say a response is (output_text is the client's own; usage, tools and
    // tool_choice are wider in ours: null before the end, and the request's tools echoed as sent).
    const typed: Omit<OpenAI.Responses.Response, 'output_text' | 'usage' | 'tools' | 'tool_choice' | 'text'> = response;
    const output: OpenAI.Responses.ResponseOutputItem[] = typed.output;
    expect(output).toEqual([
      { type: 'reasoning', id: 'rs_01ABC_0', summary: [], content: [{ type: 'reasoning_text', text: 'Thinking hard.' }], status: 'completed' },
      { type: 'message', id: 'msg_01ABC_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello world', annotations: [], logprobs: [] }] },
      { type: 'function_call', id: 'fc_01ABC_2', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' },
    ]);
    const typedUsage: OpenAI.Responses.ResponseUsage | null = response.usage;
    expect(typedUsage).toEqual({ input_tokens: 10, input_tokens_details: { cached_tokens: 4, cache_write_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 17 });
    expect(response).toMatchObject({ id: 'gen_01ABC', object: 'response', created_at: 5, status: 'completed', model: 'openai/gpt-x', error: null, incomplete_details: null });
    expect(response.providerMetadata).toEqual({ gateway: { generationId: 'gen_01ABC' } });
  });

  it('marks a reply cut by the token limit incomplete, naming max_output_tokens', () => {
    const response = responseFromResult(result([{ type: 'text', text: 'Hel' }], { unified: 'length', raw: 'length' }), options());
    expect(response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(response.output[0]!.status).toBe('incomplete');
  });
});

const toError = (error: unknown) => ({ message: error instanceof Error ? error.message : String(error), type: 'internal_server_error' });
const finish = (unified: 'stop' | 'length' | 'tool-calls' = 'stop'): LanguageModelV4StreamPart => ({
  type: 'finish',
  finishReason: { unified, raw: unified },
  usage,
  providerMetadata: { gateway: { generationId: 'gen_01ABC' } },
});

function eventsOf(parts: LanguageModelV4StreamPart[]): ResponsesStreamEvent[] {
  const converter = responsesEventConverter(options(), toError);
  const out: ResponsesStreamEvent[] = [];
  converter.first(out);
  for (const part of parts) converter.convert(part, out);
  return out;
}

describe('responsesEventConverter', () => {
  it('opens, fills and closes reasoning, message and function_call items, then completes with the whole response', () => {
    const events = eventsOf([
      { type: 'stream-start', warnings: [] },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Hmm.' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi ' },
      { type: 'text-delta', id: 't', delta: 'there' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'lookup' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"q":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"x"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{"q":"x"}' },
      finish('tool-calls'),
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[0]).toMatchObject({ response: { id: 'gen_01ABC', status: 'in_progress', output: [], usage: null } });
    expect(events[12]).toMatchObject({ item_id: 'msg_01ABC_1', output_index: 1, content_index: 0, text: 'Hi there' });
    expect(events[18]).toMatchObject({ item_id: 'fc_01ABC_2', output_index: 2, name: 'lookup', arguments: '{"q":"x"}' });
    const completed = events.at(-1)!;
    expect(completed.response).toMatchObject({
      status: 'completed',
      usage: { input_tokens: 10, output_tokens: 7, total_tokens: 17 },
      providerMetadata: { gateway: { generationId: 'gen_01ABC' } },
      output: [
        { type: 'reasoning', content: [{ type: 'reasoning_text', text: 'Hmm.' }], status: 'completed' },
        { type: 'message', content: [{ type: 'output_text', text: 'Hi there' }], status: 'completed' },
        { type: 'function_call', call_id: 'call_1', arguments: '{"q":"x"}', status: 'completed' },
      ],
    });
    // The added events carry the item as it was then, not as it ended.
    expect(events[15]).toMatchObject({ item: { type: 'function_call', arguments: '', status: 'in_progress' } });
  });

  it('sends a whole tool call (no input deltas) as one arguments delta', () => {
    const events = eventsOf([{ type: 'tool-call', toolCallId: 'call_1', toolName: 'now', input: '{}' }, finish('tool-calls')]);
    expect(events.slice(2).map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[3]).toMatchObject({ delta: '{}' });
  });

  it('ends a reply cut by the token limit with response.incomplete', () => {
    const events = eventsOf([{ type: 'text-delta', id: 't', delta: 'Hel' }, finish('length')]);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    expect(events.at(-2)).toMatchObject({ type: 'response.output_item.done', item: { status: 'incomplete' } });
  });

  it('turns an error part into response.failed and an error event, and ignores what follows', () => {
    const events = eventsOf([{ type: 'text-delta', id: 't', delta: 'Hel' }, { type: 'error', error: new Error('upstream broke') }, finish()]);
    expect(events.slice(-2)).toMatchObject([
      { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'upstream broke' }, output: [{ type: 'message', status: 'incomplete' }] } },
      { type: 'error', message: 'upstream broke', code: 'internal_server_error', param: null, error: { message: 'upstream broke', type: 'internal_server_error' } },
    ]);
  });
});

describe('responsesSseBody', () => {
  it('writes each event as `event:` and `data:` lines, without [DONE]', async () => {
    const parts = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'text-delta', id: 't', delta: 'Hi' });
        controller.enqueue(finish());
        controller.close();
      },
    });
    const text = await new Response(responsesSseBody(partSourceFromStream(parts), options(), toError)).text();
    const blocks = text.trimEnd().split('\n\n');
    expect(blocks[0]!.split('\n')[0]).toBe('event: response.created');
    for (const block of blocks) {
      const [eventLine, dataLine] = block.split('\n');
      expect(JSON.parse(dataLine!.slice('data: '.length)).type).toBe(eventLine!.slice('event: '.length));
    }
    expect(blocks.at(-1)!.startsWith('event: response.completed')).toBe(true);
    expect(text).not.toContain('[DONE]');
  });

  it('cancels the parts when the body is cancelled', async () => {
    let cancelled: unknown;
    const parts = new ReadableStream<LanguageModelV4StreamPart>({
      pull() {
        return new Promise(() => {});
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = responsesSseBody(partSourceFromStream(parts), options(), toError).getReader();
    await reader.read();
    await reader.cancel('client left');
    expect(cancelled).toBe('client left');
  });
});
