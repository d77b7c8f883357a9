import type { ClientCredential, RouteAttempt, RoutePlan } from '../routing';

// Claude Code on a Claude subscription ("Claude Max mode") keeps its own login in `Authorization` and sends
// the gateway key in `x-ai-gateway-api-key`: the call goes to Anthropic on the subscription, and the gateway
// routes, limits and logs it as it does any other.

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * The client's own Anthropic credential, when the gateway key came in `x-ai-gateway-api-key`: its
 * `Authorization: Bearer` token (a subscription's login), else its `x-api-key`; never a key of this
 * gateway (`isGatewayKey`), which must not reach a provider. Pure.
 */
export function clientAnthropicCredential(headers: Headers, isGatewayKey: (token: string) => boolean): ClientCredential | undefined {
  if (!headers.get('x-ai-gateway-api-key')?.trim()) return undefined;
  const bearer = BEARER.exec(headers.get('authorization')?.trim() ?? '')?.[1]?.trim();
  const apiKey = headers.get('x-api-key')?.trim();
  const candidates: ClientCredential[] = [
    ...(bearer ? [{ header: 'authorization' as const, token: bearer }] : []),
    ...(apiKey ? [{ header: 'x-api-key' as const, token: apiKey }] : []),
  ];
  return candidates.find((candidate) => !isGatewayKey(candidate.token));
}

/**
 * The plan with an attempt on the client's credential before each attempt with the gateway's own key that
 * `forwards` (goes to Anthropic as sent); the gateway's key stays after it, as after BYOK credentials.
 * Pure: the plan given is unchanged, and returned as it is when no attempt forwards.
 */
export function withClientCredentialAttempts(plan: RoutePlan, credential: ClientCredential, forwards: (attempt: RouteAttempt) => boolean): RoutePlan {
  let added = false;
  const models = plan.models.map(({ model, attempts }) => ({
    model,
    attempts: attempts.flatMap((attempt): RouteAttempt[] => {
      if (attempt.credentialType !== 'system' || !forwards(attempt)) return [attempt];
      added = true;
      return [{ ...attempt, credentialType: 'byok', clientCredential: credential }, attempt];
    }),
  }));
  if (!added) return plan;
  return { ...plan, models, planningReasoning: `${plan.planningReasoning}. Anthropic attempts on the client's own credential first (Claude Max mode), then on the gateway's` };
}
