import { z } from 'zod/v4';
import type { GatewayClient } from './gateway-client';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import type { GatewayModelType } from '../protocol/spec-versions';
import type { GatewayModelPricing } from './usage';
import { CATALOG_ENDPOINT } from '../protocol/wire';

export interface GatewayModelEntry {
  id: string;
  name: string;
  description?: string | null;
  /** USD per token as decimal strings; `null` when the gateway lists no token prices. */
  pricing?: GatewayModelPricing | null;
  specification: { specificationVersion: string; provider: string; modelId: string };
  /** Which model types are listed depends on the spec version (see `getAvailableModels`). */
  modelType?: GatewayModelType | null;
}

export interface GatewayCatalog {
  models: GatewayModelEntry[];
}

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

type WirePricing = NonNullable<z.infer<typeof configResponseSchema>['models'][number]['pricing']>;

function pricingFromWire({ input, output, input_cache_read, input_cache_write }: WirePricing): GatewayModelPricing {
  return {
    input,
    output,
    ...(input_cache_read ? { cachedInputTokens: input_cache_read } : {}),
    ...(input_cache_write ? { cacheCreationInputTokens: input_cache_write } : {}),
  };
}

/** True for a missing `modelType` and for the types `listed` names. */
function isListed(
  modelType: string | null | undefined,
  listed: readonly GatewayModelType[],
): modelType is GatewayModelType | null | undefined {
  return modelType == null || (listed as readonly string[]).includes(modelType);
}

/**
 * The catalog as the public client of the same spec version returns it: entries of the
 * `modelTypes` it knows, pricing keys renamed, and `null`s kept as `null`.
 */
export function catalogFromResponse(
  json: unknown,
  url: string,
  modelTypes: readonly GatewayModelType[],
): GatewayCatalog {
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
  for (const { id, name, description, pricing, specification, modelType } of parsed.data.models) {
    if (!isListed(modelType, modelTypes)) continue;
    models.push({
      id,
      name,
      ...(description !== undefined ? { description } : {}),
      ...(pricing !== undefined ? { pricing: pricing && pricingFromWire(pricing) } : {}),
      specification,
      ...(modelType !== undefined ? { modelType } : {}),
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
    return this.fresh?.models.find((model) => model.id === modelId)?.pricing ?? undefined;
  }

  private async load(): Promise<GatewayCatalog> {
    const url = `${this.client.baseURL}/${CATALOG_ENDPOINT}`;
    const sent = await this.client.send({ url, method: 'GET' });
    const catalog = catalogFromResponse(await this.client.json(sent), url, this.client.spec.catalogModelTypes);
    this.value = catalog;
    this.fetchedAt = Date.now();
    return catalog;
  }
}
