import {
  type JSONObject,
  type LanguageModelV4CallOptions,
  type LanguageModelV4FilePart,
  type LanguageModelV4Message,
  type LanguageModelV4TextPart,
  type LanguageModelV4ToolChoice,
  type SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { GatewayServerError } from '../../errors/gateway-server-error';
import type { RoutingOptions } from '../routing';
import { openAIRouting } from './openai-api';
import { imagePart, parseArguments, parseDataUrl } from './chat-request';

// Loose objects: OpenAI clients send fields the gateway does not use (user, metadata, truncation, …); they are ignored.
const inputTextSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const outputTextSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusalSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const inputImageSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFileSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});
const contentPartSchema = z.discriminatedUnion('type', [inputTextSchema, outputTextSchema, refusalSchema, inputImageSchema, inputFileSchema]);

const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'system', 'developer', 'assistant']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
});
const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const functionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: z.union([z.string(), z.array(contentPartSchema)]),
});
// A reasoning item a client sends back from an earlier response's output.
const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
});
// Items are checked one by one in responsesInputToPrompt, so an error can name the item's own field.
const inputItemSchema = z.looseObject({ type: z.string().optional() });

const toolSchema = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), name: z.string() }),
  z.looseObject({ type: z.string() }),
]);

const textFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string(),
    description: z.string().nullish(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
  }),
]);

const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItemSchema)]),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.looseObject({ format: textFormatSchema.nullish() }).nullish(),
  reasoning: z.looseObject({ effort: reasoningEffortSchema.nullish() }).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  store: z.boolean().nullish(),
  background: z.boolean().nullish(),
  prompt: z.unknown().optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  models: z.array(z.string()).nullish(),
  service_tier: z.string().nullish(),
});

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
type ContentPart = z.infer<typeof contentPartSchema>;

/** The request fields a Responses API answer echoes back. */
export interface ResponsesEcho {
  instructions: string | null;
  temperature: number | null;
  top_p: number | null;
  max_output_tokens: number | null;
  parallel_tool_calls: boolean;
  tool_choice: NonNullable<ResponsesRequest['tool_choice']>;
  tools: NonNullable<ResponsesRequest['tools']>;
  metadata: Record<string, string> | null;
  text: { format: NonNullable<NonNullable<ResponsesRequest['text']>['format']> };
  reasoning: { effort: z.infer<typeof reasoningEffortSchema> | null } | null;
}

/** An OpenAI Responses request, as the gateway runs it. */
export interface ResponsesCall {
  modelId: string;
  stream: boolean;
  callOptions: LanguageModelV4CallOptions;
  /** `providerOptions.gateway`, with a top-level `models` as its fallback list. */
  routing: RoutingOptions & Record<string, unknown>;
  /** What only OpenAI's Responses API takes (built-in tools, their items), when the call has any: it is then forwarded or refused. */
  forwardOnly?: string;
  echo: ResponsesEcho;
}

/** A 400 in OpenAI's error shape whose `param` is the wrong field. */
const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

function parseItem<T>(schema: z.ZodType<T>, item: unknown, path: string): T {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = [path, ...issue.path.map(String)].join('.');
  throw invalid(at, `Invalid input item at \`${at}\`: ${issue.message}. See the OpenAI Responses API for the expected shape.`);
}

const NO_STATE = 'The gateway keeps no conversation state: send the whole conversation in `input` on every request.';

/** Input item types the gateway converts; `item_reference` is refused on every path (it names stored state). */
const CONVERTED_ITEM_TYPES: ReadonlySet<string> = new Set(['message', 'function_call', 'function_call_output', 'reasoning', 'item_reference']);

const unconvertedTool = (tool: unknown) => isRecord(tool) && typeof tool.type === 'string' && tool.type !== 'function';
const unconvertedItem = (item: unknown) => isRecord(item) && typeof item.type === 'string' && !CONVERTED_ITEM_TYPES.has(item.type);
const unconvertedChoice = (choice: unknown) => isRecord(choice) && choice.type !== 'function';
const typesOf = (list: unknown[]) => [...new Set(list.map((entry) => String((entry as { type: unknown }).type)))];

/**
 * What in a raw Responses body has no converted form (OpenAI's built-in and custom tools, their call items, a
 * tool_choice naming one), described for error messages; undefined when the whole body converts. Pure.
 */
export function unconvertedResponsesParts(body: Record<string, unknown>): string | undefined {
  const tools = typesOf((Array.isArray(body.tools) ? body.tools : []).filter(unconvertedTool));
  const items = typesOf((Array.isArray(body.input) ? body.input : []).filter(unconvertedItem));
  const parts = [
    ...(tools.length ? [`tools of type ${tools.join(', ')}`] : []),
    ...(items.length ? [`input items of type ${items.join(', ')}`] : []),
    ...(unconvertedChoice(body.tool_choice) ? [`a tool_choice of type ${String((body.tool_choice as { type: unknown }).type)}`] : []),
  ];
  return parts.length ? parts.join(' and ') : undefined;
}

