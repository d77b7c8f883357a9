/**
 * Client secrets (`vcst_…`): short-lived tokens a trusted server mints with its gateway key
 * (`POST /v1/realtime/client-secrets`) and hands to a browser, which opens a WebSocket session
 * (realtime, streamed speech or streamed transcription: the kind the secret was minted for)
 * with one as its `ai-gateway-auth.` subprotocol. A secret is random; the counter store keeps
 * what it grants (the model, the key that minted it, the expiry) under the secret's SHA-256, so
 * every replica sharing the store (Redis) checks it, and neither the store, the config nor the
 * token holds anything from which another secret could be made.
 */
import { z } from 'zod/v4';
import { GatewayServerError } from '../errors/gateway-server-error';
import type { CounterStore } from '../storage/types';
import type { StoredApiKey } from './api-keys';
import { putRecord, readRecord } from './counter-records';
import { sha256, sha256Hex } from './sha256';
import { base64Url, randomToken } from './tokens';

export const CLIENT_SECRET_PREFIX = 'vcst_';
/** Lifetimes in seconds, as the hosted gateway documents them. */
export const DEFAULT_CLIENT_SECRET_SECONDS = 60;
export const MAX_CLIENT_SECRET_SECONDS = 300;

/** The WebSocket sessions a secret opens: `routeKind` at mint time, realtime when absent. */
export type ClientSecretKind = 'realtime' | 'speech' | 'transcription';

/** What a client secret grants. */
export interface ClientSecretClaims {
  /** The name of the API key that minted it: the session is governed as that key's. */
  keyName: string;
  /** The gateway model id it opens sessions of. */
  model: string;
  /** The kind of session it opens. */
  kind: ClientSecretKind;
  /** Expiry, epoch seconds. */
  expiresAt: number;
}

const storeKey = (token: string) => `client-secret:${sha256Hex(token)}`;
/** Which key minted a secret, as a hash of its hash: a key rotated under the same name takes its secrets with it. */
const keyFingerprint = (apiKey: StoredApiKey) => base64Url(sha256(apiKey.hash));

// Grants stored before secrets had kinds (no `kind`) were all realtime ones.
const storedSchema = z.object({ keyName: z.string(), key: z.string(), model: z.string(), kind: z.enum(['realtime', 'speech', 'transcription']).default('realtime'), expiresAt: z.number() });

const SESSION_NAMES: Record<ClientSecretKind, string> = { realtime: 'realtime', speech: 'streamed speech', transcription: 'streamed transcription' };

/** Mints a secret of 256 random bits for `kind` sessions of `model` until `expiresAt` (epoch seconds), recorded in the counter store. */
export async function mintClientSecret(counters: CounterStore, apiKey: StoredApiKey, model: string, expiresAt: number, kind: ClientSecretKind = 'realtime'): Promise<string> {
  const token = randomToken(CLIENT_SECRET_PREFIX);
  const body = JSON.stringify({ keyName: apiKey.name, key: keyFingerprint(apiKey), model, kind, expiresAt } satisfies z.input<typeof storedSchema>);
  await putRecord(counters, storeKey(token), body, expiresAt * 1000);
  return token;
}

export const isClientSecret = (token: string) => token.startsWith(CLIENT_SECRET_PREFIX);

/**
 * The claims of a secret this gateway minted for `kind` sessions of `model` that has not expired at `nowSeconds`,
 * and the key it is governed as; or a reason it is refused (for the 401 message; it never repeats the token).
 */
export async function verifyClientSecret(
  counters: CounterStore,
  token: string,
  keys: readonly StoredApiKey[],
  model: string,
  nowSeconds: number,
  kind: ClientSecretKind = 'realtime',
): Promise<{ claims: ClientSecretClaims; apiKey: StoredApiKey } | { refused: string }> {
  const invalid = { refused: 'The client secret is not valid for this gateway, or has expired. Mint a new one with getToken() just before connecting.' };
  const record = await readRecord(counters, storeKey(token));
  let stored: z.infer<typeof storedSchema>;
  try {
    const parsed = record !== undefined && storedSchema.safeParse(JSON.parse(record));
    if (!parsed || !parsed.success) return invalid;
    stored = parsed.data;
  } catch {
    return invalid;
  }
  // A key that is gone (rotated or removed) grants nothing: its secrets stop working with it.
  const apiKey = keys.find((key) => key.name === stored.keyName && keyFingerprint(key) === stored.key);
  if (!apiKey) return invalid;
  if (stored.expiresAt <= nowSeconds) return { refused: 'The client secret has expired. Mint a new one with getToken() just before connecting.' };
  if (stored.kind !== kind) {
    const routeKind = kind === 'realtime' ? 'no routeKind' : `routeKind '${kind}'`;
    return { refused: `The client secret was minted for ${SESSION_NAMES[stored.kind]} sessions, not ${SESSION_NAMES[kind]} ones. Mint one with ${routeKind} (getToken() of the matching model factory).` };
  }
  if (stored.model !== model) return { refused: `The client secret was minted for another model, not '${model}'. Mint one for this model.` };
  return { claims: { keyName: stored.keyName, model: stored.model, kind: stored.kind, expiresAt: stored.expiresAt }, apiKey };
}

const mintRequestSchema = z.object({
  model: z.string().min(1),
  routeKind: z.enum(['speech', 'transcription']).optional(),
  expiresIn: z.number().positive().finite().optional(),
});

export interface MintContext {
  counters: CounterStore;
  /** The key that asks (authenticated by its bearer token). */
  apiKey: StoredApiKey;
  /** Checks that the key may open `kind` sessions of the model; throws the protocol's 404, 400 or 403. */
  checkModel(model: string, kind: ClientSecretKind): void;
  nowSeconds: number;
}

/** POST /v1/realtime/client-secrets `{model, routeKind?, expiresIn?}` → `{token, expiresAt}`, as the public clients read it. */
export async function handleClientSecretRequest(body: unknown, context: MintContext): Promise<{ token: string; expiresAt: number }> {
  const parsed = mintRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatewayServerError({
      status: 400,
      type: 'invalid_request_error',
      message: `Invalid client-secret request at \`${issue.path.join('.') || '(body)'}\`: ${issue.message}. Send {model, routeKind?: 'speech' | 'transcription', expiresIn?} with expiresIn in seconds (default ${DEFAULT_CLIENT_SECRET_SECONDS}, at most ${MAX_CLIENT_SECRET_SECONDS}).`,
      ...(issue.path.length > 0 ? { param: issue.path.join('.') } : {}),
    });
  }
  const { model, routeKind, expiresIn } = parsed.data;
  const kind = routeKind ?? 'realtime';
  context.checkModel(model, kind);
  // Longer requests are shortened rather than refused: `expiresAt` says what was granted.
  const seconds = Math.min(Math.ceil(expiresIn ?? DEFAULT_CLIENT_SECRET_SECONDS), MAX_CLIENT_SECRET_SECONDS);
  const expiresAt = context.nowSeconds + seconds;
  return { token: await mintClientSecret(context.counters, context.apiKey, model, expiresAt, kind), expiresAt };
}
