/**
 * A fake OpenAI API for tests and benchmarks, shaped after what @ai-sdk/openai and
 * @ai-sdk/openai-compatible send and parse (their zod schemas in node_modules):
 *
 *   POST /v1/chat/completions   JSON and SSE (role chunk, content / tool-call argument deltas,
 *                               finish chunk, usage chunk when stream_options.include_usage, [DONE]);
 *                               response_format json_schema / json_object
 *   POST /v1/responses          JSON and SSE (response.created, response.in_progress,
 *                               output_item.added/done, content_part.added/done, output_text.delta/done,
 *                               function_call_arguments.delta/done, response.completed); text.format
 *   POST /v1/embeddings         float vectors (1536 dimensions unless `dimensions` is sent)
 *   POST /v1/images/generations b64_json PNGs (n copies of an 8×8 image)
 *   GET  /v1/models             the known models
 *
 * Keys: `Authorization: Bearer <key>`; a wrong or missing key → 401, an unknown model → 404,
 * an unknown route → 404, all with OpenAI's `{ error: { message, type, param, code } }` body.
 * Point a client at it with `createOpenAI({ baseURL: `${url}/v1`, apiKey })`.
 * Content conventions (reply text, tools, JSON, tokens) are in ./deterministic.ts;
 * faults and behaviour knobs in ./upstream-kit.ts.
 */
import {
  FAKE_PNG_BASE64,
  argumentDeltas,
  base64Bytes,
  countTokens,
  dataUrlMediaType,
  embeddingFor,
  fullText,
  isObject,
  planReply,
  replyText,
  textDeltas,
  valueForSchema,
  type FileDigest,
  type OfferedTool,
  type PromptDigest,
  type ReplyPlan,
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

export const DEFAULT_OPENAI_KEY = 'sk-fake-openai-key';
export const DEFAULT_OPENAI_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'gpt-image-1',
  'dall-e-3',
];
const DEFAULT_EMBEDDING_DIMENSIONS = 1536;

export function createOpenAIUpstream(options: FakeUpstreamOptions = {}): FakeUpstream {
  const state = createUpstreamState(options, { name: 'openai', apiKey: DEFAULT_OPENAI_KEY, models: DEFAULT_OPENAI_MODELS });
  // call_id → tool name, so function_call_output items sent by reference still name their tool
  const issuedCalls = new Map<string, string>();
  const reset = state.reset;
  state.reset = () => {
    reset();
    issuedCalls.clear();
  };

  const wire: ProviderWire = {
    routes: {
      'POST /v1/chat/completions': context => chatCompletions(state, context),
      'POST /v1/responses': context => responses(state, context, issuedCalls),
      'POST /v1/embeddings': context => embeddings(state, context),
      'POST /v1/images/generations': context => images(state, context),
      'GET /v1/models': () =>
        jsonResponse(200, {
          object: 'list',
          data: state.models.map(id => ({ id, object: 'model', created: 1_700_000_000, owned_by: state.name })),
        }),
    },
    modelless: new Set(['GET /v1/models']),
    readKey(headers) {
      const authorization = headers.get('authorization');
      return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    },
    validate(route, body) {
      const required: Record<string, string> = {
        'POST /v1/chat/completions': 'messages',
        'POST /v1/responses': 'input',
        'POST /v1/embeddings': 'input',
        'POST /v1/images/generations': 'prompt',
      };
      const field = required[route];
      if (field !== undefined && body[field] == null) return `Missing required parameter: '${field}'.`;
      if (route === 'POST /v1/chat/completions' && (!Array.isArray(body.messages) || body.messages.length === 0)) {
        return "Invalid 'messages': expected a non-empty array.";
      }
      return undefined;
    },
    errors: {
      unauthorized: keyGiven =>
        openaiError(
          401,
          keyGiven
            ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
            : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
          keyGiven ? 'invalid_api_key' : null,
        ),
      notFound: (method, path) => openaiError(404, `Invalid URL (${method} ${path})`, null),
      badRequest: message => openaiError(400, message, null),
      modelNotFound: model =>
        openaiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found'),
      status: (status, message, retryAfter) =>
        openaiError(status, message ?? defaultMessage(status), codeFor(status), {
          ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
        }),
    },
  };

  const fake = publicView(state, request => serveFakeRequest(state, wire, request));
  return fake;
}

