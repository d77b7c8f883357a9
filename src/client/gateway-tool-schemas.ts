/**
 * Input and output schemas of the gateway-executed tools (`gateway.tools.*`), as the public
 * client of each major defines them, and the config each tool factory takes.
 *
 * The model fills in the input (snake_case, as the gateway's tool APIs name it); the developer
 * fixes the config (camelCase), which is sent as the tool's `args`; the gateway runs the tool and
 * the output comes back as a provider-executed tool result. `ai` checks a tool call's input
 * against the input schema, and `validateUIMessages` checks a tool result against the output schema.
 *
 * Each entry is a function, so a schema is built on first use only and an entry that does not
 * reference a tool does not bundle it.
 */
import { z } from 'zod/v4';

/** Builds a tool's schemas when it is first made, then keeps them (the reference defers them too). */
function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

const jsonObject = () => z.record(z.string(), z.unknown());
const strings = () => z.array(z.string());

/** The `{ error, message, statusCode? }` output a tool returns in place of a result, with its codes. */
const toolError = <const Code extends string>(codes: readonly [Code, ...Code[]]) =>
  z.object({ error: z.enum(codes), statusCode: z.number().optional(), message: z.string() });

const BROWSERBASE_AND_EXA_ERRORS = [
  'api_error',
  'configuration_error',
  'execution_error',
  'invalid_input',
  'rate_limit',
  'timeout',
  'unknown',
] as const;

/** The error output shared by the DeepSeek, Parallel and Tako tools; it may carry more keys. */
const gatewayToolError = () =>
  z.looseObject({
    error: z.enum([
      'api_error',
      'configuration_error',
      'execution_error',
      'gateway_rate_limit',
      'invalid_input',
      'rate_limit',
      'timeout',
      'unknown',
      'unknown_tool',
    ]),
    message: z.string(),
    statusCode: z.number().optional(),
    retryAfter: z.string().optional(),
    statusText: z.string().optional(),
  });

export interface GatewayToolSchemas<INPUT, OUTPUT> {
  input: z.ZodType<INPUT>;
  output: z.ZodType<OUTPUT>;
}

// ---------------------------------------------------------------------------------------
// Browserbase fetch

const FETCH_FORMATS = ['raw', 'json', 'markdown'] as const;

export const browserbaseFetchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    url: z.url(),
    allow_redirects: z.boolean().optional(),
    allow_insecure_ssl: z.boolean().optional(),
    proxies: z.boolean().optional(),
    format: z.enum(FETCH_FORMATS).optional(),
    schema: jsonObject().optional(),
  }),
  output: z.union([
    z.object({
      id: z.string(),
      content: z.union([z.string(), jsonObject()]),
      contentType: z.string(),
      encoding: z.string(),
      headers: z.record(z.string(), z.string()),
      statusCode: z.number(),
    }),
    toolError(BROWSERBASE_AND_EXA_ERRORS),
  ]),
}));

export interface BrowserbaseFetchConfig {
  /** Follow HTTP redirects (default false). */
  allowRedirects?: boolean;
  /** Skip TLS certificate checks (default false); for trusted hosts only. */
  allowInsecureSsl?: boolean;
  /** Fetch through Browserbase's proxies (default false). */
  proxies?: boolean;
  /** `raw` body, page as `markdown`, or `json` extracted with `schema`. */
  format?: (typeof FETCH_FORMATS)[number];
  /** JSON Schema of what to extract when `format` is `json`. */
  schema?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------
// Browserbase search

export const browserbaseSearchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    query: z.string().min(1).max(200),
    num_results: z.number().int().min(1).max(25).optional(),
  }),
  output: z.union([
    z.object({
      query: z.string(),
      requestId: z.string(),
      results: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          url: z.string(),
          author: z.string().optional(),
          favicon: z.string().optional(),
          image: z.string().optional(),
          publishedDate: z.string().optional(),
        }),
      ),
    }),
    toolError(BROWSERBASE_AND_EXA_ERRORS),
  ]),
}));

export interface BrowserbaseSearchConfig {
  /** Results to return, 1–25 (default 10). */
  numResults?: number;
}

// ---------------------------------------------------------------------------------------
// DeepSeek fetch and search

