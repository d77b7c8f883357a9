import { GatewayServerError } from '../../errors/gateway-server-error';

/** Who a call is attributed to: its key, the key's team, and the end user and tags it names. */
export interface CallIdentity {
  keyName: string;
  team?: string;
  user?: string;
  tags: string[];
}

export const MAX_USER_LENGTH = 256;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 64;

const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

/**
 * `providerOptions.gateway.user` and `.tags`, checked against the hosted gateway's limits (user at
 * most 256 characters; at most 10 distinct tags of 1–64 characters). The values are never echoed.
 */
export function parseCallIdentity(gatewayOptions: Record<string, unknown>, keyName: string, team: string | undefined): CallIdentity {
  const { user, tags } = gatewayOptions;
  if (user !== undefined && (typeof user !== 'string' || user.length === 0 || user.length > MAX_USER_LENGTH)) {
    throw invalid('providerOptions.gateway.user', `Invalid providerOptions.gateway.user: expected a string of 1 to ${MAX_USER_LENGTH} characters identifying the end user.`);
  }
  let distinct: string[] = [];
  if (tags !== undefined) {
    if (!Array.isArray(tags)) throw invalid('providerOptions.gateway.tags', 'Invalid providerOptions.gateway.tags: expected an array of strings, e.g. ["feature:chat"].');
    tags.forEach((tag, index) => {
      if (typeof tag !== 'string' || tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
        throw invalid(`providerOptions.gateway.tags.${index}`, `Invalid providerOptions.gateway.tags.${index}: each tag is a string of 1 to ${MAX_TAG_LENGTH} characters.`);
      }
    });
    distinct = [...new Set(tags as string[])];
    if (distinct.length > MAX_TAGS) throw invalid('providerOptions.gateway.tags', `Invalid providerOptions.gateway.tags: at most ${MAX_TAGS} distinct tags per call, received ${distinct.length}.`);
  }
  return { keyName, ...(team !== undefined ? { team } : {}), ...(user !== undefined ? { user: user as string } : {}), tags: distinct };
}
