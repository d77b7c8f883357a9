import type {
  Experimental_RealtimeModelV4 as RealtimeModelV4,
  Experimental_RealtimeModelV4ClientEvent as RealtimeClientEvent,
  Experimental_RealtimeModelV4ClientSecretOptions as ClientSecretOptions,
  Experimental_RealtimeModelV4ClientSecretResult as ClientSecretResult,
  Experimental_RealtimeModelV4ServerConnection as ServerConnection,
  Experimental_RealtimeModelV4ServerEvent as RealtimeServerEvent,
  Experimental_RealtimeModelV4SessionConfig as SessionConfig,
  Experimental_RealtimeModelV4SessionIntent as SessionIntent,
} from '@ai-sdk/provider';
import {
  getRuntimeEnvironmentUserAgent,
  isRecord,
  removeUndefinedEntries,
  withUserAgentSuffix,
} from '@ai-sdk/provider-utils';
import { getGatewayRealtimeProtocols, SOCKET_ENDPOINT } from '../protocol/websocket-protocol';
import { VERSION } from '../version';
import type { GatewayClient } from './gateway-client';
import { gatewaySocketUrl, safeError } from './gateway-websocket';

/** A realtime model id; any id the gateway serves works. */
export type GatewayRealtimeModelId =
  | 'elevenlabs/eleven-realtime-v1-max'
  | 'elevenlabs/eleven-realtime-v1-mini'
  | 'google/gemini-3.8-live'
  | 'google/gemini-3.8-live-extended-thinking'
  | 'openai/gpt-live-1'
  | 'openai/gpt-realtime-1.5'
  | 'openai/gpt-realtime-2'
  | 'openai/gpt-realtime-2.1'
  | 'openai/gpt-realtime-mini'
  | 'spacexai/grok-voice-3.0'
  | (string & {});

// The gateway sends events already in the AI SDK's normalized form; only the shape is checked.
const isServerEvent = (raw: unknown): raw is RealtimeServerEvent => isRecord(raw) && typeof raw.type === 'string';

function assertConversation(options?: { intent?: SessionIntent }): void {
  if (options?.intent != null && options.intent !== 'conversation') {
    throw new Error(
      `AI Gateway realtime serves conversations only: the '${options.intent}' session intent is not supported. For live transcription use gateway.experimental_transcription.`,
    );
  }
}

/**
 * A realtime model (spec v4) for `ai`'s realtime sessions. The gateway speaks the AI SDK's
 * normalized realtime events and translates for the upstream provider, so events and the
 * session config pass through unchanged; this model only says where to connect and how
 * to authenticate: a browser with a client secret as subprotocol, a server with headers.
 */
export class GatewayRealtimeModel implements RealtimeModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'gateway.realtime';
  readonly capabilities = {
    conversation: 'turn-based',
    transports: ['websocket'],
    connections: ['client-secret-websocket', 'server-websocket'],
  } as const;

  constructor(
    readonly modelId: string,
    private readonly client: GatewayClient,
  ) {}

  private get url(): string {
    return gatewaySocketUrl(this.client.baseURL, SOCKET_ENDPOINT.realtime, this.modelId);
  }

  /** Server side: a short-lived secret for a browser. `sessionConfig` is not needed here; the session sends it. */
  async doCreateClientSecret(options?: ClientSecretOptions): Promise<ClientSecretResult> {
    // Loaded on first use: minting is a server-side step most apps take rarely, if ever.
    const { mintClientSecret } = await import('./gateway-client-secrets');
    const secret = await mintClientSecret(this.client, {
      modelId: this.modelId,
      expiresAfterSeconds: options?.expiresAfterSeconds,
    });
    return { ...secret, url: this.url };
  }

  /** Browser side: where to connect with a client secret, which travels as a subprotocol. */
  getWebSocketConfig({ token, url }: { token: string; url: string }): { url: string; protocols: string[] } {
    return { url, protocols: getGatewayRealtimeProtocols(token, { teamIdOrSlug: this.client.teamIdOrSlug }) };
  }

  /** Trusted server side: the URL and the gateway credential as headers (never give these to a browser). */
  async getServerWebSocketConfig(options?: { intent?: SessionIntent }): Promise<ServerConnection> {
    assertConversation(options);
    const { url } = this;
    const { headers, secrets } = await this.client.headers({});
    try {
      return {
        url,
        headers: removeUndefinedEntries(
          withUserAgentSuffix(headers, getRuntimeEnvironmentUserAgent(), `modelgate/${VERSION}`),
        ),
      };
    } catch (error) {
      // `Headers` quotes an invalid value, which may be a credential.
      throw safeError(error, { url, secrets });
    }
  }

  parseServerEvent(raw: unknown): RealtimeServerEvent {
    return isServerEvent(raw) ? raw : { type: 'custom', rawType: typeof raw, raw };
  }

  serializeClientEvent(event: RealtimeClientEvent, options?: { intent?: SessionIntent }): unknown {
    assertConversation(options);
    return event;
  }

  buildSessionConfig(config: SessionConfig, options?: { intent?: SessionIntent }): unknown {
    assertConversation(options);
    return config;
  }
}
