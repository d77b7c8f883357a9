/** modelgate for ai 6: spec v3 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
  type ProviderContext,
} from './client/gateway-provider';
import { v3ModelKinds, type GatewayV3ModelKinds } from './client/provider-kinds-v3';
import type { SpecificationVersion } from './protocol/spec-versions';
import { gatewayToolsV3Kind, type GatewayTools } from './client/gateway-tools';

export * from './index';

// The model kinds this entry adds to the provider, each from its own module.
const kinds = (context: ProviderContext<'v3'>) => ({
  ...v3ModelKinds(context),
  ...gatewayToolsV3Kind(),
});

export const { createGateway, gateway } = versionedEntry('v3', kinds);
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v3, for ai 6. */
export type GatewayProvider<V extends SpecificationVersion = 'v3'> = Provider<V> & GatewayV3ModelKinds<V> & { tools: GatewayTools<V> };
export type GatewayProviderSettings<V extends SpecificationVersion = 'v3'> = ProviderSettings<V>;
export type {
  GatewayRerankingModelId,
  GatewaySpeechModelId,
  GatewayTranscriptionModelId,
  GatewayVideoModelId,
} from './client/provider-kinds-v3';
export type { GatewayRerankingModel } from './client/gateway-reranking-model';
export type { GatewaySpeechModel } from './client/gateway-speech-model';
export type { GatewayTranscriptionModel } from './client/gateway-transcription-model';
export type { GatewayVideoModel } from './client/gateway-video-model';
