/**
 * `gateway.tools`: factories for the tools the gateway itself executes (web search and fetch),
 * for use in `generateText({ tools: { search: gateway.tools.perplexitySearch() } })`.
 *
 * On the wire such a tool is `{ type: 'provider', id: 'gateway.<name>', name: <key>, args: <config> }`
 * (`provider-defined` on v2); the model fills in the input, the gateway runs the tool, and the
 * call and its result come back as provider-executed content. The tool objects differ by `ai`
 * major only in shape, and that difference is handled here, in `shapeV2`, `shapeV3` and `shapeV4`.
 */
import { InvalidArgumentError } from '@ai-sdk/provider';
import {
  createProviderDefinedToolFactoryWithOutputSchema,
  createProviderExecutedToolFactory,
  type ProviderExecutedTool,
} from '@ai-sdk/provider-utils';
import type { z } from 'zod/v4';
import type { ProviderContext } from './gateway-provider';
import {
  browserbaseFetchSchemas,
  browserbaseSearchSchemas,
  deepseekFetchSchemas,
  deepseekSearchSchemas,
  exaSearchSchemas,
  parallelSearchSchemas,
  parallelSearchSchemasV2,
  perplexitySearchSchemas,
  takoSearchSchemasV3,
  takoSearchSchemasV4,
  type BrowserbaseFetchConfig,
  type BrowserbaseSearchConfig,
  type DeepSeekFetchConfig,
  type DeepSeekSearchConfig,
  type ExaSearchConfig,
  type GatewayToolSchemas,
  type ParallelSearchConfig,
  type ParallelSearchConfigV2,
  type PerplexitySearchConfig,
  type TakoSearchConfig,
  type TakoSearchConfigV4,
} from './gateway-tool-schemas';
import type { SpecificationVersion } from '../protocol/spec-versions';

/** A gateway tool for ai 5 (spec v2): `provider-defined`, with the gateway's name for it. */
export interface GatewayToolV2<INPUT, OUTPUT> {
  type: 'provider-defined';
  id: `gateway.${string}`;
  name: string;
  args: Record<string, unknown>;
  inputSchema: z.ZodType<INPUT>;
  outputSchema: z.ZodType<OUTPUT>;
}

/** A gateway tool for ai 6 (spec v3): a `provider` tool. */
export interface GatewayToolV3<INPUT, OUTPUT> {
  type: 'provider';
  id: `gateway.${string}`;
  args: Record<string, unknown>;
  inputSchema: z.ZodType<INPUT>;
  outputSchema: z.ZodType<OUTPUT>;
}

// v2/v3 are typed structurally (zod schemas, no provider-utils types): ai 5 and 6 check tools
// against their own provider-utils majors, whose schema types provider-utils 5's do not satisfy.
/** A gateway tool as the `ai` major of spec version `V` takes it (v4: a provider-executed tool, ai 7). */
export type GatewayTool<V extends SpecificationVersion, INPUT, OUTPUT> = {
  v2: GatewayToolV2<INPUT, OUTPUT>;
  v3: GatewayToolV3<INPUT, OUTPUT>;
  v4: ProviderExecutedTool<INPUT, OUTPUT>;
}[V];

type SchemasOf = () => { input: z.ZodType; output: z.ZodType };
/** The tool a factory returns on spec version `V`, typed by the tool's schemas. */
type ToolOf<V extends SpecificationVersion, S extends SchemasOf> = GatewayTool<
  V,
  z.output<ReturnType<S>['input']>,
  z.output<ReturnType<S>['output']>
>;

/** `gateway.tools` of the `modelgate` entry (ai 5): the two tools of @ai-sdk/gateway 2.x. */
export interface GatewayToolsV2<V extends SpecificationVersion = 'v2'> {
  /** Web search with Parallel: a research objective in, ranked excerpts out. */
  parallelSearch(config?: ParallelSearchConfigV2): ToolOf<V, typeof parallelSearchSchemasV2>;
  /** Web search with Perplexity: ranked results with snippets, filtered by domain, language and date. */
  perplexitySearch(config?: PerplexitySearchConfig): ToolOf<V, typeof perplexitySearchSchemas>;
}

