/**
 * A fake Anthropic Messages API for tests and benchmarks, shaped after what
 * @ai-sdk/anthropic sends and parses (its zod schemas in node_modules):
 *
 *   POST /v1/messages               JSON and SSE (message_start, ping, content_block_start /
 *                                   delta / stop for thinking, text and tool_use with
 *                                   input_json_delta, message_delta with usage and stop_reason,
 *                                   message_stop); output_config.format json_schema; the forced
 *                                   `json` tool @ai-sdk/anthropic uses for older models
 *   POST /v1/messages/count_tokens  { input_tokens }
 *   GET  /v1/models                 the known models
 *
 * Keys: `x-api-key`, or `Authorization: Bearer` as a Claude subscription's login sends one; `anthropic-version` is required as by the real API. A wrong or missing key
 * → 401 authentication_error, unknown model → 404 not_found_error, all with Anthropic's
 * `{ type: 'error', error: { type, message }, request_id }` body.
 * Thinking: a request with `thinking: { type: 'enabled' | 'adaptive' }` gets a thinking block
 * (`Thinking about: <prompt>`, with a signature) before the reply.
 * Point a client at it with `createAnthropic({ baseURL: `${url}/v1`, apiKey })`.
 * Content conventions are in ./deterministic.ts; faults and behaviour knobs in ./upstream-kit.ts.
 */
import {
  argumentDeltas,
  base64Bytes,
  countTokens,
  fullText,
  isObject,
  planReply,
  replyText,
  textDeltas,
  valueForSchema,
  type FileDigest,
  type OfferedTool,
  type PromptDigest,
  type ToolChoiceDigest,
  type ToolResultDigest,
} from './deterministic';
import {
  CONTENT_END,
  CONTENT_START,
  DELTA,
  createUpstreamState,
  eventStreamResponse,
  faultyJsonResponse,
  jsonResponse,
  publicView,
  serveFakeRequest,
  sseFrame,
  type FakeUpstream,
  type FakeUpstreamOptions,
  type ProviderWire,
  type RouteContext,
  type StreamFrame,
  type UpstreamState,
} from './upstream-kit';

export type { FakeUpstream, FakeUpstreamOptions, RecordedRequest, UpstreamBehavior, UpstreamFault } from './upstream-kit';

export const DEFAULT_ANTHROPIC_KEY = 'sk-ant-fake-anthropic-key';
export const DEFAULT_ANTHROPIC_MODELS = [
  'claude-sonnet-4-6',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'claude-sonnet-4-0',
  'claude-3-haiku-20240307',
];

export function createAnthropicUpstream(options: FakeUpstreamOptions = {}): FakeUpstream {
  const state = createUpstreamState(options, {
    name: 'anthropic',
    apiKey: DEFAULT_ANTHROPIC_KEY,
    models: DEFAULT_ANTHROPIC_MODELS,
  });
  const requestId = () => state.nextId('req_fake');

  const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) => {
    const id = requestId();
    return jsonResponse(status, { type: 'error', error: { type, message }, request_id: id }, { 'request-id': id, ...headers });
  };

  const wire: ProviderWire = {
    routes: {
      'POST /v1/messages': context => messages(state, context, requestId()),
      'POST /v1/messages/count_tokens': context =>
        jsonResponse(200, { input_tokens: countTokens(digestMessages(context.body as Record<string, unknown>).inputChars) }),
      'GET /v1/models': () =>
        jsonResponse(200, {
          data: state.models.map(id => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
          has_more: false,
          first_id: state.models[0] ?? null,
          last_id: state.models.at(-1) ?? null,
        }),
    },
    modelless: new Set(['GET /v1/models']),
    unscripted: new Set(['POST /v1/messages/count_tokens']),
    readKey: headers => headers.get('x-api-key') ?? /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1] ?? null,
    validate(route, body, headers) {
      if (headers.get('anthropic-version') === null) return 'anthropic-version: header is required';
      if (!Array.isArray(body.messages)) return 'messages: Field required';
      if (route === 'POST /v1/messages' && typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
      return undefined;
    },
    errors: {
      unauthorized: keyGiven =>
        error(401, 'authentication_error', keyGiven ? 'invalid x-api-key' : 'x-api-key header is required'),
      notFound: () => error(404, 'not_found_error', 'Not Found'),
      badRequest: message => error(400, 'invalid_request_error', message),
      modelNotFound: model => error(404, 'not_found_error', `model: ${model}`),
      status: (status, message, retryAfter) =>
        error(status, typeFor(status), message ?? defaultMessage(status), {
          ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
        }),
    },
  };

  return publicView(state, request => serveFakeRequest(state, wire, request));
}