export const deepseekFetchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({ url: z.string() }),
  output: z.union([z.looseObject({ title: z.string().nullish(), content: z.string() }), gatewayToolError()]),
}));

export interface DeepSeekFetchConfig {
  /** Fetch this URL, whatever the model asks for. */
  url?: string;
}

export const deepseekSearchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    query: z.string(),
    count: z.number().int().optional(),
    need_content: z.boolean().optional(),
    ori_question: z.string().nullable().optional(),
  }),
  output: z.union([
    z.looseObject({
      results: z.array(
        z.looseObject({
          authority: z.number().nullish(),
          content: z.string().nullish(),
          date: z.string().nullish(),
          rerank_score: z.number().nullish(),
          site_icon: z.string().nullish(),
          site_name: z.string().nullish(),
          snippet: z.string().nullish(),
          summary: z.string().nullish(),
          title: z.string().nullish(),
          url: z.string().nullish(),
        }),
      ),
    }),
    gatewayToolError(),
  ]),
}));

export interface DeepSeekSearchConfig {
  /** Search for this query, whatever the model asks for. */
  query?: string;
  /** Results to return, 1–50 (default 10). */
  count?: number;
  /** Include page content where available (default false). */
  needContent?: boolean;
  /** The user's original question, 1–128 characters. */
  oriQuestion?: string | null;
  /** End-user IP address, to localize results. */
  localization?: string;
}

// ---------------------------------------------------------------------------------------
// Exa search

const EXA_TYPES = ['auto', 'fast', 'instant'] as const;
const EXA_CATEGORIES = ['company', 'people', 'research paper', 'news', 'personal site', 'financial report'] as const;
const EXA_SECTIONS = ['header', 'navigation', 'banner', 'body', 'sidebar', 'footer', 'metadata'] as const;
const EXA_VERBOSITY = ['compact', 'standard', 'full'] as const;

type ExaTextSection = (typeof EXA_SECTIONS)[number];

export const exaSearchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    query: z.string(),
    type: z.enum(EXA_TYPES).optional(),
    num_results: z.number().optional(),
    category: z.enum(EXA_CATEGORIES).optional(),
    user_location: z.string().optional(),
    include_domains: strings().optional(),
    exclude_domains: strings().optional(),
    start_published_date: z.string().optional(),
    end_published_date: z.string().optional(),
    contents: z
      .object({
        text: z
          .union([
            z.boolean(),
            z.object({
              max_characters: z.number().optional(),
              include_html_tags: z.boolean().optional(),
              verbosity: z.enum(EXA_VERBOSITY).optional(),
              include_sections: z.array(z.enum(EXA_SECTIONS)).optional(),
              exclude_sections: z.array(z.enum(EXA_SECTIONS)).optional(),
            }),
          ])
          .optional(),
        highlights: z
          .union([z.boolean(), z.object({ query: z.string().optional(), max_characters: z.number().optional() })])
          .optional(),
        max_age_hours: z.number().optional(),
        livecrawl_timeout: z.number().optional(),
        subpages: z.number().optional(),
        subpage_target: z.union([z.string(), strings()]).optional(),
        extras: z.object({ links: z.number().optional(), image_links: z.number().optional() }).optional(),
      })
      .optional(),
  }),
  output: z.union([
    z.object({
      requestId: z.string(),
      searchType: z.string().optional(),
      resolvedSearchType: z.string().optional(),
      results: z.array(
        z.object({
          title: z.string(),
          url: z.string(),
          id: z.string(),
          publishedDate: z.string().nullable().optional(),
          author: z.string().nullable().optional(),
          image: z.string().nullable().optional(),
          favicon: z.string().nullable().optional(),
          text: z.string().optional(),
          highlights: strings().optional(),
          highlightScores: z.array(z.number()).optional(),
          summary: z.string().optional(),
          subpages: z.array(z.any()).optional(),
          extras: z.object({ links: strings().optional(), imageLinks: strings().optional() }).optional(),
        }),
      ),
      costDollars: z
        .object({ total: z.number().optional(), search: z.record(z.string(), z.number()).optional() })
        .optional(),
    }),
    toolError(BROWSERBASE_AND_EXA_ERRORS),
  ]),
}));

