import { GatewayAuthenticationError } from '../errors/gateway-error-classes';

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

/** An environment variable; undefined where there is no `process` (browsers, workerd) and when empty. */
export function readEnv(name: string): string | undefined {
  if (typeof process === 'undefined') return undefined;
  const value = process.env[name];
  // An empty variable counts as unset (`AI_GATEWAY_API_KEY=` falls through to OIDC).
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const MISSING_CREDENTIALS_MESSAGE =
  'No AI Gateway credentials found. Fix it one of two ways: ' +
  '(1) set the AI_GATEWAY_API_KEY environment variable, or pass `apiKey` to createGateway(); or ' +
  '(2) on Vercel, link the project with `vercel link` and pull its OIDC token with `vercel env pull` (sets VERCEL_OIDC_TOKEN).';

export const UNUSABLE_OIDC_TOKEN_MESSAGE =
  'VERCEL_OIDC_TOKEN is set but could not be used: it is expired or invalid and could not be refreshed (`cause` says why). ' +
  'Pull a fresh one with `vercel env pull` (tokens expire after 12 hours), or set AI_GATEWAY_API_KEY instead.';

/** The OIDC token, or why `@vercel/oidc` could not give one (expired, project not linked, …). */
async function oidcToken(): Promise<{ token?: string; failure?: unknown }> {
  try {
    // Loaded lazily: API-key users, browsers and edge bundles never pay for it.
    const { getVercelOidcToken } = await import('@vercel/oidc');
    return { token: await getVercelOidcToken() };
  } catch (failure) {
    return { failure };
  }
}

/**
 * Resolves the credentials for one request, in the gateway's order: the `apiKey`
 * setting, then `AI_GATEWAY_API_KEY`, then the Vercel OIDC token. Runs per request
 * so key functions and refreshed OIDC tokens are picked up; nothing is cached.
 */
export async function resolveAuth(apiKey: ApiKeySetting | undefined): Promise<ResolvedAuth> {
  const configured = await (typeof apiKey === 'function' ? apiKey() : apiKey);
  const key = configured || readEnv('AI_GATEWAY_API_KEY');
  if (key) return { token: key, method: 'api-key' };

  const oidc = await oidcToken();
  if (oidc.token) return { token: oidc.token, method: 'oidc' };

  // A set but unusable token (expired, and the refresh failed) is not "no credentials".
  const unusableToken = oidc.failure !== undefined && readEnv('VERCEL_OIDC_TOKEN') !== undefined;
  throw new GatewayAuthenticationError({
    message: unusableToken ? UNUSABLE_OIDC_TOKEN_MESSAGE : MISSING_CREDENTIALS_MESSAGE,
    statusCode: 401,
    cause: oidc.failure,
  });
}
