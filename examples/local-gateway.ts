/**
 * A small, real HTTP stand-in for an AI Gateway, for the examples and the end-to-end test.
 *
 * It speaks enough of the gateway wire protocol (see the protocol notes in the repository)
 * for every example to run without an API key:
 *
 *   POST /v1/ai/language-model, /v3/ai/language-model, /v4/ai/language-model
 *        JSON generate result, or `text/event-stream` streamed word by word, shaped for the
 *        spec version in `ai-language-model-specification-version` (2, 3 or 4). The reply
 *        quotes the last user message; with `tools` it first calls the first tool, then
 *        answers with the tool's result; with a gateway tool (`gateway.tools.*`) it runs that
 *        tool itself and answers in the same response, with canned, deterministic results
 *        (local-gateway-tools.ts); with a JSON `responseFormat` (structured output)
 *        it answers with JSON that fits the schema.
 *   POST /…/embedding-model   deterministic bag-of-words embeddings (similar texts score high)
 *   POST /…/image-model       small real PNGs, base64
 *   POST /…/reranking-model, speech-model, transcription-model, video-model (+ /start, /status)
 *                             see local-gateway-media.ts
 *   GET  /…/config            a few catalog models with pricing
 *   GET  /v1/credits, /v1/generation?id=…, /v1/report?…
 *   POST /…/decision-model, /…/batch/{start,status,results,cancel}   deterministic decisions
 *        and in-memory batch jobs (see local-gateway-decision-batch.ts)
 *
 * Error triggers (by model id), for the error-handling example:
 *   test/payment-required  402 payment_required
 *   test/rate-limited      429 rate_limit_exceeded with `retry-after: 1` every other request
 *                          (so the first try fails and the retry succeeds)
 *   test/unavailable       503 internal_server_error (unless `providerOptions.gateway.models`
 *                          names a fallback model, which then answers, as the hosted gateway does)
 *
 * Any bearer token is accepted; a request without `Authorization` gets a 401.
 *
 * Run it directly with `npx tsx examples/local-gateway.ts [port]` (or PORT=…) to keep one running.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import * as media from './local-gateway-media.js';
import { findGatewayTool, runGatewayTool, type GatewayToolRun } from './local-gateway-tools.js';
import { createDecisionAndBatchStandIn } from './local-gateway-decision-batch.js';

export interface LocalGatewayOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Host to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Delay between streamed words, in ms (default 15). */
  streamDelayMs?: number;
  /** Log one line per request to stderr. */
  log?: boolean;
  /** Called for every request as it arrives (tests use it to see what the client sent). */
  onRequest?: (request: { method: string; path: string; headers: IncomingMessage['headers'] }) => void;
}

export interface LocalGateway {
  /** e.g. `http://127.0.0.1:43123` */
  origin: string;
  /** The AI SDK base URL for a spec version: `v2` → `${origin}/v1/ai` (default), `v3` → `/v3/ai`, `v4` → `/v4/ai`. */
  baseURL(version?: 'v2' | 'v3' | 'v4'): string;
  close(): Promise<void>;
}

type Spec = 2 | 3 | 4;

interface CatalogModel {
  id: string;
  name: string;
  description: string;
  modelType: 'language' | 'embedding' | 'image' | 'reranking' | 'speech' | 'transcription' | 'video';
  /** USD per token (per image for image models), decimal strings as the gateway sends them. */
  pricing?: { input: string; output: string; input_cache_read?: string; input_cache_write?: string };
}

const CATALOG: CatalogModel[] = [
  {
    id: 'openai/gpt-5.4',
    name: 'GPT-5.4',
    description: 'OpenAI flagship model (local stand-in).',
    modelType: 'language',
    pricing: { input: '0.00000125', output: '0.00001', input_cache_read: '0.000000125' },
  },
  {
    id: 'anthropic/claude-sonnet-4.6',
    name: 'Claude Sonnet 4.6',
    description: 'Anthropic balanced model (local stand-in).',
    modelType: 'language',
    pricing: {
      input: '0.000003',
      output: '0.000015',
      input_cache_read: '0.0000003',
      input_cache_write: '0.00000375',
    },
  },
  {
    id: 'google/gemini-3-flash',
    name: 'Gemini 3 Flash',
    description: 'Google fast model (local stand-in).',
    modelType: 'language',
    pricing: { input: '0.0000003', output: '0.0000025' },
  },
  {
    id: 'openai/text-embedding-3-small',
    name: 'text-embedding-3-small',
    description: 'OpenAI embedding model (local stand-in).',
    modelType: 'embedding',
    pricing: { input: '0.00000002', output: '0' },
  },
  {
    id: 'google/imagen-4.0-generate-001',
    name: 'Imagen 4',
    description: 'Google image model (local stand-in).',
    modelType: 'image',
  },
  // Kinds from spec v3 on; clients of older spec versions leave them out of the catalog.
  { id: 'cohere/rerank-v3.5', name: 'Rerank 3.5', description: 'Cohere reranking model (local stand-in).', modelType: 'reranking' },
  { id: 'openai/tts-1', name: 'TTS 1', description: 'OpenAI text-to-speech model (local stand-in).', modelType: 'speech' },
  { id: 'openai/whisper-1', name: 'Whisper', description: 'OpenAI speech-to-text model (local stand-in).', modelType: 'transcription' },
  { id: 'google/veo-3.1-generate-001', name: 'Veo 3.1', description: 'Google video model (local stand-in).', modelType: 'video' },
];

