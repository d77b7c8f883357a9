export {
  createGateway,
  /** The name `@ai-sdk/gateway` also exports `createGateway` under. */
  createGateway as createGatewayProvider,
  registerGateway,
  type GatewayModelId,
  type GatewayProvider,
  type GatewayProviderSettings,
} from './gateway-provider';
export type {
  AnthropicByokCredential,
  AzureByokCredential,
  BedrockByokCredential,
  GatewayByokCredential,
  GatewayByokCredentials,
  GatewayProviderOptions,
  OpenAIByokCredential,
  VertexByokCredential,
} from './gateway-provider-options';
// The model types the provider returns, so declarations that name them stay portable.
export type { GatewayLanguageModel } from './gateway-language-model';
export type { GatewayEmbeddingModel } from './gateway-embedding-model';
export type { GatewayImageModel } from './gateway-image-model';
export type { GatewayCatalog, GatewayModelEntry } from './gateway-catalog';
export type {
  GatewayCredits,
  GatewayGenerationInfo,
  GatewayGenerationInfoParams,
  GatewaySpendReportOptions,
  GatewaySpendReportResponse,
  GatewaySpendReportRow,
} from './gateway-account';
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
} from './reference-aliases';
export type { GatewayModelPricing, GatewayUsage, GatewayUsageRecord, IncompleteStream, OnUsage } from './usage';
export type { GatewayModelType, SpecificationVersion } from './spec-versions';
export * from './errors';
export { VERSION } from './version';

import { versionedEntry } from './gateway-provider';

/** The default provider: spec v2 models for ai 5. */
export const gateway = versionedEntry('v2').gateway;
