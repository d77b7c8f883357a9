/**
 * `gateway.tools` through the real `ai` of each major, beside the public client of the same
 * major: ai 5 with `modelgate` and @ai-sdk/gateway 2.x (two tools), ai 6 with `modelgate/v3`
 * and 3.x, ai 7 with `modelgate/v4` and 4.x (eight tools). For every tool: the same tools array
 * on the wire, the gateway's provider-executed call and result coming back through `ai` as
 * they do with the public client, the input schema applied to the model's input, and the
 * output schema applied by `validateUIMessages`.
 */
import { createGateway as createPublicV2 } from '@ai-sdk/gateway';
import * as ai5 from 'ai';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import { createGateway as createPublicV3 } from 'gateway-v3';
import { createGateway as createPublicV4 } from 'gateway-v4';
import { describe, expect, it } from 'vitest';
import {
  createGateway as createV2,
  type BrowserbaseFetchConfig,
  type BrowserbaseSearchConfig,
  type DeepSeekFetchConfig,
  type DeepSeekSearchConfig,
  type ExaSearchConfig,
  type ParallelSearchConfig,
  type ParallelSearchConfigV2,
  type PerplexitySearchConfig,
  type TakoSearchConfig,
  type TakoSearchConfigV4,
} from '../src';
import { createGateway as createV3 } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';
import { json, mockGateway, sse } from './support/mock-gateway';

const gateway = mockGateway();
const ORIGIN = 'https://gateway.test';

/** One tool's test data: what the developer configures, what the model sends, what the gateway returns. */
interface ToolCase {
  config: object;
  input: unknown;
  output: unknown;
  /** Input the tool's input schema rejects. */
  badInput: unknown;
  /** Output the tool's output schema rejects. */
  badOutput: unknown;
  /** An error result the tool's output schema accepts. */
  errorOutput: unknown;
}

