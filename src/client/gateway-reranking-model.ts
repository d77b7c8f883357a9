import type { RerankingModelV4 } from '@ai-sdk/provider';
import type { RerankingModelV3 } from '@ai-sdk/provider-v3';
import { isRecord } from '@ai-sdk/provider-utils';
import type { GatewayModelConfig } from './gateway-model-config';
import { isWarnings, sendModelCall } from './model-call';
import type { SpecType } from '../protocol/spec-types';
import { modelKindSpecs, type SpecificationVersion } from '../protocol/spec-versions';
import { RERANKING_ENDPOINT } from '../protocol/wire';

type RerankingResult<V extends SpecificationVersion> = SpecType<V, 'rerankingResult'>;

/** A reranking result as the gateway sends it. */
interface RerankingResultBody<V extends SpecificationVersion> {
  ranking: Array<{ index: number; relevanceScore: number }>;
  warnings?: Array<SpecType<V, 'warning'>>;
  providerMetadata?: RerankingResult<V>['providerMetadata'];
}

/** The reranking result modelgate returns. */
export interface GatewayRerankingResult<V extends SpecificationVersion> {
  ranking: Array<{ index: number; relevanceScore: number }>;
  providerMetadata: RerankingResult<V>['providerMetadata'];
  warnings: Array<SpecType<V, 'warning'>>;
  response: { headers: Record<string, string>; body: unknown };
}

/** A ranking of the documents sent: each entry names one of them by index and scores it. */
function isRerankingResultBody<V extends SpecificationVersion>(
  body: unknown,
  documentCount: number,
): body is RerankingResultBody<V> {
  return (
    isRecord(body) &&
    Array.isArray(body.ranking) &&
    body.ranking.every(
      (entry) =>
        isRecord(entry) &&
        Number.isInteger(entry.index) &&
        (entry.index as number) >= 0 &&
        (entry.index as number) < documentCount &&
        typeof entry.relevanceScore === 'number',
    ) &&
    isWarnings(body.warnings)
  );
}

/** A reranking model served through the gateway (spec v3 or v4), for `rerank()`. */
export class GatewayRerankingModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doRerank(options: SpecType<V, 'rerankingCallOptions'>): Promise<GatewayRerankingResult<V>> {
    const { documents, query, topN, providerOptions } = options;
    const startedAt = Date.now();
    const { result, sent } = await sendModelCall(this.config, {
      kind: 'reranking',
      endpoint: RERANKING_ENDPOINT,
      modelId: this.modelId,
      body: {
        documents,
        query,
        ...(topN != null ? { topN } : {}),
        ...(providerOptions ? { providerOptions } : {}),
      },
      options,
      check: (body) => isRerankingResultBody<V>(body, documents.values.length),
      expected: `a \`ranking\` of the ${documents.values.length} documents sent (each with an \`index\` and a \`relevanceScore\`)`,
    });
    this.config.usage?.report({
      kind: 'rerank',
      modelId: this.modelId,
      usage: undefined,
      providerMetadata: result.providerMetadata,
      providerOptions,
      startedAt,
    });
    return {
      ranking: result.ranking,
      providerMetadata: result.providerMetadata,
      warnings: modelKindSpecs[this.specificationVersion].warnings(result.warnings ?? []),
      response: { headers: sent.responseHeaders, body: result },
    };
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayRerankingModelV3 extends GatewayRerankingModel<'v3'> implements RerankingModelV3 {}
declare class GatewayRerankingModelV4 extends GatewayRerankingModel<'v4'> implements RerankingModelV4 {}
