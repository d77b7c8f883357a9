import { loadOptionalSetting } from '@ai-sdk/provider-utils';
import { GatewayAuthenticationError } from './errors/gateway-error-classes';

export type AuthMethod = 'api-key' | 'oidc';

export interface ResolvedAuth {
  token: string;
  method: AuthMethod;
}

export type ApiKeySetting = string | (() => string | undefined | Promise<string | undefined>);

export function readEnv(name: string): string | undefined {
  // An empty variable counts as unset (`AI_GATEWAY_API_KEY=` falls through to OIDC).
  return loadOptionalSetting({ settingValue: undefined, environmentVariableName: name }) || undefined;
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
  const configured = typeof apiKey === 'function' ? await apiKey() : apiKey;
  const key = configured || readEnv('AI_GATEWAY_API_KEY');
  if (key) return { token: key, method: 'api-key' };

  const token = await oidcToken();
  if (token) return { token, method: 'oidc' };

  throw new GatewayAuthenticationError({ message: MISSING_CREDENTIALS_MESSAGE, statusCode: 401 });
}
