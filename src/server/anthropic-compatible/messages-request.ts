import { InvalidArgumentError, type LanguageModelV4CallOptions, type LanguageModelV4FilePart, type LanguageModelV4Message, type LanguageModelV4TextPart, type LanguageModelV4ToolResultOutput, type SharedV4ProviderOptions } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';

// Anthropic Messages API request bodies, as far as the gateway maps them; unknown fields are ignored.
const cacheControlSchema = z.object({ type: z.string() }).passthrough().optional();
const textBlockSchema = z.object({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema });
const sourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string() }),
]);
const imageBlockSchema = z.object({ type: z.literal('image'), source: sourceSchema, cache_control: cacheControlSchema });
const documentBlockSchema = z.object({
  type: z.literal('document'),
  source: z.union([sourceSchema, z.object({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() })]),
  title: z.string().optional(),
  cache_control: cacheControlSchema,
});
const toolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown(), cache_control: cacheControlSchema });
const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.union([textBlockSchema, imageBlockSchema]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControlSchema,
});
const thinkingBlockSchema = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });
const contentBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  imageBlockSchema,
  documentBlockSchema,
  toolUseBlockSchema,
  toolResultBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
]);
type ContentBlock = z.infer<typeof contentBlockSchema>;

export const messagesRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  messages: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(contentBlockSchema)]) })),
  tools: z
    .array(
      z.object({
        type: z.string().optional(),
        name: z.string(),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
        cache_control: cacheControlSchema,
      }),
    )
    .optional(),
  tool_choice: z
    .object({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional(), disable_parallel_tool_use: z.boolean().optional() })
    .optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  thinking: z
    .union([z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }), z.object({ type: z.enum(['disabled', 'adaptive']) })])
    .optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

/** The content block types this gateway converts; any other (`server_tool_use`, `web_search_tool_result`, …) only Anthropic reads. */
const CONVERTED_BLOCK_TYPES: ReadonlySet<string> = new Set(contentBlockSchema.options.map((option) => option.shape.type.value));

const blocksOf = (message: unknown): unknown[] => (isRecord(message) && Array.isArray(message.content) ? message.content : []);
const unconverted = (block: unknown) => isRecord(block) && typeof block.type === 'string' && !CONVERTED_BLOCK_TYPES.has(block.type);

/** The block types in a raw Messages body's turns that have no converted form, each once, in order. Pure. */
export function unconvertedBlockTypes(body: Record<string, unknown>): string[] {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const types = messages.flatMap((message) => blocksOf(message).filter(unconverted).map((block) => (block as { type: string }).type));
  return [...new Set(types)];
}

/**
 * What in a raw Messages body has no converted form (server tools, which only Anthropic runs, and the blocks
 * only it reads), described for error messages; undefined when the whole body converts. Pure.
 */
export function unconvertedMessagesParts(body: Record<string, unknown>): string | undefined {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const serverTools = [...new Set(tools.flatMap((tool) => (isRecord(tool) && typeof tool.type === 'string' && tool.type !== 'custom' ? [tool.type] : [])))];
  const blockTypes = unconvertedBlockTypes(body);
  const parts = [...(serverTools.length ? [`server tools (${serverTools.join(', ')})`] : []), ...(blockTypes.length ? [`blocks of type ${blockTypes.join(', ')}`] : [])];
  return parts.length ? parts.join(' and ') : undefined;
}

/** A copy of a raw Messages body without those blocks: what the call's V4 options (for the usage log) are made from. Pure. */
export function withoutUnconvertedBlocks(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.messages)) return body;
  const messages = body.messages.map((message) => (isRecord(message) && Array.isArray(message.content) ? { ...message, content: message.content.filter((block) => !unconverted(block)) } : message));
  return { ...body, messages };
}

/** Parses an Anthropic Messages request body, naming the first wrong field. */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  const parsed = messagesRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.') || 'body';
  throw new InvalidArgumentError({ argument: path, message: `Invalid Messages request at \`${path}\`: ${issue.message}.` });
}

const cacheOptions = (cacheControl: { type: string } | undefined): { providerOptions?: SharedV4ProviderOptions } =>
  cacheControl ? { providerOptions: { anthropic: { cacheControl } } } : {};

/** An Anthropic `source` as V4 file data: base64 stays a string (V4 accepts base64 text), a URL becomes a URL. */
function fileFromSource(source: z.infer<typeof sourceSchema>, fallbackMediaType: string, argument: string): Pick<LanguageModelV4FilePart, 'data' | 'mediaType'> {
  if (source.type === 'base64') return { data: { type: 'data', data: source.data }, mediaType: source.media_type };
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new InvalidArgumentError({ argument, message: `\`${argument}.source.url\` is not a valid URL.` });
  }
  return { data: { type: 'url', url }, mediaType: fallbackMediaType };
}

function userPart(block: ContentBlock, argument: string): LanguageModelV4TextPart | LanguageModelV4FilePart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, ...cacheOptions(block.cache_control) };
    case 'image':
      return { type: 'file', ...fileFromSource(block.source, 'image/*', argument), ...cacheOptions(block.cache_control) };
    case 'document': {
      const { source } = block;
      const file =
        source.type === 'text'
          ? { data: { type: 'text' as const, text: source.data }, mediaType: source.media_type ?? 'text/plain' }
          : fileFromSource(source, 'application/pdf', argument);
      return { type: 'file', ...file, ...(block.title ? { filename: block.title } : {}), ...cacheOptions(block.cache_control) };
    }
    default:
      throw new InvalidArgumentError({ argument, message: `\`${argument}\`: a ${block.type} block cannot appear in a user message.` });
  }
}

