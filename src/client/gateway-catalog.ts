import type { GatewayClient } from './gateway-client';
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
    // The response check loads with the first catalog: most apps fetch it rarely, if ever.
    const { catalogFromResponse } = await import('./gateway-catalog-response');
    const catalog = catalogFromResponse(await this.client.json(sent), url, this.client.spec.catalogModelTypes);
    this.value = catalog;
    this.fetchedAt = Date.now();
    return catalog;
  }
}
