/**
 * Webhook deliveries for the gateway's async jobs, signed as the hosted gateway signs them: the
 * `x-ai-gateway-signature` header carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * under the job's signing secret (handed out once, in the start answer), and `x-ai-gateway-idempotency-key`
 * is `<jobId>-<status>`, so a receiver can drop repeats. A delivery needs a 2xx within 10 s; redirects are
 * not followed; a failed one is tried again twice. The secret lives only in the memory of the replica
 * running the job: it is never stored or logged.
 */
import { delay } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../errors/gateway-server-error';
import { WEBHOOK_IDEMPOTENCY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '../protocol/webhook-headers';
import { toHex } from './sha256';
import { randomToken } from './tokens';

const DELIVERY_TIMEOUT_MS = 10_000;
/** Waits before the second and third tries. */
const RETRY_DELAYS_MS = [1_000, 5_000];

const encoder = new TextEncoder();

/** A new signing secret for one job's webhook: 256 random bits. */
export const newWebhookSigningSecret = () => randomToken('whsec_');

/** The `x-ai-gateway-signature` value for `body` sent at `unixSeconds`. */
export async function webhookSignature(secret: string, body: string, unixSeconds: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${toHex(new Uint8Array(signature))}`;
}

/** The webhook URL a start names (`callbackUrl`), when it is one the gateway will call: http or https. */
export function webhookTarget(callbackUrl: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(callbackUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: 'The webhook URL must be an absolute http or https URL that answers POST, e.g. https://example.com/hooks/video.',
      param: 'callbackUrl',
    });
  }
  return url;
}

export interface WebhookDelivery {
  url: URL;
  secret: string;
  /** The event, e.g. `{ type: 'video.completed', data: { jobId, status } }`: never results. */
  event: { type: string; data: { jobId: string; status: string } };
}

/**
 * Delivers one event; true once a try got a 2xx. Failures are logged with the URL's origin only (its path
 * or query may hold a token of the receiver's).
 */
export async function deliverWebhook(delivery: WebhookDelivery, log: (line: string) => void): Promise<boolean> {
  const body = JSON.stringify(delivery.event);
  const { jobId, status } = delivery.event.data;
  let failure = '';
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt += 1) {
    if (attempt > 0) await delay(RETRY_DELAYS_MS[attempt - 1]!);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: await webhookSignature(delivery.secret, body, Math.floor(Date.now() / 1000)),
          [WEBHOOK_IDEMPOTENCY_HEADER]: `${jobId}-${status}`,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => {});
      if (response.status >= 200 && response.status < 300) return true;
      failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  log(`[modelgate] ${jobId}: the ${delivery.event.type} webhook to ${delivery.url.origin} failed ${RETRY_DELAYS_MS.length + 1} times (last: ${failure}); the job's status stays available to polls.`);
  return false;
}
