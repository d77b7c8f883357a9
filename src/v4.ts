/** modelgate for ai 7: spec v4 models by default. */
import {
  versionedEntry,
  type ProviderContext,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
} from './client/gateway-provider';
import type { GatewayProviderOptions as CommonProviderOptions } from './protocol/gateway-provider-options';
import type { GatewayProviderMetadata as CommonProviderMetadata } from './client/reference-aliases';
import type { SpecificationVersion } from './protocol/spec-versions';
import { decisionAndBatchKinds, type DecisionAndBatchMembers } from './client/provider-decision-batch';
import type { GatewayAsyncJobMetadata, GatewayBatchSettings } from './client/gateway-batch';
import type { GatewayModelFallbackList } from './protocol/decision-fallback';

export * from './index';
// The kinds only v4 has; the context's type names the settings they add.
export const { createGateway, gateway } = versionedEntry('v4', (context: ProviderContext<SpecificationVersion, GatewayBatchSettings>) => ({
  ...decisionAndBatchKinds(context),
}));
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v4, for ai 7. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = Provider<V> & DecisionAndBatchMembers;
export type GatewayProviderSettings<V extends SpecificationVersion = 'v4'> = ProviderSettings<V> & GatewayBatchSettings;

export type { GatewayDecisionModel, GatewayDecisionModelId, GatewayEvaluationModelId } from './client/gateway-decision-model';
export type { GatewayBatch, GatewayAsyncJobMetadata, GatewayBatchSettings } from './client/gateway-batch';
export type {
  DecisionFallbackCondition,
  EvaluationFallbackCondition,
  GatewayModelFallback,
} from './protocol/decision-fallback';
/** `providerOptions.gateway`; on decision calls `models` may start with a conditional fallback `{ model, when }`. */
export type GatewayProviderOptions<QUESTION_ID extends string = string> = Omit<CommonProviderOptions, 'models'> & {
  /** Fallback model ids, tried in order; a decision call's first entry may be `{ model, when }`. */
  models?: GatewayModelFallbackList<QUESTION_ID>;
  /** `experimental_startBatch` only: a retry with the same key replays the first start instead of starting another batch. */
  idempotencyKey?: string;
};
/** `providerMetadata.gateway` of a result, with `asyncJob` on batch results. */
export type GatewayProviderMetadata = CommonProviderMetadata & { readonly asyncJob?: GatewayAsyncJobMetadata };
