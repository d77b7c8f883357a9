import { z } from 'zod/v4';
import type { GatewayClient } from './gateway-client';
import { GatewayResponseError } from './errors/gateway-error-classes';
import type { GatewayModelPricing } from './usage';

export interface GatewayModelEntry {
  id: string;
  name: string;
  description?: string;
  pricing?: GatewayModelPricing;
  specification: { specificationVersion: string; provider: string; modelId: string };
  modelType?: 'language' | 'embedding' | 'image';
}

export interface GatewayCatalog {
  models: GatewayModelEntry[];
}

const KNOWN_MODEL_TYPES = new Set(['language', 'embedding', 'image']);

const configResponseSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullish(),
      pricing: z
        .object({
          input: z.string(),
          output: z.string(),
          input_cache_read: z.string().nullish(),
          input_cache_write: z.string().nullish(),
        })
        .nullish(),
      // Lenient: a gateway newer than this client may announce spec versions it does not know.
      specification: z.object({
        specificationVersion: z.string(),
        provider: z.string(),
        modelId: z.string(),
      }),
      modelType: z.string().nullish(),
    }),
  ),
});

export function catalogFromResponse(json: unknown, url: string): GatewayCatalog {
  const parsed = configResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatewayResponseError({
      message: `The AI Gateway catalog (${url}) is not in the expected shape: ${issue.path.join('.')}: ${issue.message}.`,
      url,
      isRetryable: true,
    });
  }
  const models: GatewayModelEntry[] = [];
  for (const entry of parsed.data.models) {
    if (entry.modelType != null && !KNOWN_MODEL_TYPES.has(entry.modelType)) continue;
    const { pricing } = entry;
    models.push({
      id: entry.id,
      name: entry.name,
      ...(entry.description != null ? { description: entry.description } : {}),
      ...(pricing
        ? {
            pricing: {
              input: pricing.input,
              output: pricing.output,
              ...(pricing.input_cache_read != null ? { cachedInputTokens: pricing.input_cache_read } : {}),
              ...(pricing.input_cache_write != null
                ? { cacheCreationInputTokens: pricing.input_cache_write }
                : {}),
            },
          }
        : {}),
      specification: entry.specification,
      ...(entry.modelType != null ? { modelType: entry.modelType as GatewayModelEntry['modelType'] } : {}),
    });
  }
  return { models };
}

/**
 * The model catalog, cached for `refreshMillis`. Concurrent callers share one
 * in-flight request; a failed fetch is forgotten so the next call tries again.
 */
export class CatalogCache {
  private value: GatewayCatalog | undefined;
  private fetchedAt = 0;
  private pending: Promise<GatewayCatalog> | undefined;

  constructor(
    private readonly client: GatewayClient,
    private readonly refreshMillis: number,
  ) {}

  /** The cached catalog if still fresh; never fetches. */
  get fresh(): GatewayCatalog | undefined {
    return this.value !== undefined && Date.now() - this.fetchedAt <= this.refreshMillis ? this.value : undefined;
  }

  get(): Promise<GatewayCatalog> {
    const fresh = this.fresh;
    if (fresh) return Promise.resolve(fresh);
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  pricingOf(modelId: string): GatewayModelPricing | undefined {
    return this.fresh?.models.find((model) => model.id === modelId)?.pricing;
  }

  private async load(): Promise<GatewayCatalog> {
    const url = `${this.client.baseURL}/config`;
    const sent = await this.client.send({ url, method: 'GET' });
    const catalog = catalogFromResponse(await this.client.json(sent), url);
    this.value = catalog;
    this.fetchedAt = Date.now();
    return catalog;
  }
}
