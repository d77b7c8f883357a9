/**
 * The gateway's WebSocket surfaces (spec v4): their endpoints, the client-secret endpoint,
 * and how a socket carries credentials. A browser `WebSocket` cannot set headers, so the
 * bearer token and the team travel as `Sec-WebSocket-Protocol` entries next to a marker
 * naming the surface. Shared by the client (builders) and a server (parsers).
 */
import { convertBase64ToUint8Array, convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';

/** WebSocket endpoints under the base URL (`wss://…/v4/ai/<endpoint>?ai-model-id=<id>`). */
export const SOCKET_ENDPOINT = {
  speech: 'speech-model',
  transcription: 'transcription-model',
  realtime: 'realtime-model',
} as const;

/** Mints short-lived client secrets (`vcst_…`), on the base URL's origin. */
export const CLIENT_SECRETS_PATH = '/v1/realtime/client-secrets';

/** Marker offered on realtime handshakes, so the server has a protocol to select in its 101. */
export const GATEWAY_REALTIME_SUBPROTOCOL = 'ai-gateway-realtime.v1';
/** Marker offered on streaming transcription handshakes. */
export const GATEWAY_TRANSCRIPTION_SUBPROTOCOL = 'ai-gateway-transcription.v1';
/** Marker offered on streaming speech handshakes. */
export const GATEWAY_SPEECH_SUBPROTOCOL = 'ai-gateway-speech.v1';
/** Prefix of the entry that carries the bearer token (API key, OIDC token or `vcst_` client secret). */
export const GATEWAY_AUTH_SUBPROTOCOL_PREFIX = 'ai-gateway-auth.';
/** Prefix of the entry that carries the team id or slug, base64url-encoded. */
export const GATEWAY_TEAM_SUBPROTOCOL_PREFIX = 'ai-gateway-team.';

export interface GatewayProtocolOptions {
  teamIdOrSlug?: string;
}

// Subprotocol values must be RFC 7230 tokens; base64url keeps any team slug within them.
const toBase64Url = (text: string) =>
  convertUint8ArrayToBase64(new TextEncoder().encode(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function protocolsFor(marker: string, token: string, options?: GatewayProtocolOptions): string[] {
  const protocols = [marker, GATEWAY_AUTH_SUBPROTOCOL_PREFIX + token];
  if (options?.teamIdOrSlug) protocols.push(GATEWAY_TEAM_SUBPROTOCOL_PREFIX + toBase64Url(options.teamIdOrSlug));
  return protocols;
}

/** The subprotocols of a realtime connection: pass them as `new WebSocket(url, protocols)`. The token is sent as it is. */
export const getGatewayRealtimeProtocols = (token: string, options?: GatewayProtocolOptions) =>
  protocolsFor(GATEWAY_REALTIME_SUBPROTOCOL, token, options);

/** The subprotocols of a streaming transcription connection. */
export const getGatewayTranscriptionProtocols = (token: string, options?: GatewayProtocolOptions) =>
  protocolsFor(GATEWAY_TRANSCRIPTION_SUBPROTOCOL, token, options);

/** The subprotocols of a streaming speech connection. */
export const getGatewaySpeechProtocols = (token: string, options?: GatewayProtocolOptions) =>
  protocolsFor(GATEWAY_SPEECH_SUBPROTOCOL, token, options);

/** The value after `prefix` in a `Sec-WebSocket-Protocol` header (comma-separated, entries trimmed). */
function protocolValue(header: string | null | undefined, prefix: string): string | undefined {
  for (const entry of header?.split(',') ?? []) {
    const protocol = entry.trim();
    if (protocol.startsWith(prefix)) return protocol.slice(prefix.length);
  }
  return undefined;
}

/** Server side: the bearer token in a `Sec-WebSocket-Protocol` header, or undefined when absent or empty. */
export const getGatewayRealtimeAuthToken = (secWebSocketProtocol: string | null | undefined) =>
  protocolValue(secWebSocketProtocol, GATEWAY_AUTH_SUBPROTOCOL_PREFIX) || undefined;

/** Server side: the team id or slug in a `Sec-WebSocket-Protocol` header, or undefined when absent or not decodable. */
export function getGatewayRealtimeTeamIdOrSlug(secWebSocketProtocol: string | null | undefined): string | undefined {
  const encoded = protocolValue(secWebSocketProtocol, GATEWAY_TEAM_SUBPROTOCOL_PREFIX);
  if (!encoded) return undefined;
  try {
    return new TextDecoder().decode(convertBase64ToUint8Array(encoded)) || undefined;
  } catch {
    return undefined;
  }
}

// RFC 7230 `token` characters: what a subprotocol entry may contain.
const SUBPROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `value` can be sent inside a subprotocol entry. */
export const isSubprotocolToken = (value: string) => SUBPROTOCOL_TOKEN.test(value);