const browserbaseFetch = {
  config: { allowRedirects: true, format: 'markdown', schema: { type: 'object' } } satisfies BrowserbaseFetchConfig,
  input: { url: 'https://example.com/docs', format: 'markdown', allow_redirects: true },
  output: {
    id: 'bb_f1',
    content: '# Docs\nHello.',
    contentType: 'text/markdown',
    encoding: 'utf-8',
    headers: { 'content-type': 'text/html' },
    statusCode: 200,
  },
  badInput: { url: 'not a url' },
  badOutput: { id: 'bb_f1', content: 42 },
  errorOutput: { error: 'execution_error', message: 'Fetch failed', statusCode: 502 },
};
const browserbaseSearch = {
  config: { numResults: 3 } satisfies BrowserbaseSearchConfig,
  input: { query: 'modelgate ai sdk', num_results: 3 },
  output: {
    query: 'modelgate ai sdk',
    requestId: 'bb_s1',
    results: [{ id: 'r1', title: 'modelgate', url: 'https://example.com/modelgate', publishedDate: '2026-01-02' }],
  },
  badInput: { query: 'x'.repeat(201) },
  badOutput: { query: 'q', results: [] },
  errorOutput: { error: 'rate_limit', message: 'Slow down', statusCode: 429 },
};
const deepseekFetch = {
  config: { url: 'https://example.com/pinned' } satisfies DeepSeekFetchConfig,
  input: { url: 'https://example.com/pinned' },
  output: { title: 'Pinned', content: '# Pinned page', fetched_at: '2026-01-01' },
  badInput: { href: 'https://example.com' },
  badOutput: { title: 'No content' },
  errorOutput: { error: 'gateway_rate_limit', message: 'Try later', retryAfter: '3', upstream: 'deepseek' },
};
const deepseekSearch = {
  config: { count: 5, needContent: true, localization: '203.0.113.7' } satisfies DeepSeekSearchConfig,
  input: { query: 'gateway tools', count: 5, need_content: true, ori_question: null },
  output: {
    results: [{ title: 'Gateway tools', url: 'https://example.com/t', snippet: 'Tools…', rerank_score: 0.91, lang: 'en' }],
  },
  badInput: { query: 'gateway tools', count: 2.5 },
  badOutput: { results: [{ title: 7 }] },
  errorOutput: { error: 'unknown_tool', message: 'No such tool' },
};
const exaSearch = {
  config: {
    type: 'fast',
    numResults: 2,
    category: 'news',
    contents: { text: { maxCharacters: 500, includeSections: ['body'] }, highlights: true, maxAgeHours: 24 },
  } satisfies ExaSearchConfig,
  input: {
    query: 'ai gateway news',
    type: 'fast',
    num_results: 2,
    contents: { text: { max_characters: 500, include_sections: ['body'] }, highlights: { query: 'gateway' } },
  },
  output: {
    requestId: 'exa_1',
    resolvedSearchType: 'fast',
    results: [
      {
        title: 'Gateway news',
        url: 'https://example.com/n',
        id: 'n1',
        publishedDate: null,
        text: 'News text',
        highlights: ['gateway'],
        highlightScores: [0.8],
        extras: { links: ['https://example.com/a'] },
      },
    ],
    costDollars: { total: 0.005, search: { fast: 0.005 } },
  },
  badInput: { query: 'x', category: 'videos' },
  badOutput: { requestId: 'exa_1', results: [{ title: 't', url: 'u' }] },
  errorOutput: { error: 'configuration_error', message: 'No Exa key' },
};
const parallelSearch = {
  config: {
    mode: 'fast',
    maxResults: 5,
    sourcePolicy: { includeDomains: ['example.com'], afterDate: '2026-01-01' },
    maxCharsTotal: 4000,
    fetchPolicy: { maxAgeSeconds: 600, disableCacheFallback: true },
    location: 'us',
  } satisfies ParallelSearchConfig,
  input: { objective: 'Find gateway docs', search_queries: ['ai gateway docs'], mode: 'fast', max_chars_total: 4000 },
  output: {
    search_id: 'ps_1',
    results: [{ url: 'https://example.com/docs', title: null, excerpts: ['Docs excerpt'] }],
    usage: [{ name: 'sku_search', count: 1 }],
  },
  badInput: { objective: 'Find gateway docs', mode: 'deep' },
  badOutput: { search_id: 'ps_1', results: [{ url: 'https://example.com', excerpts: 'one' }] },
  errorOutput: { error: 'timeout', message: 'Timed out', statusText: 'Gateway Timeout' },
};
/** @ai-sdk/gateway 2.x's parallel search: fewer modes, another result shape. */
const parallelSearchV2 = {
  config: { mode: 'agentic', maxResults: 5, excerpts: { maxCharsPerResult: 500 } } satisfies ParallelSearchConfigV2,
  input: { objective: 'Find gateway docs', mode: 'agentic' },
  output: {
    searchId: 'ps_1',
    results: [{ url: 'https://example.com/docs', title: 'Docs', excerpt: 'Docs excerpt', relevanceScore: 0.7 }],
  },
  // `fast` is a 3.x mode; 2.x's schema rejects it.
  badInput: { objective: 'Find gateway docs', mode: 'fast' },
  badOutput: { search_id: 'ps_1', results: [{ url: 'https://example.com/docs', excerpts: ['Docs excerpt'] }] },
  errorOutput: { error: 'configuration_error', message: 'No Parallel key' },
};
const perplexitySearch = {
  config: { maxResults: 5, searchRecencyFilter: 'week', searchDomainFilter: ['-spam.example'] } satisfies PerplexitySearchConfig,
  input: { query: ['ai gateway', 'model routing'], max_results: 5, search_recency_filter: 'week' },
  output: {
    results: [{ title: 'AI Gateway', url: 'https://example.com/g', snippet: 'One endpoint…', date: '2026-01-02' }],
    id: 'pplx_1',
  },
  badInput: { query: 42 },
  badOutput: { results: [{ title: 'AI Gateway', url: 'https://example.com/g' }], id: 'pplx_1' },
  // Perplexity's error codes are narrower than the other tools'.
  errorOutput: { error: 'invalid_input', message: 'Bad query', statusCode: 400 },
};
const takoOutput = {
  request_id: 'tako_1',
  cards: [
    {
      card_id: 'c1',
      title: 'US GDP',
      relevance: 'High',
      content: {
        content_format: 'csv',
        data: 'year,gdp\n2025,30',
        export_pricing: { baseline_usd: 0, free_rows: 100, max_rows_ceiling: 1000, row_cpm_usd: 1 },
      },
    },
  ],
  web_results: [{ title: 'GDP news', url: 'https://example.com/gdp', snippet: 'GDP grew' }],
  usage: { total_cost_usd: 0.01, compute: { cost_usd: 0.01 } },
};
const takoSearch = {
  config: { effort: 'fast', sources: { web: { count: 3, includeDomains: ['example.com'] } }, countryCode: 'US' } satisfies TakoSearchConfig,
  input: { query: 'US GDP 2025', effort: 'fast', sources: { data: { count: 2, include_contents: true } } },
  output: takoOutput,
  badInput: { query: 'US GDP', location: { latitude: 'north' } },
  badOutput: { cards: [] },
  errorOutput: { error: 'api_error', message: 'Tako is down', statusCode: 503 },
};
const takoSearchV4 = {
  ...takoSearch,
  config: { ...takoSearch.config, variableCost: true, maxVariableCostUsd: 0.5, extraBody: { debug: true } } satisfies TakoSearchConfigV4,
};

