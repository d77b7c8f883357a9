/**
 * Deterministic content shared by the fake upstreams: reply text, token counts,
 * tool-call decisions, schema-valid JSON, embeddings and a small PNG.
 *
 * Conventions (the same for every fake):
 * - The prompt is the text of the last user message. The reply is
 *   `You said: <prompt>` (+ ` Files received: <media type> (<n> bytes), ….` when the
 *   last user message carries files) + ` This reply comes from <name> model <model>.`
 * - Tokens: ceil(characters / 4), at least 1. Input tokens count the text of the
 *   system prompt and every message; output tokens count the reply (text and tool input).
 * - Tools: when tools are offered and the prompt says `call <toolName>`, the reply is a
 *   call of that tool (several mentions → several calls, in prompt order). The input is the
 *   JSON object written after `call <toolName> with ` if there is one, otherwise a value
 *   generated from the tool's input schema. A forced tool choice calls the forced tool
 *   (`required`/`any` → the mentioned tools, else the first tool). When the conversation
 *   ends with tool results, the reply is text instead: `Tool <name> returned <output>.`
 * - Structured output: the reply text is JSON generated from the response schema
 *   (`valueForSchema`); JSON mode without a schema replies `{"reply":"<reply text>"}`.
 * - Streams split the text after each space (one delta per word). A `deltas: N` behaviour
 *   makes exactly N deltas by cycling through those words (N = 20,000 for the benchmark).
 */

export interface FileDigest {
  mediaType: string;
  /** Decoded size for inline data; undefined for URLs and file ids. */
  bytes: number | undefined;
}

export interface ToolResultDigest {
  toolCallId: string;
  toolName: string;
  output: string;
}

export interface OfferedTool {
  name: string;
  inputSchema: unknown;
}

/** What the fakes read from a request, whatever the wire format. */
export interface PromptDigest {
  prompt: string;
  files: FileDigest[];
  /** Tool results that end the conversation (the model's turn follows them). */
  toolResults: ToolResultDigest[];
  /** Characters of all text in the request (system + messages), for input tokens. */
  inputChars: number;
}

export type ToolChoiceDigest =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export interface PlannedToolCall {
  name: string;
  input: unknown;
  inputJson: string;
}

export type ReplyPlan =
  | { kind: 'text'; text: string }
  | { kind: 'tool-calls'; calls: PlannedToolCall[] };

export function countTokens(text: string | number): number {
  const length = typeof text === 'number' ? text : text.length;
  return Math.max(1, Math.ceil(length / 4));
}

export function replyText(digest: PromptDigest, name: string, model: string): string {
  if (digest.toolResults.length > 0) {
    return digest.toolResults.map(result => `Tool ${result.toolName} returned ${result.output}.`).join(' ');
  }
  const files =
    digest.files.length === 0
      ? ''
      : ` Files received: ${digest.files
          .map(file => (file.bytes === undefined ? file.mediaType : `${file.mediaType} (${file.bytes} bytes)`))
          .join(', ')}.`;
  return `You said: ${digest.prompt}${files} This reply comes from ${name} model ${model}.`;
}

/** Decides between text and tool calls following the conventions in the header. */
export function planReply(options: {
  digest: PromptDigest;
  tools: OfferedTool[];
  toolChoice: ToolChoiceDigest;
  text: string;
}): ReplyPlan {
  const { digest, tools, toolChoice, text } = options;
  if (tools.length === 0 || toolChoice.type === 'none' || digest.toolResults.length > 0) {
    return { kind: 'text', text };
  }
  let chosen: OfferedTool[];
  if (toolChoice.type === 'tool') {
    chosen = tools.filter(tool => tool.name === toolChoice.name);
  } else {
    chosen = mentionedTools(digest.prompt, tools);
    if (chosen.length === 0 && toolChoice.type === 'required') chosen = tools.slice(0, 1);
  }
  if (chosen.length === 0) return { kind: 'text', text };
  return {
    kind: 'tool-calls',
    calls: chosen.map(tool => {
      const input = explicitToolInput(digest.prompt, tool.name) ?? valueForSchema(tool.inputSchema);
      return { name: tool.name, input, inputJson: JSON.stringify(input) };
    }),
  };
}

