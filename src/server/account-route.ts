import { GatewayServerError } from '../errors/gateway-server-error';
import { CREDITS_PATH } from '../protocol/wire';
import { formatUsd } from './cost';
import type { ResolvedServerConfig } from './config';
import type { GenerationLog } from './generation-log';

/** GET /v1/credits and GET /v1/generation?id=, answered from the generation log. */
export function handleAccount(request: Request, pathname: string, config: ResolvedServerConfig, log: GenerationLog): Response {
  if (pathname === CREDITS_PATH) {
    const used = log.totalCost();
    return Response.json({ balance: formatUsd(Math.max(0, config.creditBalance - used)), total_used: formatUsd(used) });
  }
  const id = new URL(request.url).searchParams.get('id');
  if (!id) {
    throw new GatewayServerError({ status: 400, type: 'invalid_request_error', message: 'Missing the `id` query parameter, e.g. /v1/generation?id=gen_…', param: 'id' });
  }
  const record = log.get(id);
  if (!record) {
    throw new GatewayServerError({ status: 404, type: 'not_found', message: `Generation '${id}' not found. Ids are the generationId of a call this gateway served.` });
  }
  return Response.json({ data: record });
}
