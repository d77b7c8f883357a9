import { GatewayServerError } from '../../errors/gateway-server-error';
import type { StoredApiKey } from '../api-keys';
import type { Governance } from '../governance/governance';
import { PROMETHEUS_CONTENT_TYPE, renderExposition } from './prometheus-text';

export const METRICS_PATH = '/metrics';

/** GET /metrics: this replica's metrics in Prometheus's text format, for admin keys (a scraper sends one as its bearer token). */
export function handleMetrics(request: Request, apiKey: StoredApiKey, governance: Governance): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use GET for ${METRICS_PATH}.` });
  }
  if (!governance.settings.adminKeys.has(apiKey.name)) {
    throw new GatewayServerError({
      status: 403,
      type: 'forbidden',
      message: `Only admin keys may read ${METRICS_PATH}: give the scraper a key with \`admin: true\` in the gateway config.`,
    });
  }
  // Calls ended a moment ago may still have their records to make: made first, they count.
  governance.recorder.makeWaiting();
  const text = renderExposition(
    governance.metrics.families({ storeUp: !governance.guard.outage, pendingRecords: governance.recorder.pending, droppedRecords: governance.recorder.dropped }),
  );
  return new Response(text, { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' } });
}