/** The factories of `gateway.tools` (2.x's two), returning one major's tool type `T`. */
interface FactoriesV2<T> {
  parallelSearch(config: ParallelSearchConfigV2): T;
  perplexitySearch(config: PerplexitySearchConfig): T;
}
/** The factories of `gateway.tools` (the eight of 3.x and 4.x), returning one major's tool type `T`. */
interface Factories<T, TakoConfig = TakoSearchConfig> {
  browserbaseFetch(config: BrowserbaseFetchConfig): T;
  browserbaseSearch(config: BrowserbaseSearchConfig): T;
  deepseekFetch(config: DeepSeekFetchConfig): T;
  deepseekSearch(config: DeepSeekSearchConfig): T;
  exaSearch(config: ExaSearchConfig): T;
  parallelSearch(config: ParallelSearchConfig): T;
  perplexitySearch(config: PerplexitySearchConfig): T;
  takoSearch(config: TakoConfig): T;
}

/** A case and how to make its tool from any major's factories. */
type Case<F> = ToolCase & { make<T>(tools: F extends 'v2' ? FactoriesV2<T> : F extends 'v4' ? Factories<T, TakoSearchConfigV4> : Factories<T>): T };

const v2Cases: Record<keyof FactoriesV2<unknown>, Case<'v2'>> = {
  parallelSearch: { ...parallelSearchV2, make: (tools) => tools.parallelSearch(parallelSearchV2.config) },
  perplexitySearch: { ...perplexitySearch, make: (tools) => tools.perplexitySearch(perplexitySearch.config) },
};
const v3Cases: Record<keyof Factories<unknown>, Case<'v3'>> = {
  browserbaseFetch: { ...browserbaseFetch, make: (tools) => tools.browserbaseFetch(browserbaseFetch.config) },
  browserbaseSearch: { ...browserbaseSearch, make: (tools) => tools.browserbaseSearch(browserbaseSearch.config) },
  deepseekFetch: { ...deepseekFetch, make: (tools) => tools.deepseekFetch(deepseekFetch.config) },
  deepseekSearch: { ...deepseekSearch, make: (tools) => tools.deepseekSearch(deepseekSearch.config) },
  exaSearch: { ...exaSearch, make: (tools) => tools.exaSearch(exaSearch.config) },
  parallelSearch: { ...parallelSearch, make: (tools) => tools.parallelSearch(parallelSearch.config) },
  perplexitySearch: { ...perplexitySearch, make: (tools) => tools.perplexitySearch(perplexitySearch.config) },
  takoSearch: { ...takoSearch, make: (tools) => tools.takoSearch(takoSearch.config) },
};
const v4Cases: Record<keyof Factories<unknown>, Case<'v4'>> = {
  ...v3Cases,
  takoSearch: { ...takoSearchV4, make: (tools) => tools.takoSearch(takoSearchV4.config) },
};