export interface ExaSearchConfig {
  /** Search method; `auto` balances speed and quality. */
  type?: (typeof EXA_TYPES)[number];
  /** Results to return, 1–100 (default 10). */
  numResults?: number;
  category?: (typeof EXA_CATEGORIES)[number];
  /** Two-letter ISO country code, e.g. `US`. */
  userLocation?: string;
  includeDomains?: string[];
  excludeDomains?: string[];
  /** ISO 8601 dates bounding the publication date. */
  startPublishedDate?: string;
  endPublishedDate?: string;
  /** What page content to extract, and how fresh it must be. */
  contents?: {
    text?:
      | boolean
      | {
          maxCharacters?: number;
          includeHtmlTags?: boolean;
          verbosity?: (typeof EXA_VERBOSITY)[number];
          includeSections?: ExaTextSection[];
          excludeSections?: ExaTextSection[];
        };
    highlights?: boolean | { query?: string; maxCharacters?: number };
    maxAgeHours?: number;
    livecrawlTimeout?: number;
    subpages?: number;
    subpageTarget?: string | string[];
    extras?: { links?: number; imageLinks?: number };
  };
}

// ---------------------------------------------------------------------------------------
// Parallel search: 3.x and 4.x; 2.x had fewer options and another result shape (below)

const PARALLEL_MODES = ['turbo', 'fast', 'basic', 'advanced', 'one-shot', 'agentic'] as const;

export const parallelSearchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    objective: z.string(),
    search_queries: strings().optional(),
    mode: z.enum(PARALLEL_MODES).optional(),
    max_results: z.number().optional(),
    source_policy: z
      .object({
        include_domains: strings().optional(),
        exclude_domains: strings().optional(),
        after_date: z.string().optional(),
      })
      .optional(),
    excerpts: z
      .object({ max_chars_per_result: z.number().optional(), max_chars_total: z.number().optional() })
      .optional(),
    max_chars_total: z.number().optional(),
    fetch_policy: z
      .object({
        max_age_seconds: z.number().optional(),
        timeout_seconds: z.number().optional(),
        disable_cache_fallback: z.boolean().optional(),
      })
      .optional(),
    location: z.string().optional(),
  }),
  output: z.union([
    z.object({
      search_id: z.string(),
      results: z.array(
        z.object({
          url: z.string(),
          title: z.string().nullable().optional(),
          publish_date: z.string().nullable().optional(),
          excerpts: strings(),
        }),
      ),
      warnings: z
        .array(
          z.object({
            type: z.string(),
            message: z.string(),
            detail: z.record(z.string(), z.unknown()).nullable().optional(),
          }),
        )
        .nullable()
        .optional(),
      usage: z
        .array(z.object({ name: z.string(), count: z.number().optional() }))
        .nullable()
        .optional(),
      session_id: z.string().optional(),
    }),
    gatewayToolError(),
  ]),
}));

interface ParallelSearchSourcePolicy {
  /** Domains or domain/path prefixes to keep, without scheme, e.g. `docs.python.org/3`. */
  includeDomains?: string[];
  excludeDomains?: string[];
  /** Only results published on or after this date (`YYYY-MM-DD`). */
  afterDate?: string;
}

export interface ParallelSearchConfig {
  /** `turbo`/`fast` answer quickly, `basic` is the default, `advanced` is the most thorough. */
  mode?: (typeof PARALLEL_MODES)[number];
  /** Results to return, 1–20 (default 10). */
  maxResults?: number;
  sourcePolicy?: ParallelSearchSourcePolicy;
  excerpts?: { maxCharsPerResult?: number; /** Prefer the top-level `maxCharsTotal`. */ maxCharsTotal?: number };
  /** Characters across all excerpts. */
  maxCharsTotal?: number;
  fetchPolicy?: { maxAgeSeconds?: number; timeoutSeconds?: number; disableCacheFallback?: boolean };
  /** Two-letter ISO country code to localize results, e.g. `us`. */
  location?: string;
}

