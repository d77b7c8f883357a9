import type { SpecificationVersion } from '../protocol/spec-versions';
import type { StoredApiKey } from './api-keys';
import type { ModelPricing, ResolvedServerConfig } from './config';

const PRICE_FIELDS = ['input', 'output', 'input_cache_read', 'input_cache_write', 'image'] as const;

function catalogPricing(pricing: ModelPricing | undefined): Record<string, string> | null {
  if (!pricing) return null;
  const entries = PRICE_FIELDS.filter((field) => pricing[field] !== undefined).map((field) => [field, String(pricing[field])]);
  return entries.length ? Object.fromEntries(entries) : null;
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
  return Response.json({ models });
}
