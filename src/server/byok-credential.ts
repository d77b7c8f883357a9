import { GatewayServerError } from '../errors/gateway-server-error';

/**
 * What a request's BYOK credential may set on a provider the config gave as `{ create, settings }`
 * without a `byok` mapping: the documented credential shapes (OpenAI and Anthropic `{ apiKey }`, Azure
 * `{ apiKey, resourceName }`, Vertex `{ project, location, googleCredentials }`, Bedrock
 * `{ accessKeyId, secretAccessKey, sessionToken?, region? }`). Anything else (`baseURL`, `headers`,
 * `fetch`, …) would let a client send the request, and whatever the settings hold, where it likes.
 */
const CREDENTIAL_FIELDS = new Set(['apiKey', 'resourceName', 'project', 'location', 'googleCredentials', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'region']);

/** A credential must bring its own secret: without one, the provider would fall back to the server's key (its settings or environment). */
const hasOwnSecret = (credential: Record<string, unknown>) =>
  credential.apiKey !== undefined || credential.googleCredentials !== undefined || (credential.accessKeyId !== undefined && credential.secretAccessKey !== undefined);

const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

/** `modelMappings: [{ gatewayModelSlug, customModelId }]`: the credential's own model ids (an Azure deployment name, say). */
export interface ByokModelMapping {
  gatewayModelSlug: string;
  customModelId: string;
}

/** Checks a credential's `modelMappings`; throws 400 naming the entry. */
function checkModelMappings(value: unknown, at: string): void {
  const mappings = Array.isArray(value) ? value : undefined;
  const bad = mappings === undefined ? -1 : mappings.findIndex((entry) => typeof entry?.gatewayModelSlug !== 'string' || !entry.gatewayModelSlug || typeof entry.customModelId !== 'string' || !entry.customModelId);
  if (mappings !== undefined && bad === -1) return;
  const path = mappings === undefined ? `${at}.modelMappings` : `${at}.modelMappings.${bad}`;
  throw invalid(path, `Invalid ${path}: expected [{ gatewayModelSlug, customModelId }], e.g. [{ gatewayModelSlug: 'openai/gpt-5.4', customModelId: 'my-deployment' }].`);
}

/**
 * A credential split for use: the provider settings it carries, and the model id its `modelMappings` give
 * the gateway model (undefined: the configured one). Pure; the credential is not changed.
 */
export function byokCredentialFor(credential: Record<string, unknown>, gatewayModelId: string): { settings: Record<string, unknown>; modelId?: string } {
  const { modelMappings, ...settings } = credential;
  const mapped = Array.isArray(modelMappings) ? (modelMappings as ByokModelMapping[]).find((entry) => entry.gatewayModelSlug === gatewayModelId) : undefined;
  return { settings, ...(mapped ? { modelId: mapped.customModelId } : {}) };
}

/**
 * Checks one BYOK credential (`providerOptions.gateway.byok[provider][index]`) before it is used;
 * throws 400 naming the field. Values are never echoed.
 */
export function checkByokCredential(credential: unknown, provider: string, index: number): void {
  const at = `providerOptions.gateway.byok.${provider}.${index}`;
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw invalid(at, `Invalid ${at}: expected a credential object such as { apiKey }.`);
  }
  const fields = credential as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'modelMappings') {
      checkModelMappings(value, at);
      continue;
    }
    if (!CREDENTIAL_FIELDS.has(name)) {
      throw invalid(
        `${at}.${name}`,
        `Invalid ${at}.${name}: a BYOK credential carries credentials only (${[...CREDENTIAL_FIELDS].join(', ')}, and modelMappings); where the call goes and how is the gateway's config, not the request's.`,
      );
    }
    const valid =
      name === 'googleCredentials'
        ? typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((part) => typeof part === 'string' && part.length > 0)
        : typeof value === 'string' && value.length > 0;
    if (!valid) {
      throw invalid(`${at}.${name}`, `Invalid ${at}.${name}: expected ${name === 'googleCredentials' ? 'an object of non-empty strings ({ privateKey, clientEmail })' : 'a non-empty string'}.`);
    }
  }
  if (!hasOwnSecret(fields)) {
    throw invalid(at, `Invalid ${at}: a BYOK credential must carry its own key (apiKey; accessKeyId and secretAccessKey; or googleCredentials).`);
  }
}

/** Setting names whose values are secrets (`apiKey`, `headers.Authorization`, `secretAccessKey`, …). */
export const SECRET_SETTING = /key|token|secret|password|authorization|credential/i;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The factory settings a BYOK provider is built on: the server's own secrets left out, at any depth
 * (`apiKey`, `headers.Authorization`), so none of them travels with a request's key.
 */
export function settingsWithoutSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([name]) => !SECRET_SETTING.test(name))
      .map(([name, value]) => [name, isPlainObject(value) ? settingsWithoutSecrets(value) : value]),
  );
}
