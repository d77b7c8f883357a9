import { resolve } from '@ai-sdk/provider-utils';
import { GatewayAuthenticationError } from './errors/gateway-error-classes';

export type AuthMethod = 'api-key' | 'oidc';

export interface ResolvedAuth {
  token: string;
  method: AuthMethod;
}

/** A key, a promise of one, or a function returning either (called before each request). */
export type ApiKeySetting =
  | string
  | PromiseLike<string | undefined>
  | (() => string | undefined | PromiseLike<string | undefined>);

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export function readEnv(name: string): string | undefined {
  // `process` is absent in browsers and some edge runtimes.
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

export const MISSING_CREDENTIALS_MESSAGE =
  'No AI Gateway credentials found. Fix it one of two ways: ' +
  '(1) set the AI_GATEWAY_API_KEY environment variable, or pass `apiKey` to createGateway(); or ' +
  '(2) on Vercel, link the project with `vercel link` and pull its OIDC token with `vercel env pull` (sets VERCEL_OIDC_TOKEN).';

async function oidcToken(): Promise<string | undefined> {
  try {
    // Loaded lazily: API-key users, browsers and edge bundles never pay for it.
    const { getVercelOidcToken } = await import('@vercel/oidc');
    return await getVercelOidcToken();
  } catch {
    return undefined;
  }
}

/**
 * Resolves the credentials for one request, in the gateway's order: the `apiKey`
 * setting, then `AI_GATEWAY_API_KEY`, then the Vercel OIDC token. Runs per request
 * so key functions and refreshed OIDC tokens are picked up; nothing is cached.
 */
export async function resolveAuth(apiKey: ApiKeySetting | undefined): Promise<ResolvedAuth> {
  const configured = apiKey === undefined ? undefined : await resolve(apiKey);
  const key = configured || readEnv('AI_GATEWAY_API_KEY');
  if (key) return { token: key, method: 'api-key' };

  const token = await oidcToken();
  if (token) return { token, method: 'oidc' };

  throw new GatewayAuthenticationError({ message: MISSING_CREDENTIALS_MESSAGE, statusCode: 401 });
}
