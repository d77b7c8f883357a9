import { GatewayServerError } from '../errors/gateway-server-error';
import type { OutagePolicy } from './governance/store-guard';
import { counterKey } from './governance/windows';
import type { CounterStore, UsageStore } from '../storage/types';
import { jsonResponse } from './response-body';

/** Liveness: the process answers. */
export const HEALTH_PATH = '/health';
/** Readiness: whether this replica can serve calls now, with its stores checked. */
export const READY_PATH = '/health/ready';

export const isHealthPath = (pathname: string) => pathname === HEALTH_PATH || pathname === READY_PATH;

/** How long a store may take to answer a readiness check before it counts as unavailable. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** A counter and a usage id that nothing writes: reading them costs each store one lookup. */
const PROBE_COUNTER = counterKey('health');
const PROBE_GENERATION = 'gen_health';

export interface HealthTargets {
  counters: CounterStore;
  usage: UsageStore;
  onOutage: OutagePolicy;
  timeoutMs?: number;
}

type CheckResult = 'ok' | 'unavailable';

/** Whether `operation` settles well within `timeoutMs`; a store client that queues commands while it reconnects never settles. */
async function check(operation: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), timeoutMs);
  });
  try {
    return await Promise.race([operation().then((): CheckResult => 'ok', (): CheckResult => 'unavailable'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * GET (or HEAD) /health and /health/ready, unauthenticated, for load balancers and orchestrators.
 * Readiness is 503 only when calls would be refused: the counter store is down and `storage.onOutage`
 * is `closed`. A store down under `open` (limits and budgets off), or a usage log that is down (records
 * wait in memory), is `degraded` with 200. Bodies name which store failed, never why: reasons can
 * carry connection strings, and the gateway's log already has them.
 */
export async function handleHealth(request: Request, pathname: string, targets: HealthTargets): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use GET for ${pathname}.` });
  }
  const headers = { 'cache-control': 'no-store' };
  if (pathname === HEALTH_PATH) return jsonResponse({ status: 'ok' }, { headers });
  const timeoutMs = targets.timeoutMs ?? READY_CHECK_TIMEOUT_MS;
  const [counters, usage] = await Promise.all([
    check(() => targets.counters.read([PROBE_COUNTER]), timeoutMs),
    check(() => targets.usage.get(PROBE_GENERATION), timeoutMs),
  ]);
  const refusing = counters === 'unavailable' && targets.onOutage === 'closed';
  const status = refusing ? 'unavailable' : counters === 'ok' && usage === 'ok' ? 'ready' : 'degraded';
  return jsonResponse({ status, checks: { counters, usage } }, { status: refusing ? 503 : 200, headers });
}