/** Parallel search as @ai-sdk/gateway 2.x (ai 5) defines it. */
export const parallelSearchSchemasV2 = /* @__PURE__ */ once(() => ({
  input: z.object({
    objective: z.string(),
    search_queries: strings().optional(),
    mode: z.enum(['one-shot', 'agentic']).optional(),
    max_results: z.number().optional(),
    source_policy: z
      .object({
        include_domains: strings().optional(),
        exclude_domains: strings().optional(),
        after_date: z.string().optional(),
      })
      .optional(),
    excerpts: z
      .object({ max_chars_per_result: z.number().optional(), max_chars_total: z.number().optional() })
      .optional(),
    fetch_policy: z.object({ max_age_seconds: z.number().optional() }).optional(),
  }),
  output: z.union([
    z.object({
      searchId: z.string(),
      results: z.array(
        z.object({
          url: z.string(),
          title: z.string(),
          excerpt: z.string(),
          publishDate: z.string().nullable().optional(),
          relevanceScore: z.number().optional(),
        }),
      ),
    }),
    toolError(['api_error', 'rate_limit', 'timeout', 'invalid_input', 'configuration_error', 'unknown']),
  ]),
}));

/** Parallel search config of @ai-sdk/gateway 2.x (ai 5). */
export interface ParallelSearchConfigV2 {
  /** `one-shot`: fuller excerpts (default); `agentic`: shorter ones for multi-step agents. */
  mode?: 'one-shot' | 'agentic';
  /** Results to return, 1–20 (default 10). */
  maxResults?: number;
  sourcePolicy?: ParallelSearchSourcePolicy;
  excerpts?: { maxCharsPerResult?: number; maxCharsTotal?: number };
  fetchPolicy?: { maxAgeSeconds?: number };
}

// ---------------------------------------------------------------------------------------
// Perplexity search (the same in 2.x, 3.x and 4.x)

const RECENCY = ['day', 'week', 'month', 'year'] as const;

export const perplexitySearchSchemas = /* @__PURE__ */ once(() => ({
  input: z.object({
    query: z.union([z.string(), strings()]),
    max_results: z.number().optional(),
    max_tokens_per_page: z.number().optional(),
    max_tokens: z.number().optional(),
    country: z.string().optional(),
    search_domain_filter: strings().optional(),
    search_language_filter: strings().optional(),
    search_after_date: z.string().optional(),
    search_before_date: z.string().optional(),
    last_updated_after_filter: z.string().optional(),
    last_updated_before_filter: z.string().optional(),
    search_recency_filter: z.enum(RECENCY).optional(),
  }),
  output: z.union([
    z.object({
      results: z.array(
        z.object({
          title: z.string(),
          url: z.string(),
          snippet: z.string(),
          date: z.string().optional(),
          lastUpdated: z.string().optional(),
        }),
      ),
      id: z.string(),
    }),
    toolError(['api_error', 'rate_limit', 'timeout', 'invalid_input', 'unknown']),
  ]),
}));

export interface PerplexitySearchConfig {
  /** Results to return, 1–20 (default 10). */
  maxResults?: number;
  /** Tokens extracted per page, 256–2048 (default 2048). */
  maxTokensPerPage?: number;
  /** Tokens across all results (default 25 000). */
  maxTokens?: number;
  /** Two-letter ISO country code, e.g. `GB`. */
  country?: string;
  /** Domains to keep, or to drop with a leading `-` (at most 20). */
  searchDomainFilter?: string[];
  /** ISO 639-1 language codes (at most 10). */
  searchLanguageFilter?: string[];
  searchRecencyFilter?: (typeof RECENCY)[number];
}

// ---------------------------------------------------------------------------------------
// Tako search: 4.x adds cost controls to the config and fields to the output

const TAKO_FORMATS = ['card_json', 'csv', 'json_compact', 'json_records'] as const;
const TAKO_EFFORTS = ['deep', 'fast', 'instant'] as const;
const TAKO_INDEXES = ['data', 'web'] as const;
const TAKO_DTYPES = ['boolean', 'date', 'datetime', 'number', 'string'] as const;

/**
 * Tako's schemas; `latest` (4.x) adds the output fields of the newer API: premium and
 * redacted rows, variable cost, relevance scores and placeholder cards.
 */