/** A copy of a raw Responses body without those parts: what the call's V4 options (for the usage log) are made from. Pure. */
export function withoutUnconvertedParts(body: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...body };
  if (Array.isArray(body.tools)) copy.tools = body.tools.filter((tool) => !unconvertedTool(tool));
  if (Array.isArray(body.input)) copy.input = body.input.filter((item) => !unconvertedItem(item));
  if (unconvertedChoice(body.tool_choice)) delete copy.tool_choice;
  return copy;
}

/** Validates an OpenAI Responses body; the error names the first wrong field. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  const parsed = responsesRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.') || 'body';
    throw invalid(path, `Invalid responses request at \`${path}\`: ${issue.message}. See the OpenAI Responses API for the expected shape.`);
  }
  const request = parsed.data;
  if (request.previous_response_id != null) throw invalid('previous_response_id', `\`previous_response_id\` is not supported. ${NO_STATE}`);
  if (request.conversation != null) throw invalid('conversation', `\`conversation\` is not supported. ${NO_STATE}`);
  if (request.store === true) throw invalid('store', `\`store: true\` is not supported: the gateway stores no responses to retrieve later. Omit \`store\` or send \`store: false\`.`);
  if (request.background === true) throw invalid('background', '`background: true` is not supported: the gateway answers each request while it is open. Omit `background`, or stream with `stream: true`.');
  if (request.prompt != null) throw invalid('prompt', '`prompt` (a stored prompt template) is not supported: send the prompt text in `instructions` and `input`.');
  return request;
}

function contentToParts(content: string | ContentPart[], path: string): Array<LanguageModelV4TextPart | LanguageModelV4FilePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index): LanguageModelV4TextPart | LanguageModelV4FilePart => {
    const partPath = `${path}.${index}`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: part.text };
      case 'refusal':
        return { type: 'text', text: part.refusal };
      case 'input_image':
        if (!part.image_url) throw invalid(partPath, `\`${partPath}\` needs \`image_url\` (a URL or data URL); the gateway has no file storage for \`file_id\`.`);
        return imagePart(part.image_url, `${partPath}.image_url`);
      case 'input_file': {
        if (part.file_data) {
          const dataUrl = parseDataUrl(part.file_data);
          if (!dataUrl) throw invalid(`${partPath}.file_data`, `\`${partPath}.file_data\` must be a data URL: data:<media type>;base64,<data>.`);
          return { type: 'file', mediaType: dataUrl.mediaType, data: { type: 'data', data: dataUrl.base64 }, ...(part.filename ? { filename: part.filename } : {}) };
        }
        throw invalid(partPath, `\`${partPath}\` needs \`file_data\` (a data URL); the gateway has no file storage for \`file_id\` or \`file_url\`.`);
      }
    }
  });
}

const textOnly = (parts: Array<LanguageModelV4TextPart | LanguageModelV4FilePart>, path: string): string =>
  parts
    .map((part) => {
      if (part.type !== 'text') throw invalid(path, `\`${path}\` may hold only text here; send files and images in a user message.`);
      return part.text;
    })
    .join('');

type AssistantContent = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'];
type ToolContent = Extract<LanguageModelV4Message, { role: 'tool' }>['content'];

/**
 * Responses input items → the V4 prompt. Neighbouring assistant items (text, reasoning, function calls) become one
 * assistant message and neighbouring function outputs one tool message, as the providers expect.
 */