// ---------------------------------------------------------------------------------------
// responses as the gateway sends them, in the caller's spec shape

const V2_USAGE = { inputTokens: 5, outputTokens: 4, totalTokens: 9 };
const V3_USAGE = {
  inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 4, text: 4, reasoning: 0 },
};
const RESPONSE = { id: 'gen_t1', modelId: 'openai/gpt-5.4', timestamp: '2026-11-21T10:00:00.000Z' };

/** The model called the gateway's tool; the gateway ran it and the model answered. */
function toolContent(version: 'v2' | 'v3' | 'v4', input: unknown, result: unknown) {
  const executed = version === 'v2' ? { providerExecuted: true } : {};
  return [
    { type: 'tool-call', toolCallId: 'call_1', toolName: 'search', input: JSON.stringify(input), providerExecuted: true },
    { type: 'tool-result', toolCallId: 'call_1', toolName: 'search', result, ...executed },
    { type: 'text', text: 'Here is what I found.' },
  ];
}

function generateBody(version: 'v2' | 'v3' | 'v4', content: unknown[]) {
  return {
    content,
    finishReason: version === 'v2' ? 'stop' : { unified: 'stop', raw: 'stop' },
    usage: version === 'v2' ? V2_USAGE : V3_USAGE,
    warnings: [],
    providerMetadata: { gateway: { cost: '0.0003', generationId: 'gen_t1' } },
    response: RESPONSE,
  };
}

function streamBody(version: 'v2' | 'v3' | 'v4', input: unknown, result: unknown) {
  const executed = version === 'v2' ? { providerExecuted: true } : {};
  const text = JSON.stringify(input);
  return [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', ...RESPONSE },
    { type: 'tool-input-start', id: 'call_1', toolName: 'search', providerExecuted: true },
    { type: 'tool-input-delta', id: 'call_1', delta: text.slice(0, 10) },
    { type: 'tool-input-delta', id: 'call_1', delta: text.slice(10) },
    { type: 'tool-input-end', id: 'call_1' },
    { type: 'tool-call', toolCallId: 'call_1', toolName: 'search', input: text, providerExecuted: true },
    { type: 'tool-result', toolCallId: 'call_1', toolName: 'search', result, ...executed },
    { type: 'text-start', id: 't1' },
    { type: 'text-delta', id: 't1', delta: 'Found it.' },
    { type: 'text-end', id: 't1' },
    {
      type: 'finish',
      finishReason: version === 'v2' ? 'stop' : { unified: 'stop', raw: 'stop' },
      usage: version === 'v2' ? V2_USAGE : V3_USAGE,
      providerMetadata: { gateway: { cost: '0.0003' } },
    },
  ];
}

/** A chat whose assistant message holds one finished call of the `search` tool. */
function uiMessages(input: unknown, output: unknown) {
  return [
    { id: 'u1', role: 'user' as const, parts: [{ type: 'text' as const, text: 'Search, please.' }] },
    {
      id: 'a1',
      role: 'assistant' as const,
      parts: [
        { type: 'tool-search', toolCallId: 'call_1', state: 'output-available', input, output, providerExecuted: true },
      ],
    },
  ];
}


