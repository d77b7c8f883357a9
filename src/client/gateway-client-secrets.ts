import { InvalidArgumentError } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { CLIENT_SECRETS_PATH } from '../protocol/websocket-protocol';
import type { GatewayClient } from './gateway-client';

export interface ClientSecretRequest {
  modelId: string;
  /** The WebSocket surface the secret is bound to; omitted for realtime (the gateway's default). */
  routeKind?: 'speech' | 'transcription';
  /** Lifetime in seconds (gateway default 60, at most 300). */
  expiresAfterSeconds?: number;
}

export interface ClientSecret {
  /** A `vcst_…` token, safe to hand to a browser. */
  token: string;
  /** Expiry, in epoch seconds. */
  expiresAt?: number;
}

/**
 * Mints a short-lived client secret with the long-lived gateway credential. Server side
 * only: the credential must never reach a browser, only the secret does.
 */
export async function mintClientSecret(client: GatewayClient, request: ClientSecretRequest): Promise<ClientSecret> {
  if (typeof (globalThis as { window?: unknown }).window !== 'undefined') {
    throw new Error(
      'AI Gateway client secrets must be minted on a server: minting needs your gateway credential, which must never reach a browser. ' +
        'Call getToken() in a server route and send the browser only the token it returns.',
    );
  }
  const { modelId, routeKind, expiresAfterSeconds } = request;
  if (
    expiresAfterSeconds !== undefined &&
    (typeof expiresAfterSeconds !== 'number' || !Number.isFinite(expiresAfterSeconds) || expiresAfterSeconds <= 0)
  ) {
    throw new InvalidArgumentError({
      argument: 'expiresAfterSeconds',
      message: `Invalid expiresAfterSeconds ${JSON.stringify(expiresAfterSeconds)}: expected a number of seconds > 0 (the gateway allows up to 300; default 60).`,
    });
  }
  const sent = await client.send({
    url: new URL(CLIENT_SECRETS_PATH, client.baseURL).toString(),
    body: {
      model: modelId,
      ...(routeKind && { routeKind }),
      ...(expiresAfterSeconds !== undefined && { expiresIn: expiresAfterSeconds }),
    },
  });
  const body = await client.json<unknown>(sent);
  if (!isRecord(body) || typeof body.token !== 'string' || !(body.expiresAt == null || typeof body.expiresAt === 'number')) {
    throw client.unexpectedResponse(
      sent,
      'The AI Gateway answered a client-secret request without a `token` string (and an optional numeric `expiresAt`).',
    );
  }
  return { token: body.token, ...(typeof body.expiresAt === 'number' && { expiresAt: body.expiresAt }) };
}