function openaiError(status: number, message: string, code: string | null, headers: Record<string, string> = {}): Response {
  return jsonResponse(status, { error: { message, type: typeFor(status), param: null, code } }, headers);
}

function typeFor(status: number): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function codeFor(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

function defaultMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status === 503) return 'The engine is currently overloaded, please try again later.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return `The fake upstream answered ${status}.`;
}

/** The in-band error event of a chat completions stream. */
function chatErrorFrame(message: string): string {
  return sseFrame(undefined, { error: { message, type: 'server_error', param: null, code: null } });
}

// ---------------------------------------------------------------- prompts

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map(part => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .filter(text => text.length > 0)
    .join('\n');
}

function fileOf(part: Record<string, unknown>): FileDigest | undefined {
  const fromUrl = (url: unknown, fallback: string): FileDigest | undefined =>
    typeof url === 'string'
      ? { mediaType: dataUrlMediaType(url) ?? fallback, bytes: url.startsWith('data:') ? base64Bytes(url) : undefined }
      : undefined;
  switch (part.type) {
    case 'image_url':
      return fromUrl(isObject(part.image_url) ? part.image_url.url : undefined, 'image');
    case 'file': {
      const file = isObject(part.file) ? part.file : {};
      return fromUrl(file.file_data, 'file') ?? { mediaType: 'file', bytes: undefined };
    }
    case 'input_audio': {
      const audio = isObject(part.input_audio) ? part.input_audio : {};
      return {
        mediaType: `audio/${String(audio.format ?? 'wav')}`,
        bytes: typeof audio.data === 'string' ? base64Bytes(audio.data) : undefined,
      };
    }
    case 'input_image':
      return fromUrl(part.image_url, 'image') ?? { mediaType: 'image', bytes: undefined };
    case 'input_file':
      return fromUrl(part.file_data, 'file') ?? { mediaType: 'file', bytes: undefined };
    default:
      return undefined;
  }
}

function filesOf(content: unknown): FileDigest[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap(part => {
    const file = isObject(part) ? fileOf(part) : undefined;
    return file === undefined ? [] : [file];
  });
}

function digestChatMessages(messages: unknown[]): PromptDigest {
  let inputChars = 0;
  let prompt = '';
  let files: FileDigest[] = [];
  const toolNames = new Map<string, string>();
  let toolResults: ToolResultDigest[] = [];
  for (const message of messages) {
    if (!isObject(message)) continue;
    const text = textOf(message.content);
    inputChars += text.length;
    if (message.role === 'user') {
      prompt = text;
      files = filesOf(message.content);
      toolResults = [];
    } else if (message.role === 'assistant') {
      toolResults = [];
      for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
        if (isObject(call) && isObject(call.function) && typeof call.id === 'string') {
          toolNames.set(call.id, String(call.function.name));
        }
      }
    } else if (message.role === 'tool') {
      const toolCallId = String(message.tool_call_id);
      toolResults.push({ toolCallId, toolName: toolNames.get(toolCallId) ?? 'unknown', output: text });
    }
  }
  return { prompt, files, toolResults, inputChars };
}

function digestResponsesInput(input: unknown, instructions: unknown, issuedCalls: Map<string, string>): PromptDigest {
  const items = typeof input === 'string' ? [{ role: 'user', content: input }] : Array.isArray(input) ? input : [];
  let inputChars = typeof instructions === 'string' ? instructions.length : 0;
  let prompt = '';
  let files: FileDigest[] = [];
  let toolResults: ToolResultDigest[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    if (item.type === 'function_call') {
      issuedCalls.set(String(item.call_id), String(item.name));
      toolResults = [];
    } else if (item.type === 'function_call_output') {
      const output = typeof item.output === 'string' ? item.output : textOf(item.output);
      inputChars += output.length;
      const toolCallId = String(item.call_id);
      toolResults.push({ toolCallId, toolName: issuedCalls.get(toolCallId) ?? 'unknown', output });
    } else if (typeof item.role === 'string') {
      const text = textOf(item.content);
      inputChars += text.length;
      if (item.role === 'user') {
        prompt = text;
        files = filesOf(item.content);
        toolResults = [];
      } else if (item.role === 'assistant') {
        toolResults = [];
      }
    }
  }
  return { prompt, files, toolResults, inputChars };
}