function mentionedTools(prompt: string, tools: OfferedTool[]): OfferedTool[] {
  return tools
    .map(tool => ({ tool, at: findCall(prompt, tool.name) }))
    .filter(entry => entry.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map(entry => entry.tool);
}

function findCall(prompt: string, toolName: string): number {
  const needle = `call ${toolName}`;
  let at = prompt.indexOf(needle);
  while (at >= 0) {
    const next = prompt.charAt(at + needle.length);
    if (!/[A-Za-z0-9_-]/.test(next)) return at;
    at = prompt.indexOf(needle, at + 1);
  }
  return -1;
}

/** `call weather with {"city":"Paris"}` → {city: 'Paris'}; undefined when absent or not JSON. */
function explicitToolInput(prompt: string, toolName: string): unknown {
  const at = findCall(prompt, toolName);
  if (at < 0) return undefined;
  const rest = prompt.slice(at + `call ${toolName}`.length);
  const match = /^\s+with\s+(?=\{)/.exec(rest);
  if (match === null) return undefined;
  const start = match[0].length;
  let depth = 0;
  let inString = false;
  for (let i = start; i < rest.length; i++) {
    const char = rest[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      try {
        return JSON.parse(rest.slice(start, i + 1));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The text as stream deltas: one per word, or exactly `count` by cycling the words. */
export function* textDeltas(text: string, count?: number): Generator<string> {
  const words = text.split(/(?<= )/);
  if (count === undefined) {
    yield* words;
    return;
  }
  for (let i = 0; i < count; i++) yield words[i % words.length]!;
}

export function fullText(text: string, count?: number): string {
  return count === undefined ? text : Array.from(textDeltas(text, count)).join('');
}

/** Splits tool input JSON into small deltas, as providers stream it. */
export function argumentDeltas(json: string, size = 8): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += size) parts.push(json.slice(i, i + size));
  return parts.length === 0 ? [''] : parts;
}

type JsonSchemaObject = Record<string, unknown>;

/** Below this depth values are minimal (no optional properties, minItems items). */
const RECURSION_DEPTH = 6;

/**
 * A value valid for a JSON schema (the subset that AI SDK tools and outputs produce):
 * const, enum, anyOf/oneOf (first usable branch), allOf (merged objects), $ref to
 * #/definitions or #/$defs, objects (every property), arrays (minItems, at least 1
 * unless maxItems is 0), strings (formats, min/max length), numbers, integers,
 * booleans and null. Deeply nested values are minimal, so recursive schemas terminate.
 */
export function valueForSchema(schema: unknown, root: unknown = schema, key = 'value', depth = 0): unknown {
  if (!isObject(schema) || depth > 12) return depth > 12 ? null : 'example';
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (typeof schema.$ref === 'string') return valueForSchema(resolveRef(root, schema.$ref), root, key, depth + 1);
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches) && branches.length > 0) {
      const usable = branches.find(branch => !(isObject(branch) && branch.type === 'null')) ?? branches[0];
      return valueForSchema(usable, root, key, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf) {
      const value = valueForSchema(part, root, key, depth + 1);
      if (isObject(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const type = Array.isArray(schema.type)
    ? (schema.type.find(entry => entry !== 'null') ?? schema.type[0])
    : (schema.type ?? (isObject(schema.properties) ? 'object' : isObject(schema.items) ? 'array' : undefined));
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      for (const [name, property] of Object.entries(properties)) {
        if (depth >= RECURSION_DEPTH && !required.includes(name)) continue;
        result[name] = valueForSchema(property, root, name, depth + 1);
      }
      return result;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
      // one item where allowed, but only the required minimum deep down, so recursive schemas end
      const count = Math.min(Math.max(min, depth < RECURSION_DEPTH ? 1 : 0), max);
      const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : undefined;
      return Array.from({ length: tuple ? Math.max(tuple.length, count) : count }, (_, index) =>
        valueForSchema(tuple?.[index] ?? schema.items, root, key, depth + 1),
      );
    }
    case 'string':
      return stringForSchema(schema, key);
    case 'number':
    case 'integer':
      return numberForSchema(schema, type === 'integer');
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'example';
  }
}

function stringForSchema(schema: JsonSchemaObject, key: string): string {
  const byFormat: Record<string, string> = {
    'date-time': '2025-01-01T00:00:00.000Z',
    date: '2025-01-01',
    time: '00:00:00',
    email: 'someone@example.com',
    uri: 'https://example.com/',
    url: 'https://example.com/',
    uuid: '00000000-0000-4000-8000-000000000000',
  };
  let value = (typeof schema.format === 'string' ? byFormat[schema.format] : undefined) ?? `example ${key}`;
  if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
    value = value.padEnd(schema.minLength, 'x');
  }
  if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
    value = value.slice(0, schema.maxLength);
  }
  return value;
}

function numberForSchema(schema: JsonSchemaObject, integer: boolean): number {
  let value = 1;
  if (typeof schema.minimum === 'number') value = schema.minimum;
  else if (typeof schema.exclusiveMinimum === 'number') value = schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) {
    value = schema.exclusiveMaximum - 1;
  }
  return integer ? Math.ceil(value) : value;
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[name] : undefined;
  }
  return node;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A unit vector seeded by an FNV-1a hash of the text: equal texts, equal vectors. */
export function embeddingFor(text: string, dimensions: number): number[] {
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
  const vector = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    // mulberry32 step: cheap, well-spread values from the seed
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const component = (((t ^ (t >>> 14)) >>> 0) / 0xffffffff) * 2 - 1;
    vector[i] = component;
    norm += component * component;
  }
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) vector[i] = vector[i]! * scale;
  return vector;
}

/** Decoded size of base64 text (ignores a data-URL prefix). */
export function base64Bytes(data: string): number {
  const comma = data.startsWith('data:') ? data.indexOf(',') + 1 : 0;
  const length = data.length - comma;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((length * 3) / 4) - padding;
}

/** The media type of a data URL, or undefined for other URLs. */
export function dataUrlMediaType(url: string): string | undefined {
  const match = /^data:([^;,]+)/.exec(url);
  return match?.[1];
}

/** An 8×8 RGB PNG (checkerboard), encoded once by hand; test/fakes/fakes.test.ts checks its CRCs and pixels. */
export const FAKE_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAI0lEQVR42mOQz78gn3/hwwKDDwsMkNkMOCUwhSBs3BJ0sAMA++JjwX4jlHoAAAAASUVORK5CYII=';