const TOOL_OBJECT_KEYS = ['type', 'id', 'name', 'args', 'isProviderExecuted', 'supportsDeferredResults'] as const;
/** What `ai` reads from a provider tool to build the request, and its flags. */
const toolFields = (tool: object) =>
  Object.fromEntries(TOOL_OBJECT_KEYS.filter((key) => key in tool).map((key) => [key, Reflect.get(tool, key)]));

// ---------------------------------------------------------------------------------------
// the suite, run for each major

interface TextResult {
  content: unknown[];
  toolCalls: unknown[];
  toolResults: unknown[];
  text: string;
  steps: unknown[];
}

/** One `ai` major with modelgate's and the public client's tools (`F`, making tools of type `T`). */
interface Major<T, F> {
  version: 'v2' | 'v3' | 'v4';
  base: string;
  cases: Record<string, ToolCase & { make: (tools: F) => T }>;
  ours: { tools: F; names: string[] };
  theirs: { tools: F; names: string[] };
  /** `generateText` of this major with `tools: { search: tool }`, on the client that made `tools`. */
  generateText(tools: F, tool: T): Promise<TextResult>;
  streamText(tools: F, tool: T): Promise<{ content: unknown; toolResults: unknown[]; text: string }>;
  validate(tool: T, messages: ReturnType<typeof uiMessages>): Promise<{ success: boolean }>;
  /** A tool's input or output schema as JSON Schema, by this major's `asSchema`. */
  jsonSchema(tool: T, key: 'inputSchema' | 'outputSchema'): Promise<unknown>;
}

function gatewayToolsSuite<T extends object, F>(major: Major<T, F>) {
  const { version, cases, ours, theirs, base } = major;
  const names = Object.keys(cases);
  const wireType = version === 'v2' ? 'provider-defined' : 'provider';

  it(`has the public client's tools (${names.length}), with the same type, id, args and flags`, () => {
    expect(ours.names.sort()).toEqual(theirs.names.sort());
    expect(ours.names.sort()).toEqual(names.sort());
    for (const name of names) {
      const { make } = cases[name]!;
      expect(toolFields(make(ours.tools))).toEqual(toolFields(make(theirs.tools)));
      expect(toolFields(make(ours.tools))).toMatchObject({ type: wireType, id: `gateway.${toolId(name)}` });
    }
  });

  it("has the public client's input and output schemas (as JSON Schema, descriptions aside)", async () => {
    for (const name of names) {
      const [ourTool, theirTool] = [cases[name]!.make(ours.tools), cases[name]!.make(theirs.tools)];
      for (const key of ['inputSchema', 'outputSchema'] as const) {
        const [ourSchema, theirSchema] = await Promise.all([major.jsonSchema(ourTool, key), major.jsonSchema(theirTool, key)]);
        expect({ name, key, schema: normalizedJsonSchema(ourSchema) }).toEqual({
          name,
          key,
          schema: normalizedJsonSchema(theirSchema),
        });
      }
    }
  });

  describe.each(names)('%s', (name) => {
    const testCase = cases[name]!;
    /** Both clients' `generateText`, with the gateway answering that it ran the tool on `input`. */
    const generate = (input: unknown, result: unknown) => {
      gateway.on('post', `${base}/language-model`, () => json(generateBody(version, toolContent(version, input, result))));
      return gateway.both(
        () => major.generateText(ours.tools, testCase.make(ours.tools)),
        () => major.generateText(theirs.tools, testCase.make(theirs.tools)),
      );
    };

    it('generateText: same wire; the executed call and result come back as with the public client', async () => {
      const run = await generate(testCase.input, testCase.output);
      expect(run.oursWire).toEqual(run.theirsWire);
      expect(run.oursWire[0]!.body.tools).toEqual([
        { type: wireType, name: 'search', id: `gateway.${toolId(name)}`, args: testCase.config },
      ]);
      expect(run.ours.content).toEqual(run.theirs.content);
      expect(run.ours.toolCalls).toEqual(run.theirs.toolCalls);
      expect(run.ours.toolResults).toEqual(run.theirs.toolResults);
      expect(run.ours.toolCalls).toMatchObject([{ toolName: 'search', input: testCase.input, providerExecuted: true }]);
      expect(run.ours.toolResults).toMatchObject([{ toolName: 'search', output: testCase.output, providerExecuted: true }]);
      expect(run.ours.text).toBe('Here is what I found.');
      // The gateway ran the tool: nothing runs locally, no second step.
      expect(run.ours.steps).toHaveLength(1);
    });

    it('generateText: an input the schema rejects makes an invalid call, as with the public client', async () => {
      const run = await generate(testCase.badInput, testCase.errorOutput);
      expect(run.ours.content).toEqual(run.theirs.content);
      expect(run.ours.toolCalls).toMatchObject([{ toolName: 'search', invalid: true }]);
    });

    it('validateUIMessages applies the output schema as the public client does', async () => {
      for (const [output, valid] of [
        [testCase.output, true],
        [testCase.errorOutput, true],
        [testCase.badOutput, false],
      ] as const) {
        const messages = uiMessages(testCase.input, output);
        const oursChecked = await major.validate(testCase.make(ours.tools), messages);
        const theirsChecked = await major.validate(testCase.make(theirs.tools), messages);
        expect(oursChecked.success).toBe(valid);
        expect(oursChecked.success).toBe(theirsChecked.success);
      }
    });
  });

  it('streamText: the executed call and result stream through as with the public client', async () => {
    const { input, output } = perplexitySearch;
    const { make } = cases.perplexitySearch!;
    gateway.on('post', `${base}/language-model`, () => sse(streamBody(version, input, output)));
    const run = await gateway.both(
      () => major.streamText(ours.tools, make(ours.tools)),
      () => major.streamText(theirs.tools, make(theirs.tools)),
    );
    expect(run.oursWire).toEqual(run.theirsWire);
    expect(run.ours).toEqual(run.theirs);
    expect(run.ours.toolResults).toMatchObject([{ toolName: 'search', output, providerExecuted: true }]);
    expect(run.ours.text).toBe('Found it.');
  });
}