function chatTools(body: Record<string, unknown>): OfferedTool[] {
  return (Array.isArray(body.tools) ? body.tools : []).flatMap(tool =>
    isObject(tool) && tool.type === 'function' && isObject(tool.function)
      ? [{ name: String(tool.function.name), inputSchema: tool.function.parameters }]
      : [],
  );
}

function responsesTools(body: Record<string, unknown>): OfferedTool[] {
  return (Array.isArray(body.tools) ? body.tools : []).flatMap(tool =>
    isObject(tool) && tool.type === 'function' ? [{ name: String(tool.name), inputSchema: tool.parameters }] : [],
  );
}

function toolChoiceOf(choice: unknown): ToolChoiceDigest {
  if (choice === 'none' || choice === 'required') return { type: choice };
  if (isObject(choice)) {
    const name = isObject(choice.function) ? choice.function.name : choice.name;
    if (typeof name === 'string') return { type: 'tool', name };
  }
  return { type: 'auto' };
}

/** Text for the reply: JSON for the response format, else the conventional reply. */
function replyFor(format: unknown, digest: PromptDigest, name: string, model: string): string {
  const text = replyText(digest, name, model);
  if (!isObject(format)) return text;
  if (format.type === 'json_schema') {
    const schema = isObject(format.json_schema) ? format.json_schema.schema : format.schema;
    return JSON.stringify(valueForSchema(schema));
  }
  if (format.type === 'json_object') return JSON.stringify({ reply: text });
  return text;
}

interface Outcome {
  plan: ReplyPlan;
  /** The whole text reply (after `deltas` and truncation). */
  text: string;
  truncated: boolean;
  inputTokens: number;
  outputTokens: number;
}

function outcomeOf(state: UpstreamState, plan: ReplyPlan, digest: PromptDigest, maxTokens: unknown, isJson: boolean): Outcome {
  let text = plan.kind === 'text' ? (isJson ? plan.text : fullText(plan.text, state.behavior.deltas)) : '';
  let truncated = false;
  if (typeof maxTokens === 'number' && plan.kind === 'text' && countTokens(text) > maxTokens) {
    text = text.slice(0, maxTokens * 4);
    truncated = true;
  }
  const toolChars = plan.kind === 'tool-calls' ? plan.calls.reduce((sum, call) => sum + call.inputJson.length, 0) : 0;
  return {
    plan,
    text,
    truncated,
    inputTokens: countTokens(digest.inputChars),
    outputTokens: countTokens(text.length + toolChars),
  };
}

/** Stream deltas of the outcome's text: per word / `deltas`, or in one piece for JSON and truncated text. */
function streamedText(state: UpstreamState, outcome: Outcome, isJson: boolean): Iterable<string> {
  if (outcome.plan.kind !== 'text') return [];
  if (isJson || outcome.truncated) return textDeltas(outcome.text);
  return textDeltas(outcome.plan.text, state.behavior.deltas);
}

// ---------------------------------------------------------------- chat completions

