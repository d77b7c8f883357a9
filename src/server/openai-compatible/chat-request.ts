import {
  InvalidArgumentError,
  type JSONObject,
  type LanguageModelV4CallOptions,
  type LanguageModelV4FilePart,
  type LanguageModelV4Message,
  type LanguageModelV4TextPart,
  type LanguageModelV4ToolChoice,
  type SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import { z } from 'zod/v4';
import type { RoutingOptions } from '../routing';
import { openAIRouting } from './openai-api';

// Loose objects: OpenAI clients send fields we do not use (n, user, seed, store, …); they are ignored.
/** Anthropic's prompt-cache breakpoint, which the hosted gateway takes on chat messages and parts. */
const cacheControlSchema = z.looseObject({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });
const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema.nullish() });
const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  cache_control: cacheControlSchema.nullish(),
  image_url: z.union([z.string(), z.looseObject({ url: z.string(), detail: z.string().optional() })]),
});
const filePartSchema = z.looseObject({
  type: z.literal('file'),
  cache_control: cacheControlSchema.nullish(),
  // OpenAI's shape: { file: { file_data, filename } }; the gateway's: { data, media_type, filename }.
  file: z.looseObject({ file_data: z.string().optional(), filename: z.string().optional() }).optional(),
  data: z.string().optional(),
  media_type: z.string().optional(),
  filename: z.string().optional(),
});
const audioPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const userPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema, filePartSchema, audioPartSchema]);
const textContentSchema = z.union([z.string(), z.array(textPartSchema)]);

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const cached = { cache_control: cacheControlSchema.nullish() };
const messageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContentSchema, ...cached }),
  z.looseObject({ role: z.literal('developer'), content: textContentSchema, ...cached }),
  z.looseObject({ role: z.literal('user'), content: z.union([z.string(), z.array(userPartSchema)]), ...cached }),
  z.looseObject({
    role: z.literal('assistant'),
    content: textContentSchema.nullish(),
    tool_calls: z.array(toolCallSchema).nullish(),
    reasoning: z.string().nullish(),
    ...cached,
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: textContentSchema, ...cached }),
]);

const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
  // The gateway's legacy form.
  z.looseObject({
    type: z.literal('json'),
    schema: z.record(z.string(), z.unknown()).optional(),
    name: z.string().optional(),
    description: z.string().optional(),
  }),
]);

const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  frequency_penalty: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  seed: z.number().int().nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  response_format: responseFormatSchema.nullish(),
  reasoning_effort: reasoningEffortSchema.nullish(),
  reasoning: z
    .looseObject({
      enabled: z.boolean().optional(),
      effort: reasoningEffortSchema.optional(),
      max_tokens: z.number().int().positive().optional(),
      exclude: z.boolean().optional(),
    })
    .nullish(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  models: z.array(z.string()).nullish(),
  service_tier: z.string().nullish(),
  modalities: z.array(z.enum(['text', 'image', 'audio'])).nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** An OpenAI chat request, as the gateway runs it. */
export interface ChatCall {
  /** The validated body, for a call forwarded to an OpenAI upstream as it is (chat-forward.ts). */
  request: ChatCompletionRequest;
  modelId: string;
  stream: boolean;
  callOptions: LanguageModelV4CallOptions;
  /** `providerOptions.gateway`, with a top-level `models` as its fallback list. */
  routing: RoutingOptions & Record<string, unknown>;
  /** `reasoning.exclude`: run with reasoning but leave it out of the answer. */
  excludeReasoning: boolean;
}

const invalid = (argument: string, message: string) => new InvalidArgumentError({ argument, message });

/** Validates an OpenAI Chat Completions body; the error names the first wrong field. */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  const parsed = chatCompletionRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.') || 'body';
  throw invalid(path, `Invalid chat completions request at \`${path}\`: ${issue.message}. See the OpenAI Chat Completions API for the expected shape.`);
}

const textOf = (content: z.infer<typeof textContentSchema> | null | undefined): string =>
  content == null ? '' : typeof content === 'string' ? content : content.map((part) => part.text).join('');

/** `data:<type>;base64,<data>` → its media type and base64 data; undefined for other URLs. */
export function parseDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^;,]*)*;base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1] ?? 'application/octet-stream', base64: match[2]! } : undefined;
}

