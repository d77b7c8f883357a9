import { InvalidArgumentError } from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { GatewayResponseError } from './errors/gateway-error-classes';
import type { GatewayClient } from './gateway-client';

export interface GatewayCredits {
  /** Remaining credit, USD, as a decimal string. */
  balance: string;
  /** Credit used so far, USD, as a decimal string. */
  totalUsed: string;
}

export interface GatewayGenerationInfo {
  id: string;
  totalCost: number;
  marketCost?: number;
  surchargeCost?: number;
  gatewayCost?: number;
  upstreamInferenceCost?: number;
  usage?: number;
  createdAt?: string;
  model?: string;
  isByok?: boolean;
  providerName?: string;
  streamed?: boolean;
  finishReason?: string;
  latency?: number;
  generationTime?: number;
  nativeTokensPrompt?: number;
  nativeTokensCompletion?: number;
  nativeTokensReasoning?: number;
  nativeTokensCached?: number;
  nativeTokensCacheCreation?: number;
  billableWebSearchCalls?: number;
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
  credentialType?: string;
  totalCost: number;
  marketCost?: number;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningTokens?: number;
  requestCount?: number;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function camelCaseKeys<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (row[key] !== null) out[camel(key)] = row[key];
  return out as T;
}

const creditsSchema = z.object({ balance: z.string(), total_used: z.string() });
const generationSchema = z.object({
  data: z.looseObject({ id: z.string(), total_cost: z.number() }),
});
const reportSchema = z.object({
  results: z.array(z.looseObject({ total_cost: z.number() })),
});

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
    const { balance, total_used } = await this.get('/v1/credits', query, creditsSchema);
    return { balance, totalUsed: total_used };
  }

  async generation({ id }: { id: string }): Promise<GatewayGenerationInfo> {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new InvalidArgumentError({
        argument: 'id',
        message: 'getGenerationInfo needs the generation id, e.g. result.response.id or providerMetadata.gateway.generationId.',
      });
    }
    const { data } = await this.get('/v1/generation', new URLSearchParams({ id }), generationSchema);
    return camelCaseKeys<GatewayGenerationInfo>(data);
  }

  async spendReport(options: GatewaySpendReportOptions): Promise<GatewaySpendReportRow[]> {
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
    const { results } = await this.get('/v1/report', query, reportSchema);
    return results.map((row) => camelCaseKeys<GatewaySpendReportRow>(row));
  }
}