function toolResultOutput(block: z.infer<typeof toolResultBlockSchema>, argument: string): LanguageModelV4ToolResultOutput {
  const content = block.content ?? '';
  if (typeof content === 'string') return block.is_error ? { type: 'error-text', value: content } : { type: 'text', value: content };
  if (content.every((part) => part.type === 'text')) {
    const text = content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    if (block.is_error) return { type: 'error-text', value: text };
  }
  return {
    type: 'content',
    value: content.map((part) => {
      if (part.type === 'text') return { type: 'text', text: part.text };
      const file = fileFromSource(part.source, 'image/*', argument);
      return { type: 'file', data: file.data, mediaType: file.mediaType };
    }),
  };
}

/** `thinking.budget_tokens` as the V4 reasoning effort nearest to it. */
function reasoningEffort(thinking: MessagesRequest['thinking']): LanguageModelV4CallOptions['reasoning'] {
  if (!thinking) return undefined;
  if (!('budget_tokens' in thinking)) return thinking.type === 'disabled' ? 'none' : 'provider-default';
  return thinking.budget_tokens <= 2_048 ? 'low' : thinking.budget_tokens <= 16_384 ? 'medium' : 'high';
}

/** The V4 prompt of a Messages request: system blocks, then each message (tool results become tool messages). */
export function messagesPrompt(request: MessagesRequest): LanguageModelV4Message[] {
  const prompt: LanguageModelV4Message[] = [];
  if (typeof request.system === 'string') {
    if (request.system) prompt.push({ role: 'system', content: request.system });
  } else {
    for (const block of request.system ?? []) prompt.push({ role: 'system', content: block.text, ...cacheOptions(block.cache_control) });
  }
  const toolNames = new Map<string, string>();
  request.messages.forEach((message, messageIndex) => {
    const blocks: ContentBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') {
      const content: Extract<LanguageModelV4Message, { role: 'assistant' }>['content'] = [];
      blocks.forEach((block, blockIndex) => {
        const argument = `messages.${messageIndex}.content.${blockIndex}`;
        if (block.type === 'text') content.push({ type: 'text', text: block.text });
        else if (block.type === 'thinking') {
          content.push({ type: 'reasoning', text: block.thinking, ...(block.signature ? { providerOptions: { anthropic: { signature: block.signature } } } : {}) });
        } else if (block.type === 'redacted_thinking') {
          content.push({ type: 'reasoning', text: '', providerOptions: { anthropic: { redactedData: block.data } } });
        } else if (block.type === 'tool_use') {
          toolNames.set(block.id, block.name);
          content.push({ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input });
        } else {
          throw new InvalidArgumentError({ argument, message: `\`${argument}\`: a ${block.type} block cannot appear in an assistant message.` });
        }
      });
      prompt.push({ role: 'assistant', content });
      return;
    }
    // A user turn may mix tool results and new content: consecutive runs become tool and user messages in order.
    blocks.forEach((block, blockIndex) => {
      const argument = `messages.${messageIndex}.content.${blockIndex}`;
      const last = prompt[prompt.length - 1];
      if (block.type === 'tool_result') {
        const toolName = toolNames.get(block.tool_use_id);
        if (!toolName) {
          throw new InvalidArgumentError({ argument, message: `\`${argument}\`: tool_result for unknown tool_use_id ${JSON.stringify(block.tool_use_id)}; send the assistant's tool_use block before it.` });
        }
        const part = { type: 'tool-result' as const, toolCallId: block.tool_use_id, toolName, output: toolResultOutput(block, argument) };
        if (last?.role === 'tool' && blockIndex > 0) last.content.push(part);
        else prompt.push({ role: 'tool', content: [part] });
      } else {
        const part = userPart(block, argument);
        if (last?.role === 'user' && blockIndex > 0) last.content.push(part);
        else prompt.push({ role: 'user', content: [part] });
      }
    });
  });
  return prompt;
}

/**
 * The V4 call options of a Messages request (the gateway's routing options stay in `providerOptions.gateway`).
 * Server tools (web search, …) have no V4 form and are left out: a call with them is only ever forwarded.
 */
export function messagesCallOptions(request: MessagesRequest): LanguageModelV4CallOptions {
  const tools = request.tools?.flatMap((tool, index) => {
    if (tool.type !== undefined && tool.type !== 'custom') return [];
    if (!tool.input_schema) throw new InvalidArgumentError({ argument: `tools.${index}.input_schema`, message: `\`tools.${index}.input_schema\` is required: a JSON schema of the tool's input.` });
    return [
      {
        type: 'function' as const,
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        inputSchema: tool.input_schema,
        ...cacheOptions(tool.cache_control),
      },
    ];
  });
  const choice = request.tool_choice;
  const toolChoice: LanguageModelV4CallOptions['toolChoice'] = !choice
    ? undefined
    : choice.type === 'any'
      ? { type: 'required' }
      : choice.type === 'tool'
        ? { type: 'tool', toolName: choice.name ?? '' }
        : { type: choice.type };
  if (choice?.type === 'tool' && !choice.name) throw new InvalidArgumentError({ argument: 'tool_choice.name', message: '`tool_choice.name` is required when `tool_choice.type` is "tool".' });
  const reasoning = reasoningEffort(request.thinking);
  return {
    prompt: messagesPrompt(request),
    maxOutputTokens: request.max_tokens,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.top_p !== undefined ? { topP: request.top_p } : {}),
    ...(request.top_k !== undefined ? { topK: request.top_k } : {}),
    ...(request.stop_sequences?.length ? { stopSequences: request.stop_sequences } : {}),
    ...(tools?.length ? { tools } : {}),
    ...(toolChoice ? { toolChoice } : {}),
    ...(reasoning ? { reasoning } : {}),
    ...(request.providerOptions ? { providerOptions: request.providerOptions as SharedV4ProviderOptions } : {}),
  };
}
