import { GatewayServerError } from '../errors/gateway-server-error';
import { CREDITS_PATH } from '../protocol/wire';
import type { StoredApiKey } from './api-keys';
import { formatUsd } from './cost';
import { generationRecordOf } from './generation-log';
import type { Governance } from './governance/governance';
import { jsonResponse } from './response-body';

/**
 * GET /v1/credits and GET /v1/generation?id=. Credits are the calling key's: with a monthly budget,
 * what is left of it this month; otherwise the configured credit balance minus all spend.
 */
export async function handleAccount(request: Request, pathname: string, apiKey: StoredApiKey, governance: Governance): Promise<Response> {
  if (pathname === CREDITS_PATH) {
    const { balance, used } = await governance.credits(apiKey.name);
    return jsonResponse({ balance: formatUsd(balance), total_used: formatUsd(used) });
  }
  const id = new URL(request.url).searchParams.get('id');
  if (!id) {
    throw new GatewayServerError({ status: 400, type: 'invalid_request_error', message: 'Missing the `id` query parameter, e.g. /v1/generation?id=gen_…', param: 'id' });
  }
  const record = await governance.recorder.get(id);
  // Non-admin keys see only their own generations; another key's id answers as unknown.
  if (!record || (record.keyName !== apiKey.name && !governance.settings.adminKeys.has(apiKey.name))) {
    throw new GatewayServerError({ status: 404, type: 'not_found', message: `Generation '${id}' not found. Ids are the generationId of a call this gateway served.` });
  }
  return jsonResponse({ data: generationRecordOf(record) });
}