const takoSearchSchemasOf = (latest: boolean) => {
  const cell = z.union([z.boolean(), z.number(), z.string()]).nullable();
  // 4.x also lets the objects the gateway may extend carry keys it does not list.
  const extensible = <S extends z.core.$ZodLooseShape>(shape: S) => (latest ? z.looseObject(shape) : z.object(shape));
  const cost = z.number();
  const content = z.looseObject({
    content_format: z.enum(TAKO_FORMATS).nullish(),
    cost: cost.optional(),
    data: z.string().nullish(),
    records: z.array(z.record(z.string(), cell)).nullish(),
    dataset: z
      .object({
        columns: z.array(z.object({ name: z.string(), type: z.enum(TAKO_DTYPES), unit: z.string().nullish() })),
        rows: z.array(z.array(cell)),
        total_rows: z.number(),
        truncated: z.boolean(),
        ref: z.string(),
        sources: z.array(z.object({ name: z.string(), index: z.enum(TAKO_INDEXES).optional() })),
        provenance: z.enum(['query', 'web_extraction']).optional(),
      })
      .nullish(),
    card_data: z.looseObject({}).nullish(),
    card_data_schema: z.looseObject({}).nullish(),
    url: z.string().nullish(),
    expires_at: z.string().nullish(),
    total_rows: z.number().nullish(),
    truncated: z.boolean().optional(),
    ...(latest && {
      premium_rows: z.record(z.string(), z.number()).nullish(),
      redacted_cells: z.record(z.string(), z.array(z.number())).nullish(),
      total_matching: z.number().nullish(),
    }),
    export_pricing: extensible({
      baseline_usd: cost,
      free_rows: latest ? z.number().optional() : z.number(),
      max_rows_ceiling: z.number(),
      row_cpm_usd: cost,
      ...(latest && {
        premium_row_cpm_usd: z.record(z.string(), z.number()).nullish(),
        variable_cost_max_usd: z.number().nullish(),
      }),
    }).nullish(),
    manifest: z
      .array(
        z.object({
          dtype: z.enum(TAKO_DTYPES).nullish(),
          entity: z.string().nullish(),
          metric: z.string().nullish(),
          name: z.string().nullish(),
          unit: z.string().nullish(),
        }),
      )
      .nullish(),
  });
  const card = z.looseObject({
    card_id: z.string().nullish(),
    title: z.string().nullish(),
    description: z.string().nullish(),
    semantic_description: z.string().nullish(),
    webpage_url: z.string().nullish(),
    image_url: z.string().nullish(),
    embed_url: z.string().nullish(),
    sources: z
      .array(
        z.object({
          source_name: z.string().nullish(),
          source_description: z.string().nullish(),
          source_index: z.enum(TAKO_INDEXES),
          source_text: z.string().nullish(),
          url: z.string().nullish(),
        }),
      )
      .nullish(),
    methodologies: z
      .array(z.object({ methodology_name: z.string().nullable(), methodology_description: z.string().nullable() }))
      .nullish(),
    source_indexes: z.array(z.enum(TAKO_INDEXES)).nullish(),
    card_type: z.string().nullish(),
    relevance: z.enum(['High', 'Low', 'Medium']).nullish(),
    ...(latest && { relevance_score: z.number().nullish() }),
    content: content.nullish(),
    exportable: z.boolean().optional(),
    nodes: z
      .array(
        z.object({
          id: z.string(),
          type: z.enum(['entity', 'metric']),
          name: z.string(),
          description: z.string().nullish(),
        }),
      )
      .nullish(),
    metric_definitions: z.array(z.object({ name: z.string(), definition: z.string() })).nullish(),
    data_freshness: z
      .object({
        coverage_end: z.string().nullish(),
        data_as_of: z.string().nullish(),
        last_updated: z.string().nullish(),
      })
      .nullish(),
    ...(latest && {
      placeholder: z
        .looseObject({ withheld_source: z.string(), reason: z.enum(['not_served', 'over_cap']).nullish() })
        .nullish(),
    }),
  });
  const webResult = z.looseObject({
    title: z.string(),
    url: z.string(),
    snippet: z.string().nullish(),
    source_name: z.string().nullish(),
    publish_date: z.string().nullish(),
    content: content.nullish(),
  });
  const costOnly = () => extensible({ cost_usd: cost });
  const dataSource = z.object({
    count: z.number().optional(),
    include_contents: z.boolean().optional(),
    mode: z.enum(['inline', 'url']).optional(),
    content_format: z.enum(TAKO_FORMATS).optional(),
    max_rows: z.number().optional(),
    node_ids: strings().optional(),
    strict: z.boolean().optional(),
  });
  const webSource = z.object({
    count: z.number().optional(),
    include_contents: z.boolean().optional(),
    category: z.enum(['finance', 'news', 'sports']).optional(),
    include_domains: strings().optional(),
    exclude_domains: strings().optional(),
    snippet_max_chars: z.number().optional(),
    highlights: z.boolean().optional(),
    article_content_max_chars: z.number().optional(),
    published_after: z.string().optional(),
    published_before: z.string().optional(),
  });
  return {
    input: z.object({
      query: z.string(),
      effort: z.enum(TAKO_EFFORTS).optional(),
      sources: z.object({ data: dataSource.optional(), web: webSource.optional() }).optional(),
      location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
      country_code: z.string().optional(),
      locale: z.string().optional(),
      timezone: z.string().optional(),
      output_settings: z
        .object({ image_dark_mode: z.boolean().optional(), force_refresh: z.boolean().optional() })
        .optional(),
      include_related: z.number().optional(),
    }),
    output: z.union([
      z.looseObject({
        request_id: z.string(),
        cards: z.array(card).optional(),
        web_results: z.array(webResult).optional(),
        usage: extensible({
          total_cost_usd: cost,
          compute: costOnly().nullish(),
          data: extensible({
            cost_usd: cost,
            datasets: z.number(),
            ...(latest && { data_points: z.number().nullish() }),
          }).nullish(),
          ...(latest && { variable_cost: costOnly().nullish() }),
        }).nullish(),
        related: z.array(z.looseObject({})).nullish(),
      }),
      gatewayToolError(),
    ]),
  };
};

