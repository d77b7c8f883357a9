import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import type { LanguageModelV2GenerateResult } from '../../src/protocol/spec-conversions';

/** Freezes a value deeply, so any mutation by the code under test throws (ES modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || value instanceof URL) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}

export const png = new Uint8Array([137, 80, 78, 71]);
export const pdf = new Uint8Array([37, 80, 68, 70]);
export const pngUrl = new URL('https://files.test/cat.png');
export const pdfUrl = new URL('https://files.test/doc.pdf');
const cache = { anthropic: { cacheControl: { type: 'ephemeral' } } };

/** Every V2 prompt part and call option, once. */
export const v2CallOptions = deepFreeze<V2.LanguageModelV2CallOptions>({
  prompt: [
    { role: 'system', content: 'Be brief.', providerOptions: cache },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these?', providerOptions: cache },
        { type: 'file', data: png, mediaType: 'image/png', filename: 'cat.png' },
        { type: 'file', data: pdfUrl, mediaType: 'application/pdf' },
        { type: 'file', data: 'JVBERg==', mediaType: 'application/pdf' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Look it up.', providerOptions: { anthropic: { signature: 'sig' } } },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: { city: 'Paris' } },
        { type: 'tool-call', toolCallId: 'c2', toolName: 'web_search', input: { q: 'cats' }, providerExecuted: true },
        {
          type: 'tool-result',
          toolCallId: 'c2',
          toolName: 'web_search',
          output: { type: 'json', value: { hits: [1, 2] } },
        },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c1',
          toolName: 'weather',
          output: {
            type: 'content',
            value: [
              { type: 'text', text: 'Sunny' },
              { type: 'media', data: 'iVBORw==', mediaType: 'image/png' },
              { type: 'media', data: 'JVBERg==', mediaType: 'application/pdf' },
            ],
          },
        },
        { type: 'tool-result', toolCallId: 'c3', toolName: 't', output: { type: 'text', value: 'ok' } },
        { type: 'tool-result', toolCallId: 'c4', toolName: 't', output: { type: 'error-text', value: 'boom' } },
        { type: 'tool-result', toolCallId: 'c5', toolName: 't', output: { type: 'error-json', value: { code: 1 } } },
      ],
      providerOptions: { openai: { store: false } },
    },
  ],
  maxOutputTokens: 100,
  temperature: 0.3,
  stopSequences: ['END'],
  topP: 0.9,
  topK: 40,
  presencePenalty: 0.1,
  frequencyPenalty: 0.2,
  responseFormat: { type: 'json', schema: { type: 'object', properties: { a: { type: 'string' } } }, name: 'answer' },
  seed: 7,
  tools: [
    {
      type: 'function',
      name: 'weather',
      description: 'Weather by city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
      providerOptions: { openai: { strict: true } },
    },
    { type: 'provider-defined', id: 'openai.web_search', name: 'web_search', args: { searchContextSize: 'low' } },
  ],
  toolChoice: { type: 'tool', toolName: 'weather' },
  includeRawChunks: true,
  headers: { 'x-trace': 'abc' },
  providerOptions: { gateway: { order: ['vertex', 'anthropic'] } },
});

/** Every V3 prompt part, output and content item in the forms that survive V3 → V4 → V3 exactly. */
export const v3CallOptions = deepFreeze<V3.LanguageModelV3CallOptions>({
  prompt: [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Hi', providerOptions: cache },
        { type: 'file', data: png, mediaType: 'image/png', providerOptions: cache },
        {
          type: 'file',
          data: new URL('gs://bucket/a%20b.pdf'),
          mediaType: 'application/pdf',
          originalUrl: 'gs://bucket/a b.pdf',
        },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Think.' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { id: 1 } },
        { type: 'file', data: 'iVBORw==', mediaType: 'image/png' },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'c1',
          toolName: 'lookup',
          output: {
            type: 'content',
            value: [
              { type: 'text', text: 'Found', providerOptions: cache },
              {
                type: 'file-data',
                data: 'JVBERg==',
                mediaType: 'application/pdf',
                filename: 'doc.pdf',
                providerOptions: cache,
              },
              { type: 'file-url', url: 'https://files.test/doc.pdf', mediaType: 'application/pdf' },
              { type: 'file-id', fileId: { openai: 'file-abc' } },
              { type: 'image-data', data: 'iVBORw==', mediaType: 'image/png' },
              { type: 'image-url', url: 'https://files.test/cat.png' },
              { type: 'image-file-id', fileId: { anthropic: 'file_01' } },
              { type: 'custom', providerOptions: { anthropic: { kind: 'x' } } },
            ],
          },
          providerOptions: cache,
        },
        {
          type: 'tool-result',
          toolCallId: 'c2',
          toolName: 'lookup',
          output: { type: 'execution-denied', reason: 'Not allowed', providerOptions: cache },
        },
        {
          type: 'tool-result',
          toolCallId: 'c3',
          toolName: 'lookup',
          output: { type: 'json', value: { a: [1] }, providerOptions: cache },
        },
        { type: 'tool-approval-response', approvalId: 'a1', approved: true, reason: 'fine' },
      ],
    },
  ],
  tools: [
    {
      type: 'function',
      name: 'lookup',
      inputSchema: { type: 'object' },
      inputExamples: [{ input: { id: 1 } }],
      strict: true,
      providerOptions: cache,
    },
    { type: 'provider', id: 'anthropic.web_search_20250305', name: 'web_search', args: { maxUses: 2 } },
  ],
  toolChoice: { type: 'required' },
  responseFormat: { type: 'text' },
  providerOptions: { gateway: { only: ['anthropic'] } },
});