/** `gateway.tools` of `modelgate/v3` (ai 6) and `modelgate/v4` (ai 7): the eight gateway-executed tools. */
export interface GatewayTools<V extends SpecificationVersion> {
  /** Fetches a page with Browserbase: raw, as Markdown, or as JSON extracted by a schema. */
  browserbaseFetch(config?: BrowserbaseFetchConfig): ToolOf<V, typeof browserbaseFetchSchemas>;
  /** Web search with Browserbase: titles, URLs and publication metadata. */
  browserbaseSearch(config?: BrowserbaseSearchConfig): ToolOf<V, typeof browserbaseSearchSchemas>;
  /** Fetches a page as Markdown with DeepSeek. */
  deepseekFetch(config?: DeepSeekFetchConfig): ToolOf<V, typeof deepseekFetchSchemas>;
  /** Web search with DeepSeek. */
  deepseekSearch(config?: DeepSeekSearchConfig): ToolOf<V, typeof deepseekSearchSchemas>;
  /** Web search with Exa: category, domain, date and location filters, and page content extraction. */
  exaSearch(config?: ExaSearchConfig): ToolOf<V, typeof exaSearchSchemas>;
  /** Web search with Parallel: a research objective in, ranked excerpts out. */
  parallelSearch(config?: ParallelSearchConfig): ToolOf<V, typeof parallelSearchSchemas>;
  /** Web search with Perplexity: ranked results with snippets, filtered by domain, language and date. */
  perplexitySearch(config?: PerplexitySearchConfig): ToolOf<V, typeof perplexitySearchSchemas>;
  /** Searches the web and Tako's knowledge graph: web results plus data cards with their rows. */
  // 3.x's and 4.x's Tako schemas have one type, with the fields of both.
  takoSearch(config?: V extends 'v4' ? TakoSearchConfigV4 : TakoSearchConfig): ToolOf<V, typeof takoSearchSchemasV4>;
}

/** Makes the tool `gateway.<name>` in the shape of one spec version. */
type Shape<V extends SpecificationVersion> = <INPUT, OUTPUT>(
  name: string,
  schemas: () => GatewayToolSchemas<INPUT, OUTPUT>,
  config: unknown,
) => GatewayTool<V, INPUT, OUTPUT>;

/** The tool's settings, sent as its `args`: an object, or nothing. */
function settings(name: string, config: unknown): object {
  if (config === undefined) return {};
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidArgumentError({
      argument: 'config',
      message: `Invalid settings for the gateway tool \`gateway.${name}\`: expected an object such as {} (or nothing), received ${
        config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config
      }.`,
    });
  }
  return config;
}

const shapeV3: Shape<'v3'> = (name, schemas, config) => {
  const { input, output } = schemas();
  // The helper of 3.x's provider-utils major: config minus execute/toModelOutput/… becomes `args`.
  const { isProviderExecuted: _notInV3, ...tool } = createProviderDefinedToolFactoryWithOutputSchema({
    id: `gateway.${name}`,
    inputSchema: input,
    outputSchema: output,
  })(settings(name, config));
  return { ...tool, type: 'provider', id: `gateway.${name}`, inputSchema: input, outputSchema: output };
};

// How each `ai` major takes a gateway tool: the one place the shapes differ. (Three constants,
// not one object, so an entry bundles only the shapes it uses.)
/** ai 5 knows tools of type `provider-defined`, named; otherwise as v3. */
const shapeV2: Shape<'v2'> = (name, schemas, config) => ({ ...shapeV3(name, schemas, config), type: 'provider-defined', name });

const shapeV4: Shape<'v4'> = (name, schemas, config) => {
  const { input, output } = schemas();
  return createProviderExecutedToolFactory({ id: `gateway.${name}`, inputSchema: input, outputSchema: output })(
    settings(name, config),
  );
};

function toolsV2<V extends SpecificationVersion>(shape: Shape<V>): GatewayToolsV2<V> {
  return {
    parallelSearch: (config) => shape('parallel_search', parallelSearchSchemasV2, config),
    perplexitySearch: (config) => shape('perplexity_search', perplexitySearchSchemas, config),
  };
}

function tools<V extends SpecificationVersion>(shape: Shape<V>, takoSearchSchemas: typeof takoSearchSchemasV3): GatewayTools<V> {
  return {
    browserbaseFetch: (config) => shape('browserbase_fetch', browserbaseFetchSchemas, config),
    browserbaseSearch: (config) => shape('browserbase_search', browserbaseSearchSchemas, config),
    deepseekFetch: (config) => shape('deepseek_fetch', deepseekFetchSchemas, config),
    deepseekSearch: (config) => shape('deepseek_search', deepseekSearchSchemas, config),
    exaSearch: (config) => shape('exa_search', exaSearchSchemas, config),
    parallelSearch: (config) => shape('parallel_search', parallelSearchSchemas, config),
    perplexitySearch: (config) => shape('perplexity_search', perplexitySearchSchemas, config),
    takoSearch: (config) => shape('tako_search', takoSearchSchemas, config),
  };
}

/**
 * The `modelgate` entry's `tools` (2.x's two), in the shape of the provider's spec version:
 * its `createGateway` also makes v3 and v4 providers.
 */
export function gatewayToolsV2Kind({ config }: ProviderContext) {
  const version = config.client.spec.version;
  return version === 'v4'
    ? { tools: toolsV2(shapeV4) }
    : version === 'v3'
      ? { tools: toolsV2(shapeV3) }
      : { tools: toolsV2(shapeV2) };
}

/** The `modelgate/v3` entry's `tools`: 3.x's eight. */
export const gatewayToolsV3Kind = () => ({ tools: tools(shapeV3, takoSearchSchemasV3) });

/** The `modelgate/v4` entry's `tools`: 4.x's eight. */
export const gatewayToolsV4Kind = () => ({ tools: tools(shapeV4, takoSearchSchemasV4) });