function typeFor(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return types[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Number of requests has exceeded your rate limit. Please try again later.';
  if (status === 529) return 'Overloaded';
  if (status >= 500) return 'Internal server error';
  return `The fake upstream answered ${status}.`;
}

// ---------------------------------------------------------------- prompts

function blocksOf(content: unknown): Record<string, unknown>[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isObject) : [];
}

function textOfBlocks(blocks: Record<string, unknown>[]): string {
  return blocks
    .map(block => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .filter(text => text.length > 0)
    .join('\n');
}

function fileOfBlock(block: Record<string, unknown>): FileDigest | undefined {
  if (block.type !== 'image' && block.type !== 'document') return undefined;
  const source = isObject(block.source) ? block.source : {};
  if (source.type === 'base64' && typeof source.data === 'string') {
    return { mediaType: String(source.media_type), bytes: base64Bytes(source.data) };
  }
  if (source.type === 'text' && typeof source.data === 'string') {
    return { mediaType: String(source.media_type ?? 'text/plain'), bytes: new TextEncoder().encode(source.data).length };
  }
  return { mediaType: block.type === 'image' ? 'image' : 'document', bytes: undefined };
}

function digestMessages(body: Record<string, unknown>): PromptDigest {
  let inputChars = textOfBlocks(blocksOf(body.system)).length;
  let prompt = '';
  let files: FileDigest[] = [];
  let toolResults: ToolResultDigest[] = [];
  const toolNames = new Map<string, string>();
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    if (!isObject(message)) continue;
    const blocks = blocksOf(message.content);
    const text = textOfBlocks(blocks);
    inputChars += text.length;
    if (message.role === 'assistant') {
      toolResults = [];
      for (const block of blocks) {
        if (block.type === 'tool_use') toolNames.set(String(block.id), String(block.name));
      }
      continue;
    }
    const results = blocks.filter(block => block.type === 'tool_result');
    toolResults = results.map(block => {
      const output = typeof block.content === 'string' ? block.content : textOfBlocks(blocksOf(block.content));
      inputChars += output.length;
      const toolCallId = String(block.tool_use_id);
      return { toolCallId, toolName: toolNames.get(toolCallId) ?? 'unknown', output };
    });
    if (text.length > 0 || results.length === 0) {
      prompt = text;
      files = blocks.flatMap(block => {
        const file = fileOfBlock(block);
        return file === undefined ? [] : [file];
      });
    }
  }
  return { prompt, files, toolResults, inputChars };
}

function toolsOf(body: Record<string, unknown>): OfferedTool[] {
  return (Array.isArray(body.tools) ? body.tools : []).flatMap(tool =>
    isObject(tool) && (tool.type === undefined || tool.type === 'custom') && 'input_schema' in tool
      ? [{ name: String(tool.name), inputSchema: tool.input_schema }]
      : [],
  );
}

function toolChoiceOf(choice: unknown): ToolChoiceDigest {
  if (!isObject(choice)) return { type: 'auto' };
  if (choice.type === 'none') return { type: 'none' };
  if (choice.type === 'any') return { type: 'required' };
  if (choice.type === 'tool' && typeof choice.name === 'string') return { type: 'tool', name: choice.name };
  return { type: 'auto' };
}

// ---------------------------------------------------------------- messages