export function imagePart(url: string, path: string): LanguageModelV4FilePart {
  const data = parseDataUrl(url);
  if (data) return { type: 'file', mediaType: data.mediaType, data: { type: 'data', data: data.base64 } };
  if (url.startsWith('data:')) throw invalid(path, `\`${path}\` is a data URL without base64 data; send data:<media type>;base64,<data>.`);
  try {
    return { type: 'file', mediaType: 'image', data: { type: 'url', url: new URL(url) } };
  } catch {
    throw invalid(path, `\`${path}\` is neither a URL nor a data URL.`);
  }
}

function userParts(content: Extract<ChatCompletionRequest['messages'][number], { role: 'user' }>['content'], path: string) {
  if (typeof content === 'string') return [{ type: 'text', text: content } satisfies LanguageModelV4TextPart];
  return content.map((part, index): LanguageModelV4TextPart | LanguageModelV4FilePart => {
    const partPath = `${path}.${index}`;
    switch (part.type) {
      case 'text':
        return { type: 'text', text: part.text, ...cacheMarker(part.cache_control) };
      case 'image_url':
        return { ...imagePart(typeof part.image_url === 'string' ? part.image_url : part.image_url.url, `${partPath}.image_url.url`), ...cacheMarker(part.cache_control) };
      case 'input_audio':
        return { type: 'file', mediaType: `audio/${part.input_audio.format}`, data: { type: 'data', data: part.input_audio.data } };
      case 'file': {
        const raw = part.file?.file_data ?? part.data;
        if (raw === undefined) throw invalid(partPath, `\`${partPath}\` has no file data; send file.file_data (a data URL) or data with media_type.`);
        const dataUrl = parseDataUrl(raw);
        const mediaType = dataUrl?.mediaType ?? part.media_type;
        if (!mediaType) throw invalid(partPath, `\`${partPath}\` needs a media type: send a data URL or media_type.`);
        const filename = part.file?.filename ?? part.filename;
        return { type: 'file', mediaType, data: { type: 'data', data: dataUrl?.base64 ?? raw }, ...(filename ? { filename } : {}), ...cacheMarker(part.cache_control) };
      }
    }
  });
}

type CacheControl = z.infer<typeof cacheControlSchema> | null | undefined;

/** A `cache_control` marker as the provider options Anthropic's package reads (other upstreams ignore them). Pure. */
export function cacheMarker(control: CacheControl): { providerOptions: SharedV4ProviderOptions } | Record<string, never> {
  if (!control) return {};
  return { providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ...(control.ttl ? { ttl: control.ttl } : {}) } } } };
}

/** Text content's marker: the message's own, else one on any of its text parts (a system message's text becomes one string). */
const textMarker = (message: { cache_control?: CacheControl; content?: z.infer<typeof textContentSchema> | null }) =>
  cacheMarker(message.cache_control ?? (Array.isArray(message.content) ? message.content.find((part) => part.cache_control)?.cache_control : undefined));

export function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Models sometimes send broken JSON; the upstream gets it as it was.
    return text;
  }
}

/** OpenAI messages → the V4 prompt; a tool message takes its tool name from the call it answers. */
export function chatMessagesToPrompt(messages: ChatCompletionRequest['messages']): LanguageModelV4Message[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, index): LanguageModelV4Message => {
    const path = `messages.${index}`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(message.content), ...textMarker(message) };
      case 'user':
        return { role: 'user', content: userParts(message.content, `${path}.content`), ...cacheMarker(message.cache_control) };
      case 'assistant': {
        const content: Extract<LanguageModelV4Message, { role: 'assistant' }>['content'] = [];
        if (message.reasoning) content.push({ type: 'reasoning', text: message.reasoning });
        const text = textOf(message.content);
        if (text) content.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: parseArguments(call.function.arguments) });
        }
        return { role: 'assistant', content, ...textMarker(message) };
      }
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        if (!toolName) {
          throw invalid(`${path}.tool_call_id`, `\`${path}.tool_call_id\` (${message.tool_call_id}) answers no tool call of an earlier assistant message.`);
        }
        return {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: message.tool_call_id, toolName, output: { type: 'text', value: textOf(message.content) } }],
          ...textMarker(message),
        };
      }
    }
  });
}