const DEFAULT_PRICING = { input: '0.000001', output: '0.000002' };
const IMAGE_PRICE_USD = 0.04;
const STARTING_CREDITS_USD = 10;

interface GenerationRecord {
  id: string;
  model: string;
  provider: string;
  kind: 'language' | 'embedding' | 'image' | 'reranking' | 'speech' | 'transcription' | 'video';
  streamed: boolean;
  finishReason: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  createdAt: Date;
  latencyMs: number;
  generationTimeMs: number;
  isByok: boolean;
  user?: string;
  tags: string[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly param?: unknown,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// small helpers

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

function newGenerationId(): string {
  return `gen_${randomBytes(12).toString('hex')}`;
}

function countTokens(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words * 1.3));
}

function formatUsd(value: number): string {
  // Plain decimal string, no exponent, trailing zeros trimmed: "0.0000425".
  if (value === 0) return '0';
  return value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

function pricingFor(modelId: string) {
  return CATALOG.find(m => m.id === modelId)?.pricing ?? DEFAULT_PRICING;
}

function priceTokens(modelId: string, inputTokens: number, outputTokens: number, byok: boolean): number {
  if (byok) return 0; // BYOK: the provider bills you; the gateway charges nothing.
  const p = pricingFor(modelId);
  return inputTokens * Number(p.input) + outputTokens * Number(p.output);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_request_error', 'Request body is not valid JSON');
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Text of a message's content (string or parts). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((p: any) => p && p.type === 'text' && typeof p.text === 'string')
    .map((p: any) => p.text)
    .join(' ')
    .trim();
}

function promptText(prompt: any[]): string {
  return prompt.map(m => textOf(m?.content)).join(' ');
}

function lastUserText(prompt: any[]): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    if (prompt[i]?.role === 'user') {
      const text = textOf(prompt[i].content);
      const files = Array.isArray(prompt[i].content)
        ? prompt[i].content.filter((p: any) => p?.type === 'file').length
        : 0;
      if (text || files) return text || `(${files} attached file${files === 1 ? '' : 's'})`;
    }
  }
  return '';
}

/** The value a tool returned, whatever the spec version's output shape. */
function toolResultValue(part: any): unknown {
  const output = part?.output ?? part?.result;
  if (output && typeof output === 'object' && 'type' in output && 'value' in output) return output.value;
  return output;
}

/** "city Paris, temperatureC 23" for a flat object; JSON otherwise. */
function describeValue(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => v === null || typeof v !== 'object')) {
      return entries.map(([k, v]) => `${k} ${String(v)}`).join(', ');
    }
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Plausible JSON arguments for a JSON schema, using words from the user's message where a string fits. */
function sampleArgs(schema: any, userText: string, key = ''): unknown {
  if (!schema || typeof schema !== 'object') return {};
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  for (const union of ['anyOf', 'oneOf']) {
    if (Array.isArray(schema[union]) && schema[union].length > 0) {
      const nonNull = schema[union].find((s: any) => s?.type !== 'null') ?? schema[union][0];
      return sampleArgs(nonNull, userText, key);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries<any>(schema.properties ?? {})) {
        out[name] = sampleArgs(sub, userText, name);
      }
      return out;
    }
    case 'string':
      return sampleString(key, schema, userText);
    case 'integer':
      return Math.max(Math.ceil(schema.minimum ?? 0), Math.min(3, schema.maximum ?? 3));
    case 'number':
      return Math.max(schema.minimum ?? 0, Math.min(42, schema.maximum ?? 42));
    case 'boolean':
      return true;
    case 'array':
      return [sampleArgs(schema.items ?? { type: 'string' }, userText, key)];
    default:
      return null;
  }
}

const KNOWN_PLACES = ['San Francisco', 'New York', 'London', 'Paris', 'Berlin', 'Tokyo', 'Sydney', 'Amsterdam'];

function sampleString(key: string, schema: any, userText: string): string {
  const k = key.toLowerCase();
  if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
  if (schema.format === 'date-time') return new Date().toISOString();
  if (/city|location|place|town|country/.test(k)) {
    const named = KNOWN_PLACES.find(p => userText.toLowerCase().includes(p.toLowerCase()));
    if (named) return named;
    const capitalised = userText.match(/\b(?:in|at|for|of) ([A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+)*)/);
    return capitalised?.[1] ?? 'San Francisco';
  }
  if (/unit/.test(k)) return 'celsius';
  if (/query|question|text|prompt|search|topic|input/.test(k)) return userText || 'hello';
  if (/email/.test(k)) return 'someone@example.com';
  if (/url|link/.test(k)) return 'https://example.com';
  if (/name/.test(k)) return 'Ada';
  return userText.split(/\s+/).slice(0, 4).join(' ') || 'example';
}