function messages(state: UpstreamState, context: RouteContext, requestId: string): Promise<Response> | Response {
  const body = context.body as Record<string, unknown>;
  const model = context.model!;
  const digest = digestMessages(body);
  const format = isObject(body.output_config) ? body.output_config.format : undefined;
  const isJson = isObject(format) && format.type === 'json_schema';
  const plan = planReply({
    digest,
    tools: toolsOf(body),
    toolChoice: toolChoiceOf(body.tool_choice),
    text: isJson ? JSON.stringify(valueForSchema(format.schema)) : replyText(digest, state.name, model),
  });
  const thinking =
    isObject(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive')
      ? `Thinking about: ${digest.prompt}`
      : undefined;
  const signature = thinking === undefined ? '' : `sig_fake_${countTokens(thinking)}`;

  let text = plan.kind === 'text' ? (isJson ? plan.text : fullText(plan.text, state.behavior.deltas)) : '';
  const maxTokens = body.max_tokens as number;
  const truncated = plan.kind === 'text' && countTokens(text) > maxTokens;
  if (truncated) text = text.slice(0, maxTokens * 4);
  const calls = plan.kind === 'tool-calls' ? plan.calls.map(call => ({ ...call, id: state.nextId('toolu_fake') })) : [];
  const stopReason = calls.length > 0 ? 'tool_use' : truncated ? 'max_tokens' : 'end_turn';
  const inputTokens = countTokens(digest.inputChars);
  const outputTokens = countTokens(
    text.length + (thinking?.length ?? 0) + calls.reduce((sum, call) => sum + call.inputJson.length, 0),
  );
  const id = state.nextId('msg_fake');
  const headers = { 'request-id': requestId };

  if (!context.stream) {
    const content = [
      ...(thinking === undefined ? [] : [{ type: 'thinking', thinking, signature }]),
      ...(calls.length > 0
        ? calls.map(call => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input }))
        : [{ type: 'text', text }]),
    ];
    return faultyJsonResponse(
      () =>
        jsonResponse(
          200,
          {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content,
            stop_reason: stopReason,
            stop_sequence: null,
            usage: {
              input_tokens: inputTokens,
              cache_creation_input_tokens: 0,
              cache_read_input_tokens: 0,
              output_tokens: outputTokens,
              service_tier: 'standard',
            },
          },
          headers,
        ),
      context.fault,
      state.behavior,
      context.request.signal,
    );
  }

  const errorFrame = (message: string) => sseFrame('error', { type: 'error', error: { type: 'overloaded_error', message } });
  const textIndex = thinking === undefined ? 0 : 1;
  // Deltas reuse one prefix: the 20,000-delta benchmark stream must stay cheap.
  const deltaPrefix = `event: content_block_delta\ndata: {"type":"content_block_delta","index":${textIndex},"delta":{"type":"text_delta","text":`;

  function* frames(): Generator<StreamFrame> {
    yield sseFrame('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
          service_tier: 'standard',
        },
      },
    });
    yield sseFrame('ping', { type: 'ping' });
    yield CONTENT_START;
    let index = 0;
    if (thinking !== undefined) {
      yield sseFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const delta of textDeltas(thinking)) {
        yield DELTA;
        yield sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: delta } });
      }
      yield sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
      yield sseFrame('content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    if (calls.length === 0) {
      yield sseFrame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      const deltas = isJson || truncated ? textDeltas(text) : textDeltas(plan.kind === 'text' ? plan.text : '', state.behavior.deltas);
      for (const delta of deltas) {
        yield DELTA;
        yield `${deltaPrefix}${JSON.stringify(delta)}}}\n\n`;
      }
      yield sseFrame('content_block_stop', { type: 'content_block_stop', index });
    }
    for (const call of calls) {
      yield sseFrame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      });
      yield sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const piece of argumentDeltas(call.inputJson)) {
        yield DELTA;
        yield sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
      yield sseFrame('content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    yield CONTENT_END;
    yield sseFrame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    });
    yield sseFrame('message_stop', { type: 'message_stop' });
  }

  return eventStreamResponse({ frames: frames(), fault: context.fault, behavior: state.behavior, errorFrame, headers });
}
