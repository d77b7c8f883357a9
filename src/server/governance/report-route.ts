import { GatewayServerError } from '../../errors/gateway-server-error';
import type { ReportGroupBy, ReportQuery } from '../../storage/types';
import type { StoredApiKey } from '../api-keys';
import type { Governance } from './governance';
import { jsonResponse } from '../response-body';

const GROUP_BYS: readonly ReportGroupBy[] = ['day', 'user', 'model', 'tag', 'provider', 'credential_type', 'key', 'team', 'quota_entity'];

const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

function parseDate(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw invalid(name, `Missing the \`${name}\` query parameter (a UTC date, YYYY-MM-DD).`);
  const date = new Date(`${value}T00:00:00Z`);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  if (!valid) throw invalid(name, `Invalid \`${name}\`: expected a real UTC date as YYYY-MM-DD, e.g. 2026-11-01.`);
  return value;
}

function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `Invalid \`${name}\`: use one of ${allowed.join(', ')}.`);
  return value as T;
}

const optional = (params: URLSearchParams, name: string) => {
  const value = params.get(name);
  return value === null || value === '' ? undefined : value;
};

/**
 * `/v1/report`'s query string → a `ReportQuery` (protocol names: `start_date`, `end_date`, `group_by`,
 * `date_part`, `user_id`, `model`, `provider`, `credential_type`, `tags` comma-joined; this gateway
 * adds `key`, `team` and `quota_entity`). Throws 400 naming the bad parameter. Pure.
 */
export function parseReportQuery(params: URLSearchParams): ReportQuery {
  const startDate = parseDate(params, 'start_date');
  const endDate = parseDate(params, 'end_date');
  if (endDate < startDate) throw invalid('end_date', '`end_date` is before `start_date`; both are inclusive UTC dates.');
  const groupBy = oneOf(params, 'group_by', GROUP_BYS) ?? 'day';
  const datePart = oneOf(params, 'date_part', ['day', 'hour'] as const) ?? 'day';
  const credentialType = oneOf(params, 'credential_type', ['byok', 'system'] as const);
  const tags = optional(params, 'tags')
    ?.split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const query: ReportQuery = { startDate, endDate, groupBy, datePart };
  const user = optional(params, 'user_id');
  const model = optional(params, 'model');
  const provider = optional(params, 'provider');
  const keyName = optional(params, 'key');
  const team = optional(params, 'team');
  const quotaEntity = optional(params, 'quota_entity');
  if (user !== undefined) query.user = user;
  if (model !== undefined) query.model = model;
  if (provider !== undefined) query.provider = provider;
  if (credentialType !== undefined) query.credentialType = credentialType;
  if (tags && tags.length > 0) query.tags = tags;
  if (keyName !== undefined) query.keyName = keyName;
  if (team !== undefined) query.team = team;
  if (quotaEntity !== undefined) query.quotaEntity = quotaEntity;
  return query;
}

/** GET /v1/report: admin keys see every record; other keys only their own. */
export async function handleReport(request: Request, apiKey: StoredApiKey, governance: Governance): Promise<Response> {
  const query = parseReportQuery(new URL(request.url).searchParams);
  if (!governance.settings.adminKeys.has(apiKey.name)) {
    if (query.keyName !== undefined && query.keyName !== apiKey.name) {
      throw new GatewayServerError({ status: 403, type: 'forbidden', message: 'Only admin keys may report on other keys; leave out `key`.', param: 'key' });
    }
    query.keyName = apiKey.name;
  }
  // Queued records belong in the report too.
  await governance.recorder.flush();
  const results = await governance.usage.report(query);
  return jsonResponse({ results });
}