function chatCompletions(state: UpstreamState, context: RouteContext): Promise<Response> | Response {
  const body = context.body as Record<string, unknown>;
  const model = context.model!;
  const digest = digestChatMessages(body.messages as unknown[]);
  const isJson = isObject(body.response_format) && body.response_format.type !== 'text';
  const plan = planReply({
    digest,
    tools: chatTools(body),
    toolChoice: toolChoiceOf(body.tool_choice),
    text: replyFor(body.response_format, digest, state.name, model),
  });
  const outcome = outcomeOf(state, plan, digest, body.max_completion_tokens ?? body.max_tokens, isJson);
  const id = state.nextId('chatcmpl-fake');
  const created = Math.floor(Date.now() / 1000);
  const calls = plan.kind === 'tool-calls' ? plan.calls.map(call => ({ ...call, id: state.nextId('call_fake') })) : [];
  const finishReason = calls.length > 0 ? 'tool_calls' : outcome.truncated ? 'length' : 'stop';
  const usage = {
    prompt_tokens: outcome.inputTokens,
    completion_tokens: outcome.outputTokens,
    total_tokens: outcome.inputTokens + outcome.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };

  if (!context.stream) {
    return faultyJsonResponse(
      () =>
        jsonResponse(200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: calls.length > 0 ? null : outcome.text,
                refusal: null,
                ...(calls.length > 0 && {
                  tool_calls: calls.map(call => ({
                    id: call.id,
                    type: 'function',
                    function: { name: call.name, arguments: call.inputJson },
                  })),
                }),
                annotations: [],
              },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          usage,
          service_tier: 'default',
          system_fingerprint: 'fp_fake',
        }),
      context.fault,
      state.behavior,
      context.request.signal,
    );
  }

  const includeUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    sseFrame(undefined, { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices, ...extra });
  // Deltas reuse one prefix and suffix: the 20,000-delta benchmark stream must stay cheap.
  const deltaPrefix = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"fp_fake","choices":[{"index":0,"delta":{"content":`;
  const deltaSuffix = '},"logprobs":null,"finish_reason":null}]}\n\n';

  function* frames(): Generator<StreamFrame> {
    yield chunk([
      { index: 0, delta: { role: 'assistant', content: calls.length > 0 ? null : '', refusal: null }, logprobs: null, finish_reason: null },
    ]);
    yield CONTENT_START;
    for (const delta of streamedText(state, outcome, isJson)) {
      yield DELTA;
      yield deltaPrefix + JSON.stringify(delta) + deltaSuffix;
    }
    for (const [index, call] of calls.entries()) {
      yield chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
          logprobs: null,
          finish_reason: null,
        },
      ]);
      for (const piece of argumentDeltas(call.inputJson)) {
        yield DELTA;
        yield chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }]);
      }
    }
    yield CONTENT_END;
    yield chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    if (includeUsage) yield chunk([], { usage });
    yield 'data: [DONE]\n\n';
  }

  return eventStreamResponse({ frames: frames(), fault: context.fault, behavior: state.behavior, errorFrame: chatErrorFrame });
}

// ---------------------------------------------------------------- responses

function responses(state: UpstreamState, context: RouteContext, issuedCalls: Map<string, string>): Promise<Response> | Response {
  const body = context.body as Record<string, unknown>;
  const model = context.model!;
  const digest = digestResponsesInput(body.input, body.instructions, issuedCalls);
  const format = isObject(body.text) ? body.text.format : undefined;
  const isJson = isObject(format) && format.type !== 'text';
  const plan = planReply({
    digest,
    tools: responsesTools(body),
    toolChoice: toolChoiceOf(body.tool_choice),
    text: replyFor(format, digest, state.name, model),
  });
  const outcome = outcomeOf(state, plan, digest, body.max_output_tokens, isJson);
  const id = state.nextId('resp_fake');
  const createdAt = Math.floor(Date.now() / 1000);
  const messageId = state.nextId('msg_fake');
  const calls =
    plan.kind === 'tool-calls'
      ? plan.calls.map(call => {
          const callId = state.nextId('call_fake');
          issuedCalls.set(callId, call.name);
          return { ...call, id: state.nextId('fc_fake'), callId };
        })
      : [];
  const usage = {
    input_tokens: outcome.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outcome.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: outcome.inputTokens + outcome.outputTokens,
  };
  const messageItem = (text: string, status: string) => ({
    id: messageId,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [{ type: 'output_text', annotations: [], logprobs: [], text }],
  });
  const callItem = (call: (typeof calls)[number], status: string) => ({
    id: call.id,
    type: 'function_call',
    status,
    arguments: status === 'in_progress' ? '' : call.inputJson,
    call_id: call.callId,
    name: call.name,
  });
  const response = (status: string, output: unknown[], withUsage: boolean) => ({
    id,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: withUsage ? usage : null,
    user: null,
    metadata: {},
  });
  const finalStatus = outcome.truncated ? 'incomplete' : 'completed';
  const finalOutput = () =>
    calls.length > 0 ? calls.map(call => callItem(call, 'completed')) : [messageItem(outcome.text, 'completed')];

  if (!context.stream) {
    return faultyJsonResponse(
      () => jsonResponse(200, response(finalStatus, finalOutput(), true)),
      context.fault,
      state.behavior,
      context.request.signal,
    );
  }

  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>) => sseFrame(type, { type, sequence_number: sequence++, ...data });
  // The nested error shape: @ai-sdk/openai 4 reads both shapes, 2.x only this one.
  const errorFrame = (message: string) =>
    event('error', { error: { type: 'server_error', code: 'server_error', message, param: null } });
  const deltaPrefix = `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"${messageId}","output_index":0,"content_index":0,"logprobs":[],"delta":`;

  function* frames(): Generator<StreamFrame> {
    yield event('response.created', { response: response('in_progress', [], false) });
    yield event('response.in_progress', { response: response('in_progress', [], false) });
    yield CONTENT_START;
    if (calls.length === 0) {
      yield event('response.output_item.added', { output_index: 0, item: messageItem('', 'in_progress') });
      yield event('response.content_part.added', {
        item_id: messageId,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
      });
      for (const delta of streamedText(state, outcome, isJson)) {
        yield DELTA;
        yield `${deltaPrefix}${JSON.stringify(delta)},"sequence_number":${sequence++}}\n\n`;
      }
    }
    for (const [index, call] of calls.entries()) {
      yield event('response.output_item.added', { output_index: index, item: callItem(call, 'in_progress') });
      for (const piece of argumentDeltas(call.inputJson)) {
        yield DELTA;
        yield event('response.function_call_arguments.delta', { item_id: call.id, output_index: index, delta: piece });
      }
      yield event('response.function_call_arguments.done', { item_id: call.id, output_index: index, arguments: call.inputJson });
      yield event('response.output_item.done', { output_index: index, item: callItem(call, 'completed') });
    }
    yield CONTENT_END;
    if (calls.length === 0) {
      yield event('response.output_text.done', {
        item_id: messageId,
        output_index: 0,
        content_index: 0,
        logprobs: [],
        text: outcome.text,
      });
      yield event('response.content_part.done', {
        item_id: messageId,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: outcome.text },
      });
      yield event('response.output_item.done', { output_index: 0, item: messageItem(outcome.text, 'completed') });
    }
    yield event(finalStatus === 'completed' ? 'response.completed' : 'response.incomplete', {
      response: response(finalStatus, finalOutput(), true),
    });
  }

  return eventStreamResponse({ frames: frames(), fault: context.fault, behavior: state.behavior, errorFrame });
}

// ---------------------------------------------------------------- embeddings and images

function embeddings(state: UpstreamState, context: RouteContext): Promise<Response> {
  const body = context.body as Record<string, unknown>;
  const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map(value => String(value));
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : DEFAULT_EMBEDDING_DIMENSIONS;
  const tokens = inputs.reduce((sum, input) => sum + countTokens(input), 0);
  return faultyJsonResponse(
    () =>
      jsonResponse(200, {
        object: 'list',
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: embeddingFor(input, dimensions) })),
        model: context.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      }),
    context.fault,
    state.behavior,
    context.request.signal,
  );
}

function images(state: UpstreamState, context: RouteContext): Promise<Response> {
  const body = context.body as Record<string, unknown>;
  const count = typeof body.n === 'number' ? body.n : 1;
  const inputTokens = countTokens(String(body.prompt));
  const outputTokens = 16 * count;
  return faultyJsonResponse(
    () =>
      jsonResponse(200, {
        created: Math.floor(Date.now() / 1000),
        data: Array.from({ length: count }, () => ({ b64_json: FAKE_PNG_BASE64 })),
        background: 'opaque',
        output_format: 'png',
        quality: typeof body.quality === 'string' ? body.quality : 'low',
        size: typeof body.size === 'string' ? body.size : '1024x1024',
        usage: {
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
          input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
        },
      }),
    context.fault,
    state.behavior,
    context.request.signal,
  );
}
