/**
 * The headers of the gateway's async-job webhooks (batches, video jobs). Not in wire.ts: the client
 * bundles carried them from there (3 B of modelgate/v4), and only the server sends webhooks.
 */

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, "<t>.<raw body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-ai-gateway-signature';
/** `<jobId>-<status>`: the same event delivered twice has the same key. */
export const WEBHOOK_IDEMPOTENCY_HEADER = 'x-ai-gateway-idempotency-key';
