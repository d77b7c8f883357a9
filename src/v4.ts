/** modelgate for ai 7: spec v4 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
  type ProviderContext,
} from './client/gateway-provider';
import { v4ModelKinds, type GatewayV4ModelKinds } from './client/provider-kinds-v3';
import { gatewayToolsV4Kind, type GatewayTools } from './client/gateway-tools';
import { decisionAndBatchKinds, type DecisionAndBatchMembers } from './client/provider-decision-batch';
import type { GatewayAsyncJobMetadata, GatewayBatchSettings } from './client/gateway-batch';
import type { GatewayProviderMetadata as CommonProviderMetadata } from './client/reference-aliases';
import type { GatewayProviderOptions as CommonProviderOptions } from './protocol/gateway-provider-options';
import type { GatewayModelFallbackList } from './protocol/decision-fallback';
import type { JSONValue, ProviderV4 } from '@ai-sdk/provider';
import type { SpecificationVersion } from './protocol/spec-versions';
import type { GatewayWebSocketSettings } from './client/gateway-websocket';
import { realtimeKinds, type RealtimeProviderMembers } from './client/provider-realtime';

export * from './index';

// The model kinds this entry adds to the provider, each from its own module; the context names the settings they add.
const kinds = (context: ProviderContext<'v4', GatewayBatchSettings & GatewayWebSocketSettings>) => {
  const http = v4ModelKinds(context);
  return {
    ...http,
    ...gatewayToolsV4Kind(),
    ...decisionAndBatchKinds(context),
    // The streaming speech and transcription models send `doGenerate` to the HTTP ones.
    ...realtimeKinds(http)(context),
  };
};

export const { createGateway, gateway } = versionedEntry('v4', kinds);
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v4, for ai 7. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = Provider<V> &
  GatewayV4ModelKinds & { tools: GatewayTools<V> } & DecisionAndBatchMembers & RealtimeProviderMembers &
  // Optional members of the spec's provider that the gateway does not offer (undefined), as @ai-sdk/gateway 4 types them.
  Pick<ProviderV4, 'files' | 'skills'>;
export type GatewayProviderSettings<V extends SpecificationVersion = 'v4'> = ProviderSettings<V> & GatewayBatchSettings & GatewayWebSocketSettings;
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
export type { GatewayDecisionModel, GatewayDecisionModelId, GatewayEvaluationModelId } from './client/gateway-decision-model';
export type { GatewayBatch, GatewayAsyncJobMetadata, GatewayBatchSettings } from './client/gateway-batch';
export type {
  DecisionFallbackCondition,
  EvaluationFallbackCondition,
  GatewayModelFallback,
} from './protocol/decision-fallback';
/**
 * `providerOptions.gateway`; on decision calls `models` may start with a conditional fallback `{ model, when }`.
 * Keys the gateway adds later type-check too, as with the public client of v4; as JSON values, so the options
 * stay assignable to ai's JSON-typed `providerOptions`.
 */
export type GatewayProviderOptions<QUESTION_ID extends string = string> = { [key: string]: JSONValue | undefined } & Omit<CommonProviderOptions, 'models'> & {
  /** Fallback model ids, tried in order; a decision call's first entry may be `{ model, when }`. */
  models?: GatewayModelFallbackList<QUESTION_ID>;
  /** `experimental_startBatch` only: a retry with the same key replays the first start instead of starting another batch. */
  idempotencyKey?: string;
  /**
   * Image models only, and never sent: modelgate always decodes images while the answer streams in and
   * returns them as bytes, which is what this option asks the public client for.
   */
  experimental_streamingImageDecoding?: boolean;
};
/** @deprecated Use `GatewayProviderOptions`, as `@ai-sdk/gateway` 4 also says: this major's options, by their old name. */
export type GatewayLanguageModelOptions<QUESTION_ID extends string = string> = GatewayProviderOptions<QUESTION_ID>;
/** `providerMetadata.gateway` of a result, with `asyncJob` on batch results. */
export type GatewayProviderMetadata = CommonProviderMetadata & { readonly asyncJob?: GatewayAsyncJobMetadata };
export {
  GATEWAY_AUTH_SUBPROTOCOL_PREFIX,
  GATEWAY_REALTIME_SUBPROTOCOL,
  GATEWAY_SPEECH_SUBPROTOCOL,
  GATEWAY_TEAM_SUBPROTOCOL_PREFIX,
  GATEWAY_TRANSCRIPTION_SUBPROTOCOL,
  getGatewayRealtimeAuthToken,
  getGatewayRealtimeProtocols,
  getGatewayRealtimeTeamIdOrSlug,
  getGatewaySpeechProtocols,
  getGatewayTranscriptionProtocols,
} from './protocol/websocket-protocol';
export type { GatewayRealtimeModel, GatewayRealtimeModelId } from './client/gateway-realtime';
export type { GatewayStreamingSpeechModel } from './client/gateway-streaming-speech';
export type { GatewayStreamingTranscriptionModel } from './client/gateway-streaming-transcription';
export type {
  GatewayRealtimeFactory,
  GatewaySpeechFactory,
  GatewayTokenOptions,
  GatewayTokenResult,
  GatewayTranscriptionFactory,
} from './client/provider-realtime';
