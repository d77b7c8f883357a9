/** modelgate for ai 7: spec v4 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
  type ProviderContext,
} from './client/gateway-provider';
import { v4ModelKinds, type GatewayV4ModelKinds } from './client/provider-kinds-v3';
import type { SpecificationVersion } from './protocol/spec-versions';
import { gatewayToolsV4Kind, type GatewayTools } from './client/gateway-tools';

export * from './index';

// The model kinds this entry adds to the provider, each from its own module.
const kinds = (context: ProviderContext<'v4'>) => ({
  ...v4ModelKinds(context),
  ...gatewayToolsV4Kind(),
});

export const { createGateway, gateway } = versionedEntry('v4', kinds);
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v4, for ai 7. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = Provider<V> & GatewayV4ModelKinds & { tools: GatewayTools<V> };
export type GatewayProviderSettings<V extends SpecificationVersion = 'v4'> = ProviderSettings<V>;
export type {
  GatewayRerankingModelId,
  GatewaySpeechModelId,
  GatewayTranscriptionModelId,
  GatewayVideoModelId,
} from './client/provider-kinds-v3';
export type { GatewayRerankingModel } from './client/gateway-reranking-model';
export type { GatewaySpeechModel } from './client/gateway-speech-model';
export type { GatewayTranscriptionModel } from './client/gateway-transcription-model';
export type { GatewayVideoJobModel, GatewayVideoModel } from './client/gateway-video-model';
