import {
  anyVersionEntry,
  type GatewayProvider as ModelsProvider,
} from './client/gateway-provider';
import { gatewayToolsV2Kind, type GatewayToolsV2 } from './client/gateway-tools';
import type { SpecificationVersion } from './protocol/spec-versions';
import type { ProviderV2 } from '@ai-sdk/provider-v2';

export {
  registerGateway,
  type GatewayModelId,
  type GatewayProviderSettings,
} from './client/gateway-provider';
/**
 * The provider: models of spec version `V`; for ai 5 (v2) also `tools`, the gateway-executed
 * tools of @ai-sdk/gateway 2.x. (Providers of the other entries have other tools, and still
 * are `GatewayProvider<'v3'>`/`<'v4'>`.)
 */
export type GatewayProvider<V extends SpecificationVersion = 'v2'> = ModelsProvider<V> &
  // Optional members of the spec's provider that the gateway does not offer on v2 (undefined), as @ai-sdk/gateway 2 types them.
  (V extends 'v2' ? { tools: GatewayToolsV2<V> } & Pick<ProviderV2, 'speechModel' | 'transcriptionModel'> : unknown);
export const createGateway = /* @__PURE__ */ anyVersionEntry<{ [V in SpecificationVersion]: { tools: GatewayToolsV2<V> } }>(
  gatewayToolsV2Kind,
);
/** The name `@ai-sdk/gateway` also exports `createGateway` under. */
export { createGateway as createGatewayProvider };
export type { GatewayTool, GatewayTools, GatewayToolsV2, GatewayToolV2, GatewayToolV3 } from './client/gateway-tools';
export type {
  BrowserbaseFetchConfig,
  BrowserbaseSearchConfig,
  DeepSeekFetchConfig,
  DeepSeekSearchConfig,
  ExaSearchConfig,
  ParallelSearchConfig,
  ParallelSearchConfigV2,
  PerplexitySearchConfig,
  TakoSearchConfig,
  TakoSearchConfigV4,
} from './client/gateway-tool-schemas';
export type {
  AnthropicByokCredential,
  AzureByokCredential,
  BedrockByokCredential,
  GatewayByokCredential,
  GatewayByokCredentials,
  GatewayCapability,
  GatewayProviderOptions,
  OpenAIByokCredential,
  VertexByokCredential,
} from './protocol/gateway-provider-options';
// The model types the provider returns, so declarations that name them stay portable.
export type { GatewayLanguageModel } from './client/gateway-language-model';
export type { GatewayEmbeddingModel } from './client/gateway-embedding-model';
export type { GatewayImageModel } from './client/gateway-image-model';
export type { GatewayCatalog, GatewayModelEntry } from './client/gateway-catalog';
export type {
  GatewayCredits,
  GatewayGenerationInfo,
  GatewayGenerationInfoParams,
  GatewaySpendReportOptions,
  GatewaySpendReportResponse,
  GatewaySpendReportRow,
} from './client/gateway-account';
export type {
  GatewayCreditsResponse,
  GatewayEmbeddingModelId,
  GatewayErrorResponse,
  GatewayImageModelId,
  GatewayLanguageModelEntry,
  GatewayLanguageModelOptions,
  GatewayLanguageModelSpecification,
  GatewayProviderMetadata,
  GatewaySpendReportParams,
} from './client/reference-aliases';
export type { GatewayModelPricing, GatewayUsage, GatewayUsageRecord, IncompleteStream, OnUsage } from './client/usage';
export type { GatewayModelType, SpecificationVersion } from './protocol/spec-versions';
export * from './errors';
export { VERSION } from './version';

/** The default provider: spec v2 models for ai 5. */
export const gateway = /* @__PURE__ */ createGateway();