/**
 * A tool's input or output schema as JSON Schema, as `ai` of the major sees it (`asJsonSchema`),
 * without descriptions (the model never sees a provider tool's schema) and with enums sorted.
 */
function normalizedJsonSchema(jsonSchema: unknown): unknown {
  if (Array.isArray(jsonSchema)) return jsonSchema.map(normalizedJsonSchema);
  if (!jsonSchema || typeof jsonSchema !== 'object') return jsonSchema;
  return Object.fromEntries(
    Object.entries(jsonSchema)
      .filter(([key]) => key !== 'description')
      .map(([key, value]) => [key, key === 'enum' && Array.isArray(value) ? [...value].sort() : normalizedJsonSchema(value)]),
  );
}

/** `browserbaseFetch` → `browserbase_fetch`, the tool's id after `gateway.`. */
function toolId(name: string) {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const PROMPT = 'Search, please.';

describe('ai 5: modelgate gateway.tools vs @ai-sdk/gateway 2.x', () => {
  const base = `${ORIGIN}/v1/ai`;
  const ours = createV2({ baseURL: base, apiKey: 'test-key' });
  const theirs = createPublicV2({ baseURL: base, apiKey: 'test-key' });
  type Tool = ai5.Tool;
  const model = (tools: FactoriesV2<Tool>) => (tools === ours.tools ? ours : theirs)('openai/gpt-5.4');
  gatewayToolsSuite<Tool, FactoriesV2<Tool>>({
    version: 'v2',
    base,
    cases: v2Cases,
    ours: { tools: ours.tools, names: Object.keys(ours.tools) },
    theirs: { tools: theirs.tools, names: Object.keys(theirs.tools) },
    generateText: (tools, tool) => ai5.generateText({ model: model(tools), prompt: PROMPT, tools: { search: tool } }),
    streamText: async (tools, tool) => {
      const result = ai5.streamText({ model: model(tools), prompt: PROMPT, tools: { search: tool } });
      return { content: await result.content, toolResults: await result.toolResults, text: await result.text };
    },
    jsonSchema: async (tool, key) => ai5.asSchema(tool[key]).jsonSchema,
    validate: (tool, messages) => {
      const tools = { search: tool };
      return ai5.safeValidateUIMessages<ai5.UIMessage<unknown, ai5.UIDataTypes, ai5.InferUITools<typeof tools>>>({ messages, tools });
    },
  });

  it('a v2 tool is `provider-defined` and named, as ai 5 takes it', () => {
    expect(toolFields(ours.tools.perplexitySearch())).toEqual({
      type: 'provider-defined',
      id: 'gateway.perplexity_search',
      name: 'perplexity_search',
      args: {},
    });
  });

  it('createGateway({ specificationVersion }) shapes the two tools for that major', async () => {
    const v4 = createV2({ baseURL: `${ORIGIN}/v4/ai`, apiKey: 'k', specificationVersion: 'v4' });
    expect(toolFields(v4.tools.perplexitySearch())).toEqual({
      type: 'provider',
      id: 'gateway.perplexity_search',
      args: {},
      isProviderExecuted: true,
    });
    const { input, output, config } = perplexitySearch;
    gateway.on('post', `${ORIGIN}/v4/ai/language-model`, () => json(generateBody('v4', toolContent('v4', input, output))));
    const result = await ai7.generateText({
      model: v4('openai/gpt-5.4'),
      prompt: PROMPT,
      tools: { search: v4.tools.perplexitySearch(config) },
    });
    expect(result.toolResults).toMatchObject([{ toolName: 'search', output, providerExecuted: true }]);
  });
});

describe('ai 6: modelgate/v3 gateway.tools vs @ai-sdk/gateway 3.x', () => {
  const base = `${ORIGIN}/v3/ai`;
  const ours = createV3({ baseURL: base, apiKey: 'test-key' });
  const theirs = createPublicV3({ baseURL: base, apiKey: 'test-key' });
  type Tool = ai6.Tool;
  const model = (tools: Factories<Tool>) => (tools === ours.tools ? ours : theirs)('openai/gpt-5.4');
  gatewayToolsSuite<Tool, Factories<Tool>>({
    version: 'v3',
    base,
    cases: v3Cases,
    ours: { tools: ours.tools, names: Object.keys(ours.tools) },
    theirs: { tools: theirs.tools, names: Object.keys(theirs.tools) },
    generateText: (tools, tool) => ai6.generateText({ model: model(tools), prompt: PROMPT, tools: { search: tool } }),
    streamText: async (tools, tool) => {
      const result = ai6.streamText({ model: model(tools), prompt: PROMPT, tools: { search: tool } });
      return { content: await result.content, toolResults: await result.toolResults, text: await result.text };
    },
    jsonSchema: async (tool, key) => ai6.asSchema(tool[key]).jsonSchema,
    validate: (tool, messages) => {
      const tools = { search: tool };
      return ai6.safeValidateUIMessages<ai6.UIMessage<unknown, ai6.UIDataTypes, ai6.InferUITools<typeof tools>>>({ messages, tools });
    },
  });
});

describe('ai 7: modelgate/v4 gateway.tools vs @ai-sdk/gateway 4.x', () => {
  const base = `${ORIGIN}/v4/ai`;
  const ours = createV4({ baseURL: base, apiKey: 'test-key' });
  const theirs = createPublicV4({ baseURL: base, apiKey: 'test-key' });
  type Tool = ai7.Tool;
  const model = (tools: Factories<Tool, TakoSearchConfigV4>) => (tools === ours.tools ? ours : theirs)('openai/gpt-5.4');
  gatewayToolsSuite<Tool, Factories<Tool, TakoSearchConfigV4>>({
    version: 'v4',
    base,
    cases: v4Cases,
    ours: { tools: ours.tools, names: Object.keys(ours.tools) },
    theirs: { tools: theirs.tools, names: Object.keys(theirs.tools) },
    generateText: (tools, tool) => ai7.generateText({ model: model(tools), prompt: PROMPT, tools: { search: tool } }),
    streamText: async (tools, tool) => {
      const result = ai7.streamText({ model: model(tools), prompt: PROMPT, tools: { search: tool } });
      return { content: await result.content, toolResults: await result.toolResults, text: await result.text };
    },
    jsonSchema: async (tool, key) => ai7.asSchema(tool[key]).jsonSchema,
    validate: (tool, messages) => {
      const tools = { search: tool };
      return ai7.safeValidateUIMessages<ai7.UIMessage<unknown, ai7.UIDataTypes, ai7.InferUITools<typeof tools>>>({ messages, tools });
    },
  });

  it('settings that are not an object throw a clear error naming the tool', () => {
    // @ts-expect-error settings are an object
    expect(() => ours.tools.exaSearch('news')).toThrow(
      'Invalid settings for the gateway tool `gateway.exa_search`: expected an object such as {} (or nothing), received string.',
    );
    // @ts-expect-error settings are an object
    expect(() => createV2({ apiKey: 'k' }).tools.parallelSearch(['agentic'])).toThrow(/`gateway\.parallel_search`.*received an array/);
    expect(gateway.requests).toHaveLength(0);
  });

  it('takoSearch checks the output fields of its own major (4.x here, 3.x on modelgate/v3)', async () => {
    // 4.x made `free_rows` optional and typed `relevance_score`; 3.x did neither.
    const withoutFreeRows = {
      ...takoOutput,
      cards: [{ card_id: 'c1', content: { export_pricing: { baseline_usd: 0, max_rows_ceiling: 1, row_cpm_usd: 1 } } }],
    };
    const badRelevanceScore = { ...takoOutput, cards: [{ card_id: 'c1', relevance_score: 'high' }] };
    const { input } = takoSearch;
    const check6 = async (tool: ai6.Tool, output: unknown) => {
      const tools = { search: tool };
      type Message = ai6.UIMessage<unknown, ai6.UIDataTypes, ai6.InferUITools<typeof tools>>;
      return (await ai6.safeValidateUIMessages<Message>({ messages: uiMessages(input, output), tools })).success;
    };
    const check7 = async (tool: ai7.Tool, output: unknown) => {
      const tools = { search: tool };
      type Message = ai7.UIMessage<unknown, ai7.UIDataTypes, ai7.InferUITools<typeof tools>>;
      return (await ai7.safeValidateUIMessages<Message>({ messages: uiMessages(input, output), tools })).success;
    };
    const v3 = createV3({ baseURL: `${ORIGIN}/v3/ai`, apiKey: 'k' }).tools.takoSearch();
    const publicV3 = createPublicV3({ baseURL: `${ORIGIN}/v3/ai`, apiKey: 'k' }).tools.takoSearch();
    expect([await check6(v3, withoutFreeRows), await check6(v3, badRelevanceScore)]).toEqual([false, true]);
    expect([await check6(publicV3, withoutFreeRows), await check6(publicV3, badRelevanceScore)]).toEqual([false, true]);
    expect([await check7(ours.tools.takoSearch(), withoutFreeRows), await check7(ours.tools.takoSearch(), badRelevanceScore)]).toEqual([true, false]);
    expect([await check7(theirs.tools.takoSearch(), withoutFreeRows), await check7(theirs.tools.takoSearch(), badRelevanceScore)]).toEqual([true, false]);
  });
});
