import type { SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { RequestContext } from '../request-context';
import type { RouteAttempt } from '../routing';
import { parseCacheControl, responseCacheKey, type CacheDirectives } from './response-cache';

/** A call's response-cache key and directives. */
export interface CachePlan {
  key: string;
  directives: CacheDirectives;
}

/** The response-cache plan of a call, or undefined when it asks for no caching (no `cacheControl`, `no-store`, `max-age=0`). */
export function cachePlan(context: RequestContext, kind: 'language' | 'embedding', options: object, streaming: boolean): CachePlan | undefined {
  const cacheControl = context.gatewayOptions.cacheControl;
  if (typeof cacheControl !== 'string') return undefined;
  const directives = parseCacheControl(cacheControl);
  if (directives.freshMs <= 0) return undefined;
  const key = responseCacheKey({ kind, modelId: context.modelId, streaming, options: { ...options }, gatewayOptions: context.gatewayOptions });
  return { key, directives };
}

/** Provider metadata as stored in the cache: the gateway's own part is per call, so it is left out. */
export const withoutGatewayMetadata = (metadata: SharedV4ProviderMetadata | undefined): SharedV4ProviderMetadata | undefined => {
  if (!metadata || !('gateway' in metadata)) return metadata;
  const { gateway: _gateway, ...rest } = metadata;
  return rest;
};

/** The attempt a cache hit is logged under: the provider that served the stored answer. */
export const cachedAttempt = (context: RequestContext, entry: { provider: string; providerModel: string }): RouteAttempt => ({
  modelId: context.modelId,
  provider: entry.provider,
  providerModelId: entry.providerModel,
  credentialType: 'system',
});