export function responsesInputToPrompt(input: ResponsesRequest['input'], instructions?: string | null): LanguageModelV4Message[] {
  const prompt: LanguageModelV4Message[] = instructions ? [{ role: 'system', content: instructions }] : [];
  if (typeof input === 'string') {
    prompt.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return prompt;
  }
  const toolNames = new Map<string, string>();
  const assistant = (): AssistantContent => {
    const last = prompt.at(-1);
    if (last?.role === 'assistant') return last.content;
    const content: AssistantContent = [];
    prompt.push({ role: 'assistant', content });
    return content;
  };
  const tool = (): ToolContent => {
    const last = prompt.at(-1);
    if (last?.role === 'tool') return last.content;
    const content: ToolContent = [];
    prompt.push({ role: 'tool', content });
    return content;
  };
  input.forEach((item, index) => {
    const path = `input.${index}`;
    if (item.type === undefined || item.type === 'message') {
      const message = parseItem(messageItemSchema, item, path);
      const parts = contentToParts(message.content, `${path}.content`);
      if (message.role === 'system' || message.role === 'developer') prompt.push({ role: 'system', content: textOnly(parts, `${path}.content`) });
      else if (message.role === 'user') prompt.push({ role: 'user', content: parts });
      else assistant().push({ type: 'text', text: textOnly(parts, `${path}.content`) });
      return;
    }
    switch (item.type) {
      case 'function_call': {
        const call = parseItem(functionCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        assistant().push({ type: 'tool-call', toolCallId: call.call_id, toolName: call.name, input: parseArguments(call.arguments) });
        return;
      }
      case 'function_call_output': {
        const output = parseItem(functionCallOutputItemSchema, item, path);
        const toolName = toolNames.get(output.call_id);
        if (!toolName) throw invalid(`${path}.call_id`, `\`${path}.call_id\` (${output.call_id}) answers no function_call item earlier in \`input\`. ${NO_STATE}`);
        const value = typeof output.output === 'string' ? output.output : textOnly(contentToParts(output.output, `${path}.output`), `${path}.output`);
        tool().push({ type: 'tool-result', toolCallId: output.call_id, toolName, output: { type: 'text', value } });
        return;
      }
      case 'reasoning': {
        const reasoning = parseItem(reasoningItemSchema, item, path);
        const text = [...(reasoning.content ?? []), ...(reasoning.summary ?? [])].map((part) => part.text).join('');
        // Encrypted reasoning alone carries nothing another provider could read.
        if (text) assistant().push({ type: 'reasoning', text });
        return;
      }
      case 'item_reference':
        throw invalid(`${path}.type`, `\`${path}\` is an item_reference, which is not supported. ${NO_STATE}`);
      default:
        throw invalid(
          `${path}.type`,
          `\`${path}.type\` ${JSON.stringify(item.type)} is not supported; send messages, function_call, function_call_output and reasoning items.`,
        );
    }
  });
  return prompt;
}

/** The function tools (the others were taken out as forward-only: withoutUnconvertedParts). */
function tools(request: ResponsesRequest): LanguageModelV4CallOptions['tools'] {
  return request.tools?.map((tool, index) => {
    if (!tool.name) throw invalid(`tools.${index}.name`, `\`tools.${index}.name\` is required for a function tool.`);
    return {
      type: 'function' as const,
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: (tool.parameters ?? { type: 'object', properties: {} }) as JSONObject,
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    };
  });
}

function toolChoice(choice: ResponsesRequest['tool_choice']): LanguageModelV4ToolChoice | undefined {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function' && typeof choice.name === 'string') return { type: 'tool', toolName: choice.name };
  throw invalid('tool_choice', `\`tool_choice\` of type ${JSON.stringify(choice.type)} is not supported; use auto, none, required or { type: 'function', name }.`);
}

function responseFormat(format: NonNullable<ResponsesRequest['text']>['format']): LanguageModelV4CallOptions['responseFormat'] {
  if (format == null) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema':
      return { type: 'json', name: format.name, ...(format.description ? { description: format.description } : {}), schema: format.schema as JSONObject };
  }
}

/** An OpenAI Responses body → the V4 call, the model id, the routing options and the fields the answer echoes. Pure. */
export function responsesRequestToCall(body: unknown): ResponsesCall {
  // OpenAI's own tools and items have no converted form: such a call is forwarded or refused, and its V4 options (for the log) leave them out.
  const forwardOnly = isRecord(body) ? unconvertedResponsesParts(body) : undefined;
  const request = parseResponsesRequest(forwardOnly && isRecord(body) ? withoutUnconvertedParts(body) : body);
  const gateway = (request.providerOptions?.gateway ?? {}) as RoutingOptions & Record<string, unknown>;
  const routing = openAIRouting(gateway, request);
  const callTools = tools(request);
  const format = request.text?.format;
  const effort = request.reasoning?.effort;
  const callOptions: LanguageModelV4CallOptions = {
    prompt: responsesInputToPrompt(request.input, request.instructions),
    ...(request.max_output_tokens != null ? { maxOutputTokens: request.max_output_tokens } : {}),
    ...(request.temperature != null ? { temperature: request.temperature } : {}),
    ...(request.top_p != null ? { topP: request.top_p } : {}),
    ...(callTools?.length ? { tools: callTools } : {}),
    ...(request.tool_choice != null ? { toolChoice: toolChoice(request.tool_choice) } : {}),
    ...(format != null ? { responseFormat: responseFormat(format) } : {}),
    ...(effort ? { reasoning: effort } : {}),
    ...(request.providerOptions ? { providerOptions: request.providerOptions as SharedV4ProviderOptions } : {}),
  };
  return {
    modelId: request.model,
    stream: request.stream === true,
    callOptions,
    routing,
    ...(forwardOnly ? { forwardOnly } : {}),
    echo: {
      instructions: request.instructions ?? null,
      temperature: request.temperature ?? null,
      top_p: request.top_p ?? null,
      max_output_tokens: request.max_output_tokens ?? null,
      parallel_tool_calls: request.parallel_tool_calls ?? true,
      tool_choice: request.tool_choice ?? 'auto',
      tools: request.tools ?? [],
      metadata: request.metadata ?? null,
      text: { format: format ?? { type: 'text' } },
      reasoning: effort ? { effort } : null,
    },
  };
}
