import { InvalidArgumentError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import type { GatewayClient } from './gateway-client';
import { CREDITS_PATH, GENERATION_PATH, REPORT_PATH } from '../protocol/wire';

export interface GatewayCredits {
  /** Remaining credit, USD, as a decimal string. */
  balance: string;
  /** Credit used so far, USD, as a decimal string. */
  totalUsed: string;
}

/** One generation, with the field names the public client uses. */
export interface GatewayGenerationInfo {
  /** `gen_<ulid>` */
  id: string;
  /** USD */
  totalCost: number;
  /** USD before surcharges, when the gateway reports it. */
  marketCost?: number;
  /** USD of surcharges, when the gateway reports it. */
  surchargeCost?: number;
  /** USD debited, when the gateway reports it. */
  gatewayCost?: number;
  /** USD the upstream provider charged (BYOK). */
  upstreamInferenceCost: number;
  /** USD, the same as `totalCost`. */
  usage: number;
  /** ISO 8601 */
  createdAt: string;
  model: string;
  isByok: boolean;
  providerName: string;
  streamed: boolean;
  finishReason: string;
  /** Time to first token, ms. */
  latency: number;
  /** Whole generation, ms. */
  generationTime: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  cacheCreationTokens: number;
  billableWebSearchCalls: number;
}

export interface GatewayGenerationInfoParams {
  /** The generation id (`gen_<ulid>`): `result.response.id` or `providerMetadata.gateway.generationId`. */
  id: string;
}

export interface GatewaySpendReportOptions {
  /** `YYYY-MM-DD` */
  startDate: string;
  /** `YYYY-MM-DD` */
  endDate: string;
  groupBy?: 'day' | 'user' | 'model' | 'tag' | 'provider' | 'credential_type';
  datePart?: 'day' | 'hour';
  userId?: string;
  model?: string;
  provider?: string;
  credentialType?: 'byok' | 'system';
  tags?: string[];
}

export interface GatewaySpendReportRow {
  day?: string;
  hour?: string;
  user?: string;
  model?: string;
  tag?: string;
  provider?: string;
  credentialType?: 'byok' | 'system';
  totalCost: number;
  marketCost?: number;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
  requestCount?: number;
}

export interface GatewaySpendReportResponse {
  results: GatewaySpendReportRow[];
}

const creditsSchema = z.object({ balance: z.string(), total_used: z.string() });

const optionalNumber = z.number().nullish();
const generationSchema = z.object({
  data: z.object({
    id: z.string(),
    total_cost: z.number(),
    market_cost: optionalNumber,
    surcharge_cost: optionalNumber,
    gateway_cost: optionalNumber,
    upstream_inference_cost: z.number(),
    usage: z.number(),
    created_at: z.string(),
    model: z.string(),
    is_byok: z.boolean(),
    provider_name: z.string(),
    streamed: z.boolean(),
    finish_reason: z.string(),
    latency: z.number(),
    generation_time: z.number(),
    native_tokens_prompt: z.number(),
    native_tokens_completion: z.number(),
    native_tokens_reasoning: z.number(),
    native_tokens_cached: z.number(),
    native_tokens_cache_creation: z.number(),
    billable_web_search_calls: z.number(),
  }),
});

const optionalString = z.string().nullish();
const reportSchema = z.object({
  results: z.array(
    z.object({
      day: optionalString,
      hour: optionalString,
      user: optionalString,
      model: optionalString,
      tag: optionalString,
      provider: optionalString,
      credential_type: z.enum(['byok', 'system']).nullish(),
      total_cost: z.number(),
      market_cost: optionalNumber,
      input_tokens: optionalNumber,
      output_tokens: optionalNumber,
      cached_input_tokens: optionalNumber,
      cache_creation_input_tokens: optionalNumber,
      reasoning_tokens: optionalNumber,
      request_count: optionalNumber,
    }),
  ),
});

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;
/** `native_tokens_prompt` → `promptTokens`, `total_cost` → `totalCost`: the public client's names. */
type ResultName<K extends string> = K extends `native_tokens_${infer Kind}` ? CamelCase<`${Kind}_tokens`> : CamelCase<K>;
type WithResultNames<T> = { [K in keyof T as ResultName<K & string>]: Exclude<T[K], null> };

const resultName = (key: string) =>
  key.replace(/^native_tokens_(.*)$/, '$1_tokens').replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A validated wire object under the public client's names, with `null`s dropped. */
export function withResultNames<T extends object>(wire: T): WithResultNames<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) if (value != null) out[resultName(key)] = value;
  // The loop renames exactly as `WithResultNames` does at the type level.
  return out as WithResultNames<T>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Account endpoints live on the gateway's origin, not under the model base path. */
export class GatewayAccount {
  constructor(private readonly client: GatewayClient) {}

  private async get<S extends z.ZodType>(path: string, query: URLSearchParams, schema: S): Promise<z.infer<S>> {
    const url = new URL(path, new URL(this.client.baseURL).origin);
    url.search = query.toString();
    const sent = await this.client.send({ url: url.toString(), method: 'GET' });
    const parsed = schema.safeParse(await this.client.json(sent));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new GatewayResponseError({
        message: `The AI Gateway answered ${url.pathname} in an unexpected shape: ${issue.path.join('.') || '(root)'}: ${issue.message}.`,
        statusCode: sent.response.status,
        url: url.toString(),
        responseHeaders: sent.responseHeaders,
      });
    }
    return parsed.data;
  }

  async credits(): Promise<GatewayCredits> {
    const query = new URLSearchParams();
    const team = this.client.teamIdOrSlug;
    if (team) query.set(team.startsWith('team_') ? 'teamId' : 'slug', team);
    const { balance, total_used } = await this.get(CREDITS_PATH, query, creditsSchema);
    return { balance, totalUsed: total_used };
  }

  async generation({ id }: GatewayGenerationInfoParams): Promise<GatewayGenerationInfo> {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new InvalidArgumentError({
        argument: 'id',
        message: 'getGenerationInfo needs the generation id, e.g. result.response.id or providerMetadata.gateway.generationId.',
      });
    }
    const { data } = await this.get(GENERATION_PATH, new URLSearchParams({ id }), generationSchema);
    return withResultNames(data);
  }

  async spendReport(options: GatewaySpendReportOptions): Promise<GatewaySpendReportResponse> {
    for (const key of ['startDate', 'endDate'] as const) {
      if (typeof options?.[key] !== 'string' || !DATE.test(options[key])) {
        throw new InvalidArgumentError({
          argument: key,
          message: `getSpendReport needs ${key} as YYYY-MM-DD, e.g. { startDate: '2026-11-01', endDate: '2026-11-21' }.`,
        });
      }
    }
    const query = new URLSearchParams({ start_date: options.startDate, end_date: options.endDate });
    const optional: Array<[string, string | undefined]> = [
      ['group_by', options.groupBy],
      ['date_part', options.datePart],
      ['user_id', options.userId],
      ['model', options.model],
      ['provider', options.provider],
      ['credential_type', options.credentialType],
      ['tags', options.tags?.join(',')],
    ];
    for (const [name, value] of optional) if (value) query.set(name, value);
    const { results } = await this.get(REPORT_PATH, query, reportSchema);
    return { results: results.map((row) => withResultNames(row)) };
  }
}
