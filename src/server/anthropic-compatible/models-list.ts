import { GatewayServerError } from '../../errors/gateway-server-error';
import type { ResolvedModel, ResolvedServerConfig } from '../config';
import { messagesErrorResponse } from './messages-route';
import { jsonResponse } from '../response-body';

/** Anthropic clients send this header on every request; OpenAI clients never do. */
export const ANTHROPIC_VERSION_HEADER = 'anthropic-version';

export const isAnthropicClient = (request: Request) => request.headers.has(ANTHROPIC_VERSION_HEADER);

/** The config has no release dates; Anthropic documents an epoch `created_at` for "unknown". */
const UNKNOWN_RELEASE = '1970-01-01T00:00:00Z';
const MAX_LIMIT = 1_000;

const invalid = (message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message });

export interface AnthropicModelPageQuery {
  limit?: string | null;
  afterId?: string | null;
  beforeId?: string | null;
}

/**
 * GET /v1/models for Anthropic clients (Claude Code's gateway model discovery, `client.models.list()`):
 * the language models (what /v1/messages can serve) as `{ data, has_more, first_id, last_id }`,
 * paged by `limit`, `after_id`, `before_id`. Pure.
 */
export function anthropicModelPage(config: Pick<ResolvedServerConfig, 'models'>, query: AnthropicModelPageQuery) {
  const models = [...config.models.values()].filter((model) => model.type === 'language');
  if (query.afterId && query.beforeId) throw invalid('Send at most one of `after_id` and `before_id`.');
  const cursor = query.afterId ?? query.beforeId;
  const cursorIndex = cursor ? models.findIndex((model) => model.id === cursor) : -1;
  if (cursor && cursorIndex < 0) throw invalid(`Unknown model id ${JSON.stringify(cursor)} in \`${query.afterId ? 'after_id' : 'before_id'}\`; use an id from a previous page.`);
  let limit = models.length;
  if (query.limit != null) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid(`\`limit\` must be an integer from 1 to ${MAX_LIMIT}; got ${JSON.stringify(query.limit)}.`);
  }
  // Without `limit` the whole list comes in one page, as the hosted /v1/models does, so clients that never page still see every model.
  let start = 0;
  let end = models.length;
  if (query.beforeId) {
    end = cursorIndex;
    start = Math.max(0, end - limit);
  } else {
    start = query.afterId ? cursorIndex + 1 : 0;
    end = Math.min(models.length, start + limit);
  }
  const data = models.slice(start, end).map(anthropicModelEntry);
  return {
    data,
    has_more: query.beforeId ? start > 0 : end < models.length,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}

/** One language model as Anthropic's list and `GET /v1/models/{id}` show it. Pure. */
function anthropicModelEntry(model: Pick<ResolvedModel, 'id' | 'name'>) {
  return {
    type: 'model' as const,
    id: model.id,
    display_name: model.name,
    created_at: UNKNOWN_RELEASE,
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active' as const,
    line: null,
    max_input_tokens: null,
    max_tokens: null,
    retires_at: null,
  };
}

/** GET /v1/models/{id} for Anthropic clients (`client.models.retrieve`): a language model, or 404 in Anthropic's error form. */
export function anthropicModelDetail(config: ResolvedServerConfig, modelId: string): Response {
  const model = config.models.get(modelId);
  if (!model || model.type !== 'language') {
    return messagesErrorResponse(new GatewayServerError({ status: 404, type: 'model_not_found', message: `Model '${modelId}' not found.`, param: { modelId } }));
  }
  return jsonResponse(anthropicModelEntry(model));
}

/** The Anthropic-format model list, or its 400 in Anthropic's error form. */
export function anthropicModelList(config: ResolvedServerConfig, request: Request): Response {
  const params = new URL(request.url).searchParams;
  try {
    return jsonResponse(anthropicModelPage(config, { limit: params.get('limit'), afterId: params.get('after_id'), beforeId: params.get('before_id') }));
  } catch (error) {
    if (GatewayServerError.isInstance(error)) return messagesErrorResponse(error);
    throw error;
  }
}