function toolChoice(choice: ChatCompletionRequest['tool_choice']): LanguageModelV4ToolChoice | undefined {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', toolName: choice.function.name };
}

function responseFormat(format: ChatCompletionRequest['response_format']): LanguageModelV4CallOptions['responseFormat'] {
  if (format == null) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, description, schema } = format.json_schema;
      return { type: 'json', name, ...(description ? { description } : {}), ...(schema ? { schema } : {}) };
    }
    case 'json':
      return { type: 'json', ...(format.name ? { name: format.name } : {}), ...(format.description ? { description: format.description } : {}), ...(format.schema ? { schema: format.schema } : {}) };
  }
}

function reasoning(request: ChatCompletionRequest): LanguageModelV4CallOptions['reasoning'] {
  const options = request.reasoning;
  if (options?.effort && options.max_tokens !== undefined) {
    throw invalid('reasoning', 'Send either `reasoning.effort` or `reasoning.max_tokens`, not both.');
  }
  if (options?.enabled === false) return 'none';
  if (options?.effort) return options.effort;
  if (request.reasoning_effort) return request.reasoning_effort;
  if (options?.enabled || options?.max_tokens !== undefined) return 'provider-default';
  return undefined;
}

/**
 * What the request asks of upstreams in their own terms, under the call's own provider options (which win): a
 * thinking budget (`reasoning.max_tokens`) for Anthropic and Google models, and image output (`modalities`) from
 * Google's. Other upstreams have no such setting and ignore the keys. Pure.
 */
function upstreamProviderOptions(request: ChatCompletionRequest): SharedV4ProviderOptions | undefined {
  const budget = request.reasoning?.enabled === false ? undefined : request.reasoning?.max_tokens;
  const images = request.modalities?.includes('image') === true;
  const derived: Record<string, JSONObject> = {};
  if (budget !== undefined) {
    derived.anthropic = { thinking: { type: 'enabled', budgetTokens: budget } };
    derived.google = { thinkingConfig: { thinkingBudget: budget, includeThoughts: true } };
  }
  if (images) derived.google = { ...derived.google, responseModalities: ['TEXT', 'IMAGE'] };
  const own = (request.providerOptions ?? {}) as Record<string, JSONObject>;
  const merged: Record<string, JSONObject> = { ...own };
  for (const [provider, options] of Object.entries(derived)) merged[provider] = { ...options, ...own[provider] };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** An OpenAI Chat Completions body → the V4 call, the model id and the routing options. Pure. */
export function chatRequestToCall(body: unknown): ChatCall {
  const request = parseChatCompletionRequest(body);
  const maxOutputTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const stop = request.stop == null ? undefined : typeof request.stop === 'string' ? [request.stop] : request.stop;
  const gateway = (request.providerOptions?.gateway ?? {}) as RoutingOptions & Record<string, unknown>;
  const routing = openAIRouting(gateway, request);
  const tools = request.tools?.map((tool) => ({
    type: 'function' as const,
    name: tool.function.name,
    ...(tool.function.description ? { description: tool.function.description } : {}),
    inputSchema: (tool.function.parameters ?? { type: 'object', properties: {} }) as JSONObject,
    ...(tool.function.strict != null ? { strict: tool.function.strict } : {}),
  }));
  const callOptions: LanguageModelV4CallOptions = {
    prompt: chatMessagesToPrompt(request.messages),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(request.frequency_penalty != null ? { frequencyPenalty: request.frequency_penalty } : {}),
    ...(request.presence_penalty != null ? { presencePenalty: request.presence_penalty } : {}),
    ...(request.seed != null ? { seed: request.seed } : {}),
    ...(stop ? { stopSequences: stop } : {}),
    ...(tools?.length ? { tools } : {}),
    ...(request.tool_choice != null ? { toolChoice: toolChoice(request.tool_choice) } : {}),
    ...(request.response_format != null ? { responseFormat: responseFormat(request.response_format) } : {}),
    ...(reasoning(request) ? { reasoning: reasoning(request) } : {}),
    ...(upstreamProviderOptions(request) ? { providerOptions: upstreamProviderOptions(request) } : {}),
  };
  return {
    request,
    modelId: request.model,
    stream: request.stream === true,
    callOptions,
    routing,
    excludeReasoning: request.reasoning?.exclude === true,
  };
}
