import type { SpecificationVersion } from '../protocol/spec-versions';
import type { StoredApiKey } from './api-keys';
import type { ModelPricing, ResolvedServerConfig } from './config';
import { formatUsd } from './cost';
import { jsonResponse } from './response-body';

const PRICE_FIELDS = ['input', 'output', 'input_cache_read', 'input_cache_write', 'image'] as const;

/**
 * The catalog's pricing object, or null. Clients reject a pricing object without both `input`
 * and `output` (the whole catalog fails to parse), so an unset token price is listed as '0':
 * an embedding model has no output tokens, an image model is priced per image.
 */
export function catalogPricing(pricing: ModelPricing | undefined): Record<string, string> | null {
  if (!pricing) return null;
  const entries = PRICE_FIELDS.filter((field) => pricing[field] !== undefined).map((field) => {
    const price = pricing[field]!;
    // Numbers as decimals: String(1e-7) would be '1e-7'.
    return [field, typeof price === 'number' ? formatUsd(price) : price];
  });
  if (entries.length === 0) return null;
  return { input: '0', output: '0', ...Object.fromEntries(entries) };
}

/** GET {base}/config: the models this key may use, priced at their first provider, in the client's spec version. */
export function catalogResponse(config: ResolvedServerConfig, version: SpecificationVersion, apiKey: StoredApiKey): Response {
  const models = [...config.models.values()]
    .filter((model) => !apiKey.models || apiKey.models.has(model.id))
    .map((model) => {
      const first = model.endpoints[0]!;
      return {
        id: model.id,
        name: model.name,
        ...(model.description ? { description: model.description } : {}),
        pricing: catalogPricing(first.pricing),
        specification: { specificationVersion: version, provider: first.provider, modelId: model.id },
        modelType: model.type,
      };
    });
  return jsonResponse({ models });
}