// ---------------------------------------------------------------------------------------
// embeddings: a hashed bag of words, L2-normalised, so related texts are close

const STOP_WORDS = new Set(
  'a an and are as at be by do does for from how i in is it of on or the to was were what when where which who why with you'.split(' '),
);

function embed(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(w => !STOP_WORDS.has(w));
  for (const word of words.length > 0 ? words : ['']) {
    const stem = word.length > 3 ? word.replace(/(ing|ed|es|s)$/, '') : word;
    const digest = createHash('sha256').update(stem).digest();
    for (let i = 0; i < 3; i++) {
      const index = digest.readUInt16BE(i * 2) % dimensions;
      const sign = digest[8 + i]! & 1 ? 1 : -1;
      vector[index]! += sign * (1 / (i + 1));
    }
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map(v => Number((v / norm).toFixed(6)));
}

// ---------------------------------------------------------------------------------------
// images: tiny real PNGs (a colour gradient seeded by the prompt)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function makePng(width: number, height: number, seed: string): Buffer {
  const digest = createHash('sha256').update(seed).digest();
  const [r1, g1, b1, r2, g2, b2] = digest;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const t = (x + y) / Math.max(1, width + height - 2);
      const ring = Math.hypot(x - width / 2, y - height / 2) % 16 < 2 ? 40 : 0;
      const o = row + 1 + x * 3;
      raw[o] = Math.min(255, Math.round(r1! * (1 - t) + r2! * t) + ring);
      raw[o + 1] = Math.min(255, Math.round(g1! * (1 - t) + g2! * t) + ring);
      raw[o + 2] = Math.min(255, Math.round(b1! * (1 - t) + b2! * t) + ring);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------
// the server

export async function startLocalGateway(options: LocalGatewayOptions = {}): Promise<LocalGateway> {
  const host = options.host ?? '127.0.0.1';
  const streamDelayMs = options.streamDelayMs ?? 15;
  const generations = new Map<string, GenerationRecord>();
  const responseCache = new Map<string, { expires: number; body: any }>();
  let rateLimitedCalls = 0;
  let spentUsd = 0;
  const decisionAndBatch = createDecisionAndBatchStandIn();

  function record(gen: Omit<GenerationRecord, 'id' | 'createdAt'> & { id?: string }): GenerationRecord {
    const full: GenerationRecord = {
      ...gen,
      cost: Number(gen.cost.toFixed(10)), // no floating-point dust in reported costs
      id: gen.id ?? newGenerationId(),
      createdAt: new Date(),
    };
    generations.set(full.id, full);
    spentUsd += full.cost;
    return full;
  }

  /** Apply the gateway routing options the way the hosted gateway would, as far as a stand-in can. */
  function route(modelId: string, gatewayOptions: any) {
    const modelProvider = modelId.split('/')[0] ?? 'unknown';
    const fallbacks: string[] = Array.isArray(gatewayOptions?.models) ? gatewayOptions.models : [];
    const notes: string[] = [];
    let servedModel = modelId;

    if (modelId === 'test/payment-required') {
      throw new HttpError(
        402,
        'payment_required',
        'Insufficient credits: your AI Gateway balance is $0.00. Top up credits or raise the budget to continue.',
      );
    }
    if (modelId === 'test/rate-limited') {
      rateLimitedCalls++;
      if (rateLimitedCalls % 2 === 1) {
        throw new HttpError(429, 'rate_limit_exceeded', 'Rate limit exceeded. Retry after 1 second.', {
          'retry-after': '1',
        });
      }
      notes.push('rate limit window passed');
    }
    if (modelId === 'test/unavailable') {
      const fallback = fallbacks.find(m => !m.startsWith('test/'));
      if (!fallback) {
        throw new HttpError(503, 'internal_server_error', 'All providers for test/unavailable are unavailable. Try again later.');
      }
      notes.push(`primary model unavailable, fell back to ${fallback}`);
      servedModel = fallback;
    } else if (fallbacks.length > 0) {
      notes.push(`fallback models available: ${fallbacks.join(', ')}`);
    }

    const servedProvider = servedModel.split('/')[0] ?? modelProvider;
    let provider = servedProvider;
    const only: string[] | undefined = gatewayOptions?.only;
    const order: string[] | undefined = gatewayOptions?.order;
    if (Array.isArray(order) && order.length > 0) {
      const allowed = Array.isArray(only) ? order.filter(p => only.includes(p)) : order;
      provider = allowed[0] ?? provider;
      notes.push(`order [${order.join(', ')}]`);
    }
    if (Array.isArray(only) && only.length > 0) {
      if (!only.includes(provider)) provider = only[0]!;
      notes.push(`only [${only.join(', ')}]`);
    }
    if (gatewayOptions?.sort) notes.push(`sorted candidates by ${gatewayOptions.sort}`);
    const byok = gatewayOptions?.byok && typeof gatewayOptions.byok === 'object' ? gatewayOptions.byok : undefined;
    const isByok = Boolean(byok && Array.isArray(byok[provider]) && byok[provider].length > 0);
    if (byok) notes.push(`byok credentials for [${Object.keys(byok).join(', ')}]${isByok ? ' (used)' : ''}`);
    if (gatewayOptions?.caching) notes.push(`prompt caching ${gatewayOptions.caching}`);
    if (gatewayOptions?.cacheControl) notes.push(`response cache-control "${gatewayOptions.cacheControl}"`);
    if (gatewayOptions?.user) notes.push(`user ${gatewayOptions.user}`);
    if (Array.isArray(gatewayOptions?.tags) && gatewayOptions.tags.length > 0) {
      notes.push(`tags [${gatewayOptions.tags.join(', ')}]`);
    }
    for (const key of Object.keys(gatewayOptions ?? {})) {
      if (!['order', 'only', 'models', 'sort', 'byok', 'caching', 'cacheControl', 'user', 'tags'].includes(key)) {
        notes.push(`${key}=${JSON.stringify(gatewayOptions[key])}`);
      }
    }
    return {
      servedModel,
      provider,
      isByok,
      user: typeof gatewayOptions?.user === 'string' ? gatewayOptions.user : undefined,
      tags: Array.isArray(gatewayOptions?.tags) ? (gatewayOptions.tags as string[]) : [],
      routing: {
        originalModelId: modelId,
        resolvedProvider: provider,
        resolvedProviderApiModelId: servedModel.split('/').slice(1).join('/'),
        fallbacksAvailable: fallbacks,
        planningReasoning: notes.length > 0 ? notes.join('; ') : 'default routing',
        finalProvider: provider,
        attempts: [{ provider, credentialType: isByok ? 'byok' : 'system', success: true }],
      },
    };
  }

  function cacheTtlSeconds(gatewayOptions: any): number {
    const cc = typeof gatewayOptions?.cacheControl === 'string' ? gatewayOptions.cacheControl : '';
    if (/no-cache|no-store/.test(cc)) return 0;
    const match = cc.match(/(?:s-)?max-age=(\d+)/);
    return match ? Number(match[1]) : 0;
  }

  // ---- language model ------------------------------------------------------------------

  async function languageModel(req: IncomingMessage, res: ServerResponse, pathSpec: Spec) {
    const spec = (Number(header(req, 'ai-language-model-specification-version')) || pathSpec) as Spec;
    const modelId = header(req, 'ai-language-model-id');
    if (!modelId) throw new HttpError(400, 'invalid_request_error', 'Missing ai-language-model-id header');
    const streaming = header(req, 'ai-language-model-streaming') === 'true';
    const body = await readJson(req);
    const prompt: any[] = Array.isArray(body.prompt) ? body.prompt : [];
    const gatewayOptions = body.providerOptions?.gateway ?? {};
    const started = Date.now();
    const plan = route(modelId, gatewayOptions);

    const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
    const toolChoice = body.toolChoice;
    const last = prompt[prompt.length - 1];
    const userText = lastUserText(prompt);
    const modelName = CATALOG.find(m => m.id === plan.servedModel)?.name ?? plan.servedModel;

    type Planned =
      | { kind: 'text'; text: string; gatewayTool?: { toolName: string; run: GatewayToolRun } }
      | { kind: 'tool'; toolName: string; input: string };
    let planned: Planned;
    const callableTools = tools.filter(t => t?.type === 'function' || t?.type === undefined);
    const wantTool =
      callableTools.length > 0 && last?.role !== 'tool' && toolChoice?.type !== 'none';
    // A gateway-executed tool (gateway.tools.*) runs here, in the same response, before the reply.
    const gatewayTool = last?.role !== 'tool' && toolChoice?.type !== 'none' ? findGatewayTool(tools) : undefined;
    if (gatewayTool) {
      const run = runGatewayTool(gatewayTool, userText, spec);
      planned = {
        kind: 'text',
        text: `I used ${gatewayTool.name}; ${run.summary}. (A canned reply from ${modelName}, served by the local gateway stand-in.)`,
        gatewayTool: { toolName: gatewayTool.name, run },
      };
    } else if (wantTool) {
      const tool =
        toolChoice?.type === 'tool'
          ? (callableTools.find(t => t.name === toolChoice.toolName) ?? callableTools[0])
          : callableTools[0];
      const schema = tool.inputSchema ?? tool.parameters ?? { type: 'object', properties: {} };
      planned = { kind: 'tool', toolName: tool.name, input: JSON.stringify(sampleArgs(schema, userText)) };
    } else if (last?.role === 'tool') {
      const results = (Array.isArray(last.content) ? last.content : []).filter((p: any) => p?.type === 'tool-result');
      const summary = results
        .map((p: any) => `${p.toolName} says ${describeValue(toolResultValue(p))}`)
        .join('; ');
      planned = {
        kind: 'text',
        text: `Here is what I found for "${userText}": ${summary || 'the tool returned nothing'}. (A canned reply from ${modelName}, served by the local gateway stand-in.)`,
      };
    } else if (body.responseFormat?.type === 'json') {
      // Structured output (generateObject, Output.object): JSON shaped by the requested schema.
      planned = { kind: 'text', text: JSON.stringify(sampleArgs(body.responseFormat.schema ?? {}, userText)) };
    } else {
      planned = {
        kind: 'text',
        text: `You said: "${userText}" This is a canned reply from ${modelName}, served by the local gateway stand-in.`,
      };
    }

    const inputTokens = countTokens(promptText(prompt) + (tools.length ? JSON.stringify(tools) : ''));
    const outputText = planned.kind === 'text' ? planned.text : planned.input;
    const outputTokens = countTokens(outputText);

    // Response caching (cacheControl: max-age=N): an identical request within N seconds is a hit.
    const ttl = cacheTtlSeconds(gatewayOptions);
    const cacheKey = ttl > 0 ? createHash('sha256').update(JSON.stringify([modelId, spec, prompt, tools])).digest('hex') : '';
    const cached = cacheKey ? responseCache.get(cacheKey) : undefined;
    const cacheHit = Boolean(cached && cached.expires > Date.now());

    const cachedInputTokens = gatewayOptions.caching === 'auto' && inputTokens > 8 ? Math.floor(inputTokens / 2) : 0;
    const cost = cacheHit ? 0 : priceTokens(plan.servedModel, inputTokens, outputTokens, plan.isByok);
    const gen = record({
      model: plan.servedModel,
      provider: plan.provider,
      kind: 'language',
      streamed: streaming,
      finishReason: planned.kind === 'tool' ? 'tool-calls' : 'stop',
      inputTokens,
      outputTokens,
      cost,
      latencyMs: 0,
      generationTimeMs: 0,
      isByok: plan.isByok,
      user: plan.user,
      tags: plan.tags,
    });
    if (cacheKey && !cacheHit) responseCache.set(cacheKey, { expires: Date.now() + ttl * 1000, body: null });

    const providerMetadata = {
      gateway: {
        routing: plan.routing,
        cost: formatUsd(cost),
        marketCost: formatUsd(priceTokens(plan.servedModel, inputTokens, outputTokens, false)),
        generationId: gen.id,
        ...(ttl > 0 ? { cache: cacheHit ? 'HIT' : 'MISS' } : {}),
      },
    };
    const finishRaw = planned.kind === 'tool' ? 'tool_calls' : 'stop';
    const finishUnified = planned.kind === 'tool' ? 'tool-calls' : 'stop';
    const finishReason = spec === 2 ? finishUnified : { unified: finishUnified, raw: finishRaw };
    const usage =
      spec === 2
        ? {
            inputTokens,
            outputTokens,
            totalTokens: inputTokens + outputTokens,
            reasoningTokens: 0,
            cachedInputTokens,
          }
        : {
            inputTokens: {
              total: inputTokens,
              noCache: inputTokens - cachedInputTokens,
              cacheRead: cachedInputTokens,
              cacheWrite: 0,
            },
            outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
          };
    const responseMeta = { id: gen.id, modelId: plan.servedModel, timestamp: new Date().toISOString() };
    const toolCallId = `call_${randomBytes(6).toString('hex')}`;
    const extraHeaders: Record<string, string> = { 'x-generation-id': gen.id };
    // The executed call and its result; `providerExecuted` on the result exists on spec v2 only.
    const gatewayToolParts = (executed?: { toolName: string; run: GatewayToolRun }) =>
      executed
        ? [
            { type: 'tool-call', toolCallId, toolName: executed.toolName, input: executed.run.input, providerExecuted: true },
            {
              type: 'tool-result',
              toolCallId,
              toolName: executed.toolName,
              result: executed.run.result,
              ...(spec === 2 ? { providerExecuted: true } : {}),
            },
          ]
        : [];
    if (ttl > 0) extraHeaders['x-vercel-cache'] = cacheHit ? 'HIT' : 'MISS';

    if (!streaming) {
      const content =
        planned.kind === 'text'
          ? [...gatewayToolParts(planned.gatewayTool), { type: 'text', text: planned.text }]
          : [{ type: 'tool-call', toolCallId, toolName: planned.toolName, input: planned.input }];
      gen.latencyMs = gen.generationTimeMs = Date.now() - started;
      sendJson(
        res,
        200,
        { content, finishReason, usage, warnings: [], providerMetadata, response: responseMeta },
        extraHeaders,
      );
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...extraHeaders,
    });
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const send = (part: unknown) => {
      if (!closed) res.write(`data: ${JSON.stringify(part)}\n\n`);
    };
    send({ type: 'stream-start', warnings: [] });
    send({ type: 'response-metadata', ...responseMeta });
    if (planned.kind === 'text') {
      if (planned.gatewayTool) {
        const { toolName, run } = planned.gatewayTool;
        send({ type: 'tool-input-start', id: toolCallId, toolName, providerExecuted: true });
        send({ type: 'tool-input-delta', id: toolCallId, delta: run.input });
        send({ type: 'tool-input-end', id: toolCallId });
        for (const part of gatewayToolParts(planned.gatewayTool)) send(part);
      }
      send({ type: 'text-start', id: 'txt-0' });
      const pieces = planned.text.match(/\S+\s*/g) ?? [planned.text];
      for (const piece of pieces) {
        if (closed) break;
        send({ type: 'text-delta', id: 'txt-0', delta: piece });
        if (!gen.latencyMs) gen.latencyMs = Date.now() - started;
        await sleep(streamDelayMs);
      }
      send({ type: 'text-end', id: 'txt-0' });
    } else {
      send({ type: 'tool-input-start', id: toolCallId, toolName: planned.toolName });
      for (const piece of planned.input.match(/.{1,12}/g) ?? []) {
        if (closed) break;
        send({ type: 'tool-input-delta', id: toolCallId, delta: piece });
        await sleep(streamDelayMs);
      }
      send({ type: 'tool-input-end', id: toolCallId });
      send({ type: 'tool-call', toolCallId, toolName: planned.toolName, input: planned.input });
    }
    send({ type: 'finish', finishReason, usage, providerMetadata });
    gen.generationTimeMs = Date.now() - started;
    res.end();
  }

  // ---- embedding model -----------------------------------------------------------------

  async function embeddingModel(req: IncomingMessage, res: ServerResponse) {
    const modelId = header(req, 'ai-model-id');
    if (!modelId) throw new HttpError(400, 'invalid_request_error', 'Missing ai-model-id header');
    const body = await readJson(req);
    const plan = route(modelId, body.providerOptions?.gateway);
    const values: string[] = Array.isArray(body.values)
      ? body.values
      : Array.isArray(body.input)
        ? body.input
        : typeof body.input === 'string'
          ? [body.input]
          : [];
    const dimensions = Number(body.dimensions) > 0 ? Math.min(Number(body.dimensions), 4096) : 64;
    const embeddings = values.map(v => embed(String(v), dimensions));
    const tokens = values.reduce((n, v) => n + countTokens(String(v)), 0);
    const cost = priceTokens(plan.servedModel, tokens, 0, plan.isByok);
    const gen = record({
      model: plan.servedModel,
      provider: plan.provider,
      kind: 'embedding',
      streamed: false,
      finishReason: 'stop',
      inputTokens: tokens,
      outputTokens: 0,
      cost,
      latencyMs: 1,
      generationTimeMs: 1,
      isByok: plan.isByok,
      user: plan.user,
      tags: plan.tags,
    });
    sendJson(res, 200, {
      embeddings,
      usage: { tokens },
      providerMetadata: { gateway: { cost: formatUsd(cost), generationId: gen.id, routing: plan.routing } },
    });
  }

  // ---- image model ---------------------------------------------------------------------

  async function imageModel(req: IncomingMessage, res: ServerResponse) {
    const modelId = header(req, 'ai-model-id');
    if (!modelId) throw new HttpError(400, 'invalid_request_error', 'Missing ai-model-id header');
    const body = await readJson(req);
    const plan = route(modelId, body.providerOptions?.gateway);
    const n = Math.min(Math.max(1, Number(body.n) || 1), 8);
    let width = 64;
    let height = 64;
    if (typeof body.size === 'string' && /^\d+x\d+$/.test(body.size)) {
      const [w, h] = body.size.split('x').map(Number);
      // Keep the stand-in's images small: scale the requested size down to at most 128 px.
      const scale = Math.min(1, 128 / Math.max(w!, h!));
      width = Math.max(1, Math.round(w! * scale));
      height = Math.max(1, Math.round(h! * scale));
    } else if (typeof body.aspectRatio === 'string' && /^\d+:\d+$/.test(body.aspectRatio)) {
      const [w, h] = body.aspectRatio.split(':').map(Number);
      width = Math.round((96 * w!) / Math.max(w!, h!));
      height = Math.round((96 * h!) / Math.max(w!, h!));
    }
    const prompt = typeof body.prompt === 'string' ? body.prompt : JSON.stringify(body.prompt ?? '');
    const images = Array.from({ length: n }, (_, i) =>
      makePng(width, height, `${prompt}#${body.seed ?? ''}#${i}`).toString('base64'),
    );
    const cost = plan.isByok ? 0 : n * IMAGE_PRICE_USD;
    const gen = record({
      model: plan.servedModel,
      provider: plan.provider,
      kind: 'image',
      streamed: false,
      finishReason: 'stop',
      inputTokens: countTokens(prompt),
      outputTokens: 0,
      cost,
      latencyMs: 1,
      generationTimeMs: 1,
      isByok: plan.isByok,
      user: plan.user,
      tags: plan.tags,
    });
    sendJson(res, 200, {
      images,
      warnings: [],
      providerMetadata: {
        gateway: {
          images: images.map((_, index) => ({ index, width, height })),
          cost: formatUsd(cost),
          generationId: gen.id,
        },
      },
    });
  }

  // ---- reranking, speech, transcription and video (spec v3+) ----------------------------

  const videoJobs = media.videoJobs();

  async function mediaModel(req: IncomingMessage, res: ServerResponse, endpoint: string, pathSpec: Spec) {
    const kind = endpoint.slice(0, endpoint.indexOf('-')) as 'reranking' | 'speech' | 'transcription' | 'video';
    const modelId = header(req, 'ai-model-id');
    if (!modelId) throw new HttpError(400, 'invalid_request_error', 'Missing ai-model-id header');
    const body = await readJson(req);
    const plan = route(modelId, body.providerOptions?.gateway);
    const context: media.MediaContext = {
      body,
      modelId,
      spec: Number(header(req, `ai-${kind}-model-specification-version`)) || pathSpec,
      plan,
      formatUsd,
      record: (recordKind, cost) =>
        record({
          model: plan.servedModel,
          provider: plan.provider,
          kind: recordKind,
          streamed: false,
          finishReason: 'stop',
          inputTokens: 0,
          outputTokens: 0,
          cost,
          latencyMs: 1,
          generationTimeMs: 1,
          isByok: plan.isByok,
          user: plan.user,
          tags: plan.tags,
        }).id,
    };
    if (endpoint === 'reranking-model') return sendJson(res, 200, media.rerank(context));
    if (endpoint === 'speech-model') return sendJson(res, 200, media.speech(context));
    if (endpoint === 'transcription-model') return sendJson(res, 200, media.transcription(context));
    if (endpoint === 'video-model/start') return sendJson(res, 200, videoJobs.start(context));
    if (endpoint === 'video-model/status') {
      const status = videoJobs.status(context);
      if (!status) throw new HttpError(404, 'not_found', 'No video job with that operation; start one first.');
      return sendJson(res, 200, status);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(media.video(context));
  }

  // ---- catalog and account -------------------------------------------------------------

  function config(res: ServerResponse, spec: Spec) {
    sendJson(res, 200, {
      models: CATALOG.map(m => {
        const provider = m.id.split('/')[0];
        return {
          id: m.id,
          name: m.name,
          description: m.description,
          ...(m.pricing ? { pricing: m.pricing } : {}),
          specification: { specificationVersion: `v${spec}`, provider, modelId: m.id },
          modelType: m.modelType,
        };
      }),
    });
  }

  function credits(res: ServerResponse) {
    sendJson(res, 200, {
      balance: Math.max(0, STARTING_CREDITS_USD - spentUsd).toFixed(6).replace(/0{1,4}$/, ''),
      total_used: spentUsd.toFixed(6).replace(/0{1,4}$/, ''),
    });
  }

  function generation(res: ServerResponse, url: URL) {
    const id = url.searchParams.get('id') ?? '';
    const gen = generations.get(id);
    if (!gen) throw new HttpError(404, 'not_found', `Generation ${id || '(no id)'} not found`);
    sendJson(res, 200, {
      data: {
        id: gen.id,
        total_cost: gen.cost,
        market_cost: priceTokens(gen.model, gen.inputTokens, gen.outputTokens, false),
        upstream_inference_cost: gen.cost,
        usage: gen.cost,
        created_at: gen.createdAt.toISOString(),
        model: gen.model,
        is_byok: gen.isByok,
        provider_name: gen.provider,
        streamed: gen.streamed,
        finish_reason: gen.finishReason,
        latency: gen.latencyMs,
        generation_time: gen.generationTimeMs,
        native_tokens_prompt: gen.inputTokens,
        native_tokens_completion: gen.outputTokens,
        native_tokens_reasoning: 0,
        native_tokens_cached: 0,
        native_tokens_cache_creation: 0,
        billable_web_search_calls: 0,
      },
    });
  }

  function report(res: ServerResponse, url: URL) {
    const q = url.searchParams;
    const start = q.get('start_date');
    const end = q.get('end_date');
    if (!start || !end) {
      throw new HttpError(400, 'invalid_request_error', 'start_date and end_date are required (YYYY-MM-DD)');
    }
    const groupBy = q.get('group_by') ?? 'day';
    const datePart = q.get('date_part') ?? 'day';
    const tags = q.get('tags')?.split(',').filter(Boolean);
    const rows = new Map<string, any>();
    for (const gen of generations.values()) {
      const day = gen.createdAt.toISOString().slice(0, 10);
      if (day < start || day > end) continue;
      if (q.get('user_id') && gen.user !== q.get('user_id')) continue;
      if (q.get('model') && gen.model !== q.get('model')) continue;
      if (q.get('provider') && gen.provider !== q.get('provider')) continue;
      const credentialType = gen.isByok ? 'byok' : 'system';
      if (q.get('credential_type') && credentialType !== q.get('credential_type')) continue;
      if (tags && !tags.some(t => gen.tags.includes(t))) continue;
      const keys: Array<[string, Record<string, string>]> = [];
      switch (groupBy) {
        case 'user':
          keys.push([`u:${gen.user ?? 'anonymous'}`, { user: gen.user ?? 'anonymous' }]);
          break;
        case 'model':
          keys.push([`m:${gen.model}`, { model: gen.model }]);
          break;
        case 'provider':
          keys.push([`p:${gen.provider}`, { provider: gen.provider }]);
          break;
        case 'credential_type':
          keys.push([`c:${credentialType}`, { credential_type: credentialType }]);
          break;
        case 'tag':
          for (const tag of gen.tags.length > 0 ? gen.tags : ['(untagged)']) keys.push([`t:${tag}`, { tag }]);
          break;
        default:
          if (datePart === 'hour') {
            const hour = `${gen.createdAt.toISOString().slice(0, 13)}:00:00Z`;
            keys.push([`h:${hour}`, { day, hour }]);
          } else {
            keys.push([`d:${day}`, { day }]);
          }
      }
      for (const [key, fields] of keys) {
        const row = rows.get(key) ?? {
          ...fields,
          total_cost: 0,
          market_cost: 0,
          input_tokens: 0,
          output_tokens: 0,
          cached_input_tokens: 0,
          cache_creation_input_tokens: 0,
          reasoning_tokens: 0,
          request_count: 0,
        };
        row.total_cost += gen.cost;
        row.market_cost += priceTokens(gen.model, gen.inputTokens, gen.outputTokens, false);
        row.input_tokens += gen.inputTokens;
        row.output_tokens += gen.outputTokens;
        row.request_count += 1;
        rows.set(key, row);
      }
    }
    sendJson(res, 200, { results: [...rows.values()] });
  }

  // ---- routing -------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && (path === '' || path === '/health')) {
      sendJson(res, 200, { ok: true, name: 'modelgate local gateway stand-in' });
      return;
    }
    const auth = header(req, 'authorization');
    if (!auth || !/^Bearer\s+\S+/i.test(auth)) {
      throw new HttpError(
        401,
        'authentication_error',
        'Missing or malformed Authorization header (expected "Bearer <token>"); any token works with the local gateway.',
      );
    }
    const v4Only = req.method === 'POST' ? path.match(/^\/(?:v1|v3|v4)\/ai\/(decision-model|batch\/\w+)$/) : null;
    if (v4Only) {
      const answer = decisionAndBatch.answer(v4Only[1]!, (name) => header(req, name), await readJson(req));
      if (answer?.jsonLines) {
        res.writeHead(answer.status, { 'content-type': 'application/x-ndjson' });
        res.end((answer.body as unknown[]).map((line) => `${JSON.stringify(line)}\n`).join(''));
        return;
      }
      if (answer) return sendJson(res, answer.status, answer.body);
    }
    const ai = path.match(
      /^\/(v1|v3|v4)\/ai\/(language-model|embedding-model|image-model|config|reranking-model|speech-model|transcription-model|video-model(?:\/start|\/status)?)$/,
    );
    if (ai) {
      const spec: Spec = ai[1] === 'v1' ? 2 : ai[1] === 'v3' ? 3 : 4;
      const endpoint = ai[2];
      if (endpoint === 'config' && req.method === 'GET') return config(res, spec);
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_request_error', `${req.method} not allowed`);
      if (endpoint === 'language-model') return languageModel(req, res, spec);
      if (endpoint === 'embedding-model') return embeddingModel(req, res);
      if (endpoint === 'image-model') return imageModel(req, res);
      return mediaModel(req, res, endpoint!, spec);
    }
    if (req.method === 'GET' && path === '/v1/credits') return credits(res);
    if (req.method === 'GET' && path === '/v1/generation') return generation(res, url);
    if (req.method === 'GET' && path === '/v1/report') return report(res, url);
    throw new HttpError(404, 'not_found', `No route for ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    options.onRequest?.({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    if (options.log) {
      res.on('finish', () => {
        process.stderr.write(
          `[local-gateway] ${req.method} ${req.url} ${header(req, 'ai-language-model-id') ?? header(req, 'ai-model-id') ?? ''} → ${res.statusCode} (${Date.now() - started} ms)\n`,
        );
      });
    }
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(
          res,
          error.status,
          {
            error: { message: error.message, type: error.type, ...(error.param ? { param: error.param } : {}) },
            generationId: newGenerationId(),
          },
          error.headers,
        );
      } else {
        sendJson(res, 500, {
          error: { message: error instanceof Error ? error.message : String(error), type: 'internal_server_error' },
        });
      }
    });
  });
  // Keep-alive sockets would hold close() open; the examples want a prompt exit.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    origin,
    baseURL(version = 'v2') {
      return `${origin}/${version === 'v2' ? 'v1' : version}/ai`;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

// `tsx examples/local-gateway.ts [port]`: run until interrupted.
const isMain = process.argv[1] != null && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 0) || 0;
  const gateway = await startLocalGateway({ port, log: true });
  console.log(`Local AI Gateway stand-in listening at ${gateway.origin}`);
  console.log(`  AI_GATEWAY_BASE_URL=${gateway.baseURL('v2')}   (ai 5; ${gateway.baseURL('v3')} for ai 6, ${gateway.baseURL('v4')} for ai 7)`);
  console.log('  any bearer token is accepted, e.g. AI_GATEWAY_API_KEY=local');
  const stop = () => {
    void gateway.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