/** Tako search as @ai-sdk/gateway 3.x (ai 6) defines it. */
export const takoSearchSchemasV3 = /* @__PURE__ */ once(() => takoSearchSchemasOf(false));
/** Tako search as @ai-sdk/gateway 4.x (ai 7) defines it. */
export const takoSearchSchemasV4 = /* @__PURE__ */ once(() => takoSearchSchemasOf(true));

type TakoFormat = (typeof TAKO_FORMATS)[number];

export interface TakoSearchConfig {
  /** `fast` is the default; `instant` favours cached results, `deep` searches wider at more cost. */
  effort?: (typeof TAKO_EFFORTS)[number];
  /** Which sources to search; omitted, both. Only the keys given are searched. */
  sources?: {
    data?: {
      count?: number;
      /** Inline each result's rows; adds a per-row data charge. */
      includeContents?: boolean;
      mode?: 'inline' | 'url';
      contentFormat?: TakoFormat;
      maxRows?: number;
      nodeIds?: string[];
      strict?: boolean;
    };
    web?: {
      count?: number;
      includeContents?: boolean;
      category?: 'finance' | 'news' | 'sports';
      includeDomains?: string[];
      excludeDomains?: string[];
      snippetMaxChars?: number;
      highlights?: boolean;
      articleContentMaxChars?: number;
      publishedAfter?: string;
      publishedBefore?: string;
    };
  };
  /** End-user coordinates, for local results. */
  location?: { latitude: number; longitude: number };
  countryCode?: string;
  /** BCP-47 locale, e.g. `en-US`. */
  locale?: string;
  /** IANA time zone, e.g. `America/New_York`. */
  timezone?: string;
  outputSettings?: { imageDarkMode?: boolean; forceRefresh?: boolean };
  /** Related searches to suggest, 1–20. */
  includeRelated?: number;
}

/** Tako search config of @ai-sdk/gateway 4.x (ai 7): adds cost controls. */
export interface TakoSearchConfigV4 extends TakoSearchConfig {
  /** Allow results with a variable (per-row) cost. */
  variableCost?: boolean;
  /** Cap on the variable cost in USD; `null` for no cap. */
  maxVariableCostUsd?: number | null;
  /** Extra fields sent to Tako as they are. */
  extraBody?: Record<string, unknown>;
}
