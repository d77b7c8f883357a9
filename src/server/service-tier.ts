import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';

// The hosted gateway's `serviceTier` ('flex' or 'priority'), translated for the upstreams that have one here:
// @ai-sdk/openai's models (`providerOptions.openai.serviceTier`, or `service_tier` in a body forwarded to
// OpenAI). It wins over the call's own tier for that provider, as the hosted gateway's does; other upstreams
// have no tier of that meaning and are left as they are.

export const SERVICE_TIERS = ['flex', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

const isServiceTier = (tier: unknown): tier is ServiceTier => SERVICE_TIERS.includes(tier as ServiceTier);

/** Whether an upstream model is one of @ai-sdk/openai's (`openai.chat`, `openai.responses`), which take a service tier. Pure. */
export const takesServiceTier = (model: unknown): boolean => isRecord(model) && typeof model.provider === 'string' && model.provider.startsWith('openai.');

/** A converted call with the tier set for an @ai-sdk/openai model; the call itself for any other model, or with no tier. Pure. */
export function withServiceTier(call: LanguageModelV4CallOptions, model: unknown, tier: unknown): LanguageModelV4CallOptions {
  if (!isServiceTier(tier) || !takesServiceTier(model)) return call;
  return { ...call, providerOptions: { ...call.providerOptions, openai: { ...call.providerOptions?.openai, serviceTier: tier } } };
}

/** A body forwarded to an @ai-sdk/openai model's API with the tier as its `service_tier`; the body itself for any other model, or with no tier. Pure. */
export const withServiceTierField = (body: Record<string, unknown>, model: unknown, tier: unknown): Record<string, unknown> =>
  isServiceTier(tier) && takesServiceTier(model) ? { ...body, service_tier: tier } : body;