export const v2Usage: V2.LanguageModelV2Usage = {
  inputTokens: 12,
  outputTokens: 30,
  totalTokens: 45,
  reasoningTokens: 10,
  cachedInputTokens: 4,
};

export const v2GenerateResult = deepFreeze<LanguageModelV2GenerateResult>({
  content: [
    { type: 'reasoning', text: 'Thinking', providerMetadata: { anthropic: { signature: 'sig' } } },
    { type: 'text', text: 'Hello', providerMetadata: { openai: { itemId: 'i1' } } },
    { type: 'file', mediaType: 'image/png', data: png },
    { type: 'file', mediaType: 'image/png', data: 'iVBORw==' },
    { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com', title: 'Example' },
    { type: 'source', sourceType: 'document', id: 's2', mediaType: 'application/pdf', title: 'Doc', filename: 'd.pdf' },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{"city":"Paris"}' },
    { type: 'tool-call', toolCallId: 'c2', toolName: 'web_search', input: '{}', providerExecuted: true },
    { type: 'tool-result', toolCallId: 'c2', toolName: 'web_search', result: { hits: 2 }, providerExecuted: true },
    {
      type: 'tool-result',
      toolCallId: 'c3',
      toolName: 'code',
      result: 'failed',
      isError: true,
      providerExecuted: true,
    },
  ],
  finishReason: 'tool-calls',
  usage: v2Usage,
  providerMetadata: { gateway: { cost: '0.001', generationId: 'gen_1' } },
  request: { body: { sent: true } },
  response: {
    id: 'r1',
    modelId: 'm1',
    timestamp: new Date('2026-01-02T03:04:05.000Z'),
    headers: { 'x-a': 'b' },
    body: { raw: 1 },
  },
  warnings: [
    { type: 'unsupported-setting', setting: 'topK', details: 'not here' },
    { type: 'other', message: 'note' },
  ],
});

export const v3GenerateResult = deepFreeze<V3.LanguageModelV3GenerateResult>({
  content: [
    { type: 'text', text: 'Hi', providerMetadata: { openai: { itemId: 'i1' } } },
    { type: 'reasoning', text: 'R' },
    { type: 'file', mediaType: 'image/png', data: png, providerMetadata: { google: { thought: false } } },
    { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com' },
    { type: 'tool-call', toolCallId: 'c1', toolName: 'mcp', input: '{}', providerExecuted: true, dynamic: true },
    { type: 'tool-approval-request', approvalId: 'a1', toolCallId: 'c1' },
    { type: 'tool-result', toolCallId: 'c0', toolName: 'web', result: { ok: true }, dynamic: true },
  ],
  finishReason: { unified: 'stop', raw: 'end_turn' },
  usage: {
    inputTokens: { total: 10, noCache: 6, cacheRead: 3, cacheWrite: 1 },
    outputTokens: { total: 20, text: 15, reasoning: 5 },
    raw: { input_tokens: 10 },
  },
  providerMetadata: { anthropic: { container: null } },
  response: { id: 'r1', timestamp: new Date('2026-01-02T03:04:05.000Z') },
  warnings: [
    { type: 'unsupported', feature: 'topK', details: 'ignored' },
    { type: 'compatibility', feature: 'search', details: 'emulated' },
    { type: 'other', message: 'note' },
  ],
});

const citedSource: V4.LanguageModelV4Source = {
  type: 'source',
  sourceType: 'url',
  id: 'cite-1',
  url: 'https://cited.test',
};

export const v4GenerateResult = deepFreeze<V4.LanguageModelV4GenerateResult>({
  content: [
    { type: 'source', sourceType: 'url', id: 'cite-2', url: 'https://known.test' },
    {
      type: 'text',
      text: 'Cats sleep a lot.',
      citations: [
        { source: citedSource, startIndex: 0, citedText: 'Cats' },
        { source: citedSource, startIndex: 5 },
        { source: { type: 'source', sourceType: 'url', id: 'cite-2', url: 'https://known.test' } },
      ],
    },
    { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: png } },
    { type: 'custom', kind: 'openai.compaction' },
    { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
    { type: 'file', mediaType: 'image/png', data: { type: 'url', url: pngUrl } },
    {
      type: 'tool-result',
      toolCallId: 'c1',
      toolName: 'web',
      result: { list: [1, 2] },
      providerMetadata: { x: { tags: ['a'] } },
    },
  ],
  structuredOutputText: '{"a":1}',
  finishReason: { unified: 'interrupted', raw: undefined },
  usage: {
    inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 7, text: 7, reasoning: 0 },
    raw: { totalTokens: 13, list: [1] },
  },
  request: { url: 'https://api.test/v1', body: { q: 1 } },
  warnings: [
    { type: 'deprecated', setting: 'providerOptions.openai.reasoningEffort', message: 'Use `reasoning` instead.' },
    { type: 'unsupported', feature: 'seed' },
  ],
});
