import { GatewayServerError } from '../../errors/gateway-server-error';

/** Who a call is attributed to: its key, the key's team, and the end user, tags and quota entity it names. */
export interface CallIdentity {
  keyName: string;
  team?: string;
  user?: string;
  tags: string[];
  /** `providerOptions.gateway.quotaEntityId`: the tenant whose budget the call spends. */
  quotaEntity?: string;
}

export const MAX_USER_LENGTH = 256;
export const MAX_QUOTA_ENTITY_LENGTH = 256;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 64;

const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

/** The reporting headers the hosted gateway reads when the body names no user or tags (OpenAI-compatible clients that cannot add body fields). */
export const REPORTING_USER_HEADER = 'ai-reporting-user';
export const REPORTING_TAGS_HEADER = 'ai-reporting-tags';

/**
 * `providerOptions.gateway.user` and `.tags` (else the `ai-reporting-user` / `ai-reporting-tags`
 * headers, tags comma-separated), checked against the hosted gateway's limits (user at most 256
 * characters; at most 10 distinct tags of 1–64 characters), and `.quotaEntityId` (1 to 256 characters).
 * The values are never echoed.
 */
export function parseCallIdentity(gatewayOptions: Record<string, unknown>, keyName: string, team: string | undefined, headers?: Headers): CallIdentity {
  const userHeader = headers?.get(REPORTING_USER_HEADER) ?? undefined;
  const tagsHeader = headers?.get(REPORTING_TAGS_HEADER) ?? undefined;
  const fromBody = { user: gatewayOptions.user !== undefined, tags: gatewayOptions.tags !== undefined };
  const user = fromBody.user ? gatewayOptions.user : userHeader?.trim();
  const tags = fromBody.tags ? gatewayOptions.tags : tagsHeader?.split(',').map((tag) => tag.trim()).filter((tag) => tag.length > 0);
  const userParam = fromBody.user ? 'providerOptions.gateway.user' : REPORTING_USER_HEADER;
  const tagsParam = fromBody.tags ? 'providerOptions.gateway.tags' : REPORTING_TAGS_HEADER;
  if (user !== undefined && (typeof user !== 'string' || user.length === 0 || user.length > MAX_USER_LENGTH)) {
    throw invalid(userParam, `Invalid ${userParam}: expected a string of 1 to ${MAX_USER_LENGTH} characters identifying the end user.`);
  }
  let distinct: string[] = [];
  if (tags !== undefined) {
    if (!Array.isArray(tags)) throw invalid(tagsParam, `Invalid ${tagsParam}: expected an array of strings, e.g. ["feature:chat"].`);
    tags.forEach((tag, index) => {
      if (typeof tag !== 'string' || tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
        const at = fromBody.tags ? `${tagsParam}.${index}` : tagsParam;
        throw invalid(at, `Invalid ${at}: each tag is a string of 1 to ${MAX_TAG_LENGTH} characters.`);
      }
    });
    distinct = [...new Set(tags as string[])];
    if (distinct.length > MAX_TAGS) throw invalid(tagsParam, `Invalid ${tagsParam}: at most ${MAX_TAGS} distinct tags per call, received ${distinct.length}.`);
  }
  const quotaEntity = gatewayOptions.quotaEntityId;
  if (quotaEntity !== undefined && (typeof quotaEntity !== 'string' || quotaEntity.length === 0 || quotaEntity.length > MAX_QUOTA_ENTITY_LENGTH)) {
    const param = 'providerOptions.gateway.quotaEntityId';
    throw invalid(param, `Invalid ${param}: expected a string of 1 to ${MAX_QUOTA_ENTITY_LENGTH} characters naming the tenant whose budget the call spends.`);
  }
  return {
    keyName,
    ...(team !== undefined ? { team } : {}),
    ...(user !== undefined ? { user: user as string } : {}),
    tags: distinct,
    ...(quotaEntity !== undefined ? { quotaEntity } : {}),
  };
}
