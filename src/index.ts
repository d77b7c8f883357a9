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
