/**
 * The V4 entry's WebSocket members: `experimental_speech` and `experimental_transcription`
 * (streaming models, plus `getToken` for browsers), and `experimental_realtime`.
 */
import type {
  Experimental_RealtimeFactoryV4GetTokenOptions as RealtimeGetTokenOptions,
  SpeechModelV4,
  TranscriptionModelV4,
} from '@ai-sdk/provider';
import { SOCKET_ENDPOINT } from '../protocol/websocket-protocol';
import { assertModelId, type ProviderKinds } from './gateway-provider';
import type { SpecificationVersion } from '../protocol/spec-versions';
import { GatewayRealtimeModel, type GatewayRealtimeModelId } from './gateway-realtime';
import { GatewayStreamingSpeechModel } from './gateway-streaming-speech';
import { GatewayStreamingTranscriptionModel } from './gateway-streaming-transcription';
import { gatewaySocketUrl, validateWebSocketSetting, type GatewayWebSocketSettings } from './gateway-websocket';

export interface GatewayTokenOptions<ID extends string = string> {
  model: ID;
  /** Lifetime of the token in seconds: gateway default 60, at most 300. */
  expiresAfterSeconds?: number;
}

export interface GatewayTokenResult {
  /** The `vcst_…` client secret: safe to send to a browser, unlike the gateway credential. */
  token: string;
  /** The WebSocket URL of the model's surface. */
  url: string;
  /** Expiry, in epoch seconds. */
  expiresAt?: number;
}

/**
 * Streaming speech: callable like `speech(modelId)`. `getToken` (server side) mints a
 * speech-bound client secret; the browser then uses `createGateway({ apiKey: token })`.
 */
export interface GatewaySpeechFactory {
  (modelId: string): GatewayStreamingSpeechModel;
  getToken(options: GatewayTokenOptions): Promise<GatewayTokenResult>;
}

/** Streaming transcription: callable like `transcription(modelId)`, with `getToken` as for speech. */
export interface GatewayTranscriptionFactory {
  (modelId: string): GatewayStreamingTranscriptionModel;
  getToken(options: GatewayTokenOptions): Promise<GatewayTokenResult>;
}

/** Realtime models for `ai`'s realtime sessions, with `getToken` for browser sessions. */
export interface GatewayRealtimeFactory {
  (modelId: GatewayRealtimeModelId): GatewayRealtimeModel;
  getToken(options: RealtimeGetTokenOptions & { model: GatewayRealtimeModelId }): Promise<GatewayTokenResult>;
}

export interface RealtimeProviderMembers {
  experimental_speech: GatewaySpeechFactory;
  experimental_transcription: GatewayTranscriptionFactory;
  experimental_realtime: GatewayRealtimeFactory;
}

/** The HTTP speech and transcription models the streaming ones send `doGenerate` to. */
export interface HttpAudioModels {
  speechModel?(modelId: string): SpeechModelV4;
  transcriptionModel?(modelId: string): TranscriptionModelV4;
}

/** The WebSocket members, for `versionedEntry('v4', realtimeKinds(…))`. */
export function realtimeKinds(
  http: HttpAudioModels = {},
): ProviderKinds<RealtimeProviderMembers, SpecificationVersion, GatewayWebSocketSettings> {
  return ({ config, settings: { webSocket } }) => {
    validateWebSocketSetting(webSocket);
    const { client } = config;

    const getToken =
      (routeKind: 'speech' | 'transcription') =>
      async ({ model, expiresAfterSeconds }: GatewayTokenOptions): Promise<GatewayTokenResult> => {
        assertModelId(model);
        const { mintClientSecret } = await import('./gateway-client-secrets');
        const secret = await mintClientSecret(client, { modelId: model, routeKind, expiresAfterSeconds });
        return { ...secret, url: gatewaySocketUrl(client.baseURL, SOCKET_ENDPOINT[routeKind], model) };
      };

    const speech = (modelId: string) => {
      assertModelId(modelId);
      return new GatewayStreamingSpeechModel(modelId, config, { webSocket, generator: http.speechModel?.(modelId) });
    };
    const transcription = (modelId: string) => {
      assertModelId(modelId);
      return new GatewayStreamingTranscriptionModel(modelId, config, {
        webSocket,
        generator: http.transcriptionModel?.(modelId),
      });
    };
    const realtime = (modelId: string) => {
      assertModelId(modelId);
      return new GatewayRealtimeModel(modelId, client);
    };

    return {
      experimental_speech: Object.assign(speech, { getToken: getToken('speech') }),
      experimental_transcription: Object.assign(transcription, { getToken: getToken('transcription') }),
      experimental_realtime: Object.assign(realtime, {
        async getToken({ model, ...options }: RealtimeGetTokenOptions): Promise<GatewayTokenResult> {
          return realtime(model).doCreateClientSecret(options);
        },
      }),
    };
  };
}
