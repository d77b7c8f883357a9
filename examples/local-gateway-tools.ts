/**
 * The local gateway stand-in's gateway-executed tools (`gateway.tools.*` in modelgate): when a
 * language-model request carries one, the stand-in "runs" it and answers with the call, a
 * canned result shaped as the tool's output schema, and a reply that quotes the result.
 * Everything is derived from the request, so the same request gets the same answer.
 */
import { createHash } from 'node:crypto';

/** A gateway tool as it arrives in the request's `tools`: `provider` (v3, v4) or `provider-defined` (v2). */
export interface GatewayToolSpec {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

export interface GatewayToolRun {
  /** The input "the model" chose for the tool, as JSON text (what a tool call carries). */
  input: string;
  /** The tool's result, as the gateway returns it. */
  result: Record<string, unknown>;
  /** One line about the result, for the model's reply. */
  summary: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first gateway-executed tool in a request's `tools`, if any. */
export function findGatewayTool(tools: unknown[]): GatewayToolSpec | undefined {
  for (const tool of tools) {
    if (!isRecord(tool)) continue;
    const { type, id, name, args } = tool;
    if ((type === 'provider' || type === 'provider-defined') && typeof id === 'string' && id.startsWith('gateway.')) {
      return { id, name: String(name), args: isRecord(args) ? args : {} };
    }
  }
  return undefined;
}

interface Hit {
  title: string;
  url: string;
  snippet: string;
  date: string;
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Up to `count` made-up search hits for `query`, the same every time. */
function hits(query: string, count: number): Hit[] {
  const words = query.match(/[\p{L}\p{N}]+/gu)?.slice(0, 4) ?? ['example'];
  const topic = words.join(' ');
  const slug = words.join('-').toLowerCase();
  const pages = [
    { site: 'docs.example.com', kind: 'Guide' },
    { site: 'news.example.org', kind: 'News' },
    { site: 'wiki.example.net', kind: 'Overview' },
  ];
  return pages.slice(0, Math.max(1, Math.min(count, pages.length))).map(({ site, kind }, index) => ({
    title: `${kind}: ${topic}`,
    url: `https://${site}/${slug}`,
    snippet: `${kind} about ${topic}, served by the local gateway stand-in.`,
    date: `2026-01-0${index + 1}`,
  }));
}

const firstUrl = (text: string) => text.match(/https?:\/\/[^\s"')]+/)?.[0];
const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/**
 * Runs `tool` for the user's message as the hosted gateway would, with canned results.
 * `spec` 2 gets the result shapes of @ai-sdk/gateway 2.x (parallel search differs).
 */
export function runGatewayTool(tool: GatewayToolSpec, userText: string, spec: 2 | 3 | 4): GatewayToolRun {
  const query = userText.trim() || 'hello';
  const id = shortHash(`${tool.id}|${query}|${JSON.stringify(tool.args)}`);
  const count = numberOr(tool.args.maxResults ?? tool.args.numResults ?? tool.args.count, 3);
  const found = hits(query, count);
  const listed = (summary: string) => ({ summary: `${summary}: ${found.map((hit) => `"${hit.title}" (${hit.url})`).join('; ')}` });
  const url = typeof tool.args.url === 'string' ? tool.args.url : (firstUrl(query) ?? 'https://example.com/');

  switch (tool.id) {
    case 'gateway.perplexity_search':
      return {
        input: JSON.stringify({ query, max_results: count }),
        result: { id: `pplx_${id}`, results: found.map(({ title, url, snippet, date }) => ({ title, url, snippet, date })) },
        ...listed(`Perplexity found ${found.length}`),
      };
    case 'gateway.parallel_search':
      return {
        input: JSON.stringify({ objective: query, search_queries: [query.slice(0, 200)] }),
        result:
          spec === 2
            ? {
                searchId: `search_${id}`,
                results: found.map(({ title, url, snippet, date }) => ({ url, title, excerpt: snippet, publishDate: date })),
              }
            : {
                search_id: `search_${id}`,
                results: found.map(({ title, url, snippet, date }) => ({ url, title, publish_date: date, excerpts: [snippet] })),
              },
        ...listed(`Parallel found ${found.length}`),
      };
    case 'gateway.exa_search':
      return {
        input: JSON.stringify({ query, num_results: count }),
        result: {
          requestId: `exa_${id}`,
          resolvedSearchType: 'auto',
          results: found.map(({ title, url, snippet, date }, index) => ({
            title,
            url,
            id: `${id}-${index}`,
            publishedDate: date,
            text: snippet,
          })),
          costDollars: { total: 0 },
        },
        ...listed(`Exa found ${found.length}`),
      };
    case 'gateway.browserbase_search':
      return {
        input: JSON.stringify({ query: query.slice(0, 200), num_results: count }),
        result: {
          query: query.slice(0, 200),
          requestId: `bb_${id}`,
          results: found.map(({ title, url, date }, index) => ({ id: `${id}-${index}`, title, url, publishedDate: date })),
        },
        ...listed(`Browserbase found ${found.length}`),
      };
    case 'gateway.deepseek_search':
      return {
        input: JSON.stringify({ query: query.slice(0, 128), count }),
        result: {
          results: found.map(({ title, url, snippet, date }) => ({ title, url, snippet, date, site_name: new URL(url).host })),
        },
        ...listed(`DeepSeek found ${found.length}`),
      };
    case 'gateway.tako_search':
      return {
        input: JSON.stringify({ query }),
        result: {
          request_id: `tako_${id}`,
          cards: [{ card_id: `card_${id}`, title: found[0]!.title, relevance: 'High', webpage_url: found[0]!.url }],
          web_results: found.map(({ title, url, snippet, date }) => ({ title, url, snippet, publish_date: date })),
        },
        ...listed(`Tako found a data card and ${found.length} web results`),
      };
    case 'gateway.browserbase_fetch':
    case 'gateway.deepseek_fetch': {
      const content = `# ${new URL(url).host}\n\nA canned copy of ${url}, served by the local gateway stand-in.`;
      return {
        input: JSON.stringify(tool.id === 'gateway.deepseek_fetch' ? { url } : { url, format: 'markdown' }),
        result:
          tool.id === 'gateway.deepseek_fetch'
            ? { title: new URL(url).host, content }
            : {
                id: `fetch_${id}`,
                content,
                contentType: 'text/markdown',
                encoding: 'utf-8',
                headers: { 'content-type': 'text/markdown; charset=utf-8' },
                statusCode: 200,
              },
        summary: `fetched ${url} (${content.length} characters of Markdown)`,
      };
    }
    default:
      return {
        input: JSON.stringify({ query }),
        result: { error: 'unknown_tool', message: `The local gateway stand-in has no tool ${tool.id}.` },
        summary: `${tool.id} is not a tool the stand-in knows`,
      };
  }
}
