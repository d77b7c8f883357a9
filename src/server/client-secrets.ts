/**
 * Client secrets (`vcst_…`): short-lived tokens a trusted server mints with its gateway key
 * (`POST /v1/realtime/client-secrets`) and hands to a browser, which opens a realtime session
 * with one as its `ai-gateway-auth.` subprotocol. A secret is an HMAC-signed set of claims (the
 * model, the key that minted it, the expiry), so any replica with the same keys can check it
 * without shared state, and it never holds or reveals the key or an upstream credential.
 */
import { convertBase64ToUint8Array, convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { GatewayServerError } from '../errors/gateway-server-error';
import type { StoredApiKey } from './api-keys';
import { hmacSha256 } from './sha256';

export const CLIENT_SECRET_PREFIX = 'vcst_';
/** Lifetimes in seconds, as the hosted gateway documents them. */
export const DEFAULT_CLIENT_SECRET_SECONDS = 60;
export const MAX_CLIENT_SECRET_SECONDS = 300;

/** What a client secret says about itself: signed, never secret. */
export interface ClientSecretClaims {
  /** The name of the API key that minted it: the session is governed as that key's. */
  keyName: string;
  /** The gateway model id it opens sessions of. */
  model: string;
  /** Expiry, epoch seconds. */
  expiresAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Subprotocol entries must be RFC 7230 tokens: base64url has no `+`, `/` or `=`.
const toBase64Url = (bytes: Uint8Array) => convertUint8ArrayToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The key a key's secrets are signed with: derived from the key's SHA-256, which only the server holds.
 * Rotating the key revokes its secrets; every replica configured with the key derives the same one.
 */
const signingKeyOf = (apiKey: StoredApiKey) => hmacSha256(apiKey.hash, encoder.encode('modelgate client secret v1'));

/** Compares two byte strings in time that does not depend on where they differ. */
function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ (b[index] ?? 0);
  return difference === 0;
}

// Short field names keep the token (and so the Sec-WebSocket-Protocol header) small.
const claimsSchema = z.object({ k: z.string(), m: z.string(), e: z.number().int() });

/** Mints a secret for `claims`, signed with the minting key's derived signing key. Pure. */
export function mintClientSecret(apiKey: StoredApiKey, model: string, expiresAt: number): string {
  const payload = toBase64Url(encoder.encode(JSON.stringify({ k: apiKey.name, m: model, e: expiresAt })));
  return `${CLIENT_SECRET_PREFIX}${payload}.${toBase64Url(hmacSha256(signingKeyOf(apiKey), encoder.encode(payload)))}`;
}

export const isClientSecret = (token: string) => token.startsWith(CLIENT_SECRET_PREFIX);

/**
 * The claims of a secret this gateway's keys signed for `model` that has not expired at `nowSeconds`,
 * or a reason it is refused (for the 401 message; it never repeats the token).
 */
export function verifyClientSecret(
  token: string,
  keys: readonly StoredApiKey[],
  model: string,
  nowSeconds: number,
): { claims: ClientSecretClaims; apiKey: StoredApiKey } | { refused: string } {
  const invalid = { refused: 'The client secret is not valid for this gateway. Mint a new one with getToken().' };
  const [payload, signature, extra] = token.slice(CLIENT_SECRET_PREFIX.length).split('.');
  if (!payload || !signature || extra !== undefined) return invalid;
  let parsed: z.infer<typeof claimsSchema>;
  try {
    const result = claimsSchema.safeParse(JSON.parse(decoder.decode(convertBase64ToUint8Array(payload))));
    if (!result.success) return invalid;
    parsed = result.data;
  } catch {
    return invalid;
  }
  // A key that is gone (rotated or removed) signs nothing: its secrets stop working with it.
  const apiKey = keys.find((key) => key.name === parsed.k);
  if (!apiKey) return invalid;
  let given: Uint8Array;
  try {
    given = convertBase64ToUint8Array(signature);
  } catch {
    return invalid;
  }
  if (!bytesEqual(hmacSha256(signingKeyOf(apiKey), encoder.encode(payload)), given)) return invalid;
  if (parsed.e <= nowSeconds) return { refused: 'The client secret has expired. Mint a new one with getToken() just before connecting.' };
  if (parsed.m !== model) return { refused: `The client secret was minted for another model, not '${model}'. Mint one for this model.` };
  return { claims: { keyName: parsed.k, model: parsed.m, expiresAt: parsed.e }, apiKey };
}

const mintRequestSchema = z.object({
  model: z.string().min(1),
  routeKind: z.enum(['speech', 'transcription']).optional(),
  expiresIn: z.number().positive().finite().optional(),
});

export interface MintContext {
  /** The key that asks (authenticated by its bearer token). */
  apiKey: StoredApiKey;
  /** Checks that the key may open realtime sessions of the model; throws the protocol's 404, 400 or 403. */
  checkModel(model: string): void;
  nowSeconds: number;
}

/** POST /v1/realtime/client-secrets `{model, routeKind?, expiresIn?}` → `{token, expiresAt}`, as the public clients read it. */
export function handleClientSecretRequest(body: unknown, context: MintContext): { token: string; expiresAt: number } {
  const parsed = mintRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Invalid client-secret request at \`${issue.path.join('.') || '(body)'}\`: ${issue.message}. Send {model, expiresIn?} with expiresIn in seconds (default ${DEFAULT_CLIENT_SECRET_SECONDS}, at most ${MAX_CLIENT_SECRET_SECONDS}).`,
      ...(issue.path.length > 0 ? { param: issue.path.join('.') } : {}),
    });
  }
  const { model, routeKind, expiresIn } = parsed.data;
  if (routeKind) {
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `This gateway serves no streamed ${routeKind} sessions, so it mints no ${routeKind} client secrets. Use the HTTP calls (${routeKind === 'speech' ? 'generateSpeech' : 'transcribe'}), which take the gateway key on your server.`,
    });
  }
  context.checkModel(model);
  // Longer requests are shortened rather than refused: `expiresAt` says what was granted.
  const seconds = Math.min(Math.ceil(expiresIn ?? DEFAULT_CLIENT_SECRET_SECONDS), MAX_CLIENT_SECRET_SECONDS);
  const expiresAt = context.nowSeconds + seconds;
  return { token: mintClientSecret(context.apiKey, model, expiresAt), expiresAt };
}
