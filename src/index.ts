export {
  createGateway,
  /** The name `@ai-sdk/gateway` also exports `createGateway` under. */
  createGateway as createGatewayProvider,
  registerGateway,
  type GatewayModelId,
  type GatewayProvider,
  type GatewayProviderSettings,
} from './client/gateway-provider';
export type {
  AnthropicByokCredential,
  AzureByokCredential,
  BedrockByokCredential,
  GatewayByokCredential,
  GatewayByokCredentials,
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

import { versionedEntry } from './client/gateway-provider';

/** The default provider: spec v2 models for ai 5. */
export const gateway = versionedEntry('v2').gateway;
