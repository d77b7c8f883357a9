/** modelgate for ai 7: spec v4 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
} from './client/gateway-provider';
import type { GatewayWebSocketSettings } from './client/gateway-websocket';
import { realtimeKinds, type RealtimeProviderMembers } from './client/provider-realtime';
import type { SpecificationVersion } from './protocol/spec-versions';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v4', realtimeKinds());
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v4, for ai 7. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = Provider<V> & RealtimeProviderMembers;
export type GatewayProviderSettings<V extends SpecificationVersion = 'v4'> = ProviderSettings<V> & GatewayWebSocketSettings;
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
