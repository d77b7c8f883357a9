import type { AuthMethod } from '../client/auth';
import { GatewayError } from './gateway-error';
import {
  GatewayAuthenticationError,
  GatewayFailedDependencyError,
  GatewayForbiddenError,
  GatewayInternalServerError,
  GatewayInvalidRequestError,
  GatewayModelNotFoundError,
  GatewayNotFoundError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
  GatewayTimeoutError,
} from './gateway-error-classes';
import type { GatewayErrorType } from '../protocol/wire';

/** What an error needs to know about the request it belongs to. */
export interface GatewayErrorContext {
  url: string;
  /** The request body with secrets already redacted. */
  requestBodyValues?: unknown;
  authMethod?: AuthMethod;
  /** Strings that must never appear in an error (API key, OIDC token, BYOK values). */
  secrets: readonly string[];
  /** End messages with ` [<generationId>]` when the gateway reported one (spec v3/v4). */
  generationIdInMessage?: boolean;
}

export interface FailedGatewayResponse {
  statusCode: number;
  bodyText: string;
  responseHeaders: Record<string, string>;
  /** True when the body was longer than modelgate reads and was cut. */
  truncated?: boolean;
}

// The class for each `error.type` of the protocol (wire.ts); types with no class of their own are internal errors.
const classByType: Partial<Record<GatewayErrorType | (string & {}), typeof GatewayError>> = {
  authentication_error: GatewayAuthenticationError,
  invalid_request_error: GatewayInvalidRequestError,
  rate_limit_exceeded: GatewayRateLimitError,
  model_not_found: GatewayModelNotFoundError,
  not_found: GatewayNotFoundError,
  forbidden: GatewayForbiddenError,
  failed_dependency: GatewayFailedDependencyError,
  internal_server_error: GatewayInternalServerError,
};

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    // A secret with characters JSON escapes (a PEM key's newlines, quotes) shows up
    // escaped inside JSON response bodies: scrub both spellings.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join('[REDACTED]');
    }
  }
  return scrubbed;
}

/** `scrubSecrets` applied to every string inside a JSON-like value (returns a copy). */
export function scrubSecretsDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubSecretsDeep(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scrubSecretsDeep(item, secrets)]),
    );
  }
  return value;
}

export function authenticationHelp(method: AuthMethod | undefined): string {
  if (method === 'oidc') {
    return 'The Vercel OIDC token was rejected. Run `vercel env pull` to refresh VERCEL_OIDC_TOKEN (it expires after 12 hours), or set AI_GATEWAY_API_KEY instead.';
  }
  return 'The API key was rejected. Check AI_GATEWAY_API_KEY (or the apiKey setting of createGateway); create a key in the Vercel dashboard under AI Gateway > API Keys.';
}

interface GatewayErrorBody {
  error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown } | null;
  generationId?: unknown;
}

/** The body as a JSON object, or undefined when it is not one. */
function parseErrorBody(text: string): GatewayErrorBody | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null) return json;
  } catch {
    // not JSON: reported below as a response error
  }
  return undefined;
}

const asString = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Maps a failed gateway response (status ≥ 400) to the matching error class. On v3/v4 the
 * message ends in ` [<generationId>]`, as the public client's does: users search the
 * gateway's logs for that id.
 */
export function gatewayErrorFromResponse(
  response: FailedGatewayResponse,
  context: GatewayErrorContext,
): GatewayError {
  const error = classifyErrorResponse(response, context);
  if (context.generationIdInMessage && error.generationId) error.message += ` [${error.generationId}]`;
  return error;
}

/**
 * Adds `text` to a gateway error's message, before its ` [<generationId>]` suffix if it has
 * one, so the id stays last.
 */
export function appendToMessage(error: GatewayError, text: string): void {
  const suffix = error.generationId ? ` [${error.generationId}]` : '';
  error.message =
    suffix && error.message.endsWith(suffix)
      ? `${error.message.slice(0, -suffix.length)}${text}${suffix}`
      : error.message + text;
}

function classifyErrorResponse(response: FailedGatewayResponse, context: GatewayErrorContext): GatewayError {
  const { statusCode, responseHeaders } = response;
  const bodyText = scrubSecrets(response.bodyText, context.secrets);
  const common = {
    statusCode,
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    responseHeaders,
    responseBody: bodyText,
  };
  const body = parseErrorBody(response.bodyText);
  // A body in another shape may still carry the generation id.
  const generationId = asString(body?.generationId);
  if (typeof body?.error !== 'object' || body.error === null) {
    const excerpt = bodyText.trim().slice(0, 200).replace(/\s+/g, ' ');
    return new GatewayResponseError({
      ...common,
      generationId,
      message: `The AI Gateway answered HTTP ${statusCode} with a body that is not a gateway error${
        excerpt ? `: ${excerpt}${response.truncated || bodyText.length > 200 ? '…' : ''}` : ' (empty body)'
      }`,
    });
  }

  const type = asString(body.error.type);
  const gatewayMessage = scrubSecrets(asString(body.error.message) ?? 'unknown error', context.secrets);
  const param = body.error.param as Record<string, unknown> | undefined;
  const details = {
    ...common,
    type,
    generationId,
    message: gatewayMessage,
  };

  // 402 has no error type of its own on the wire; the status decides.
  if (statusCode === 402) {
    return new GatewayPaymentRequiredError({
      ...details,
      message: `${gatewayMessage.replace(/\.\s*$/, '')} (HTTP 402: add credits or raise the budget in the Vercel dashboard; retrying will not help).`,
    });
  }
  if (type === 'authentication_error' || (type === undefined && statusCode === 401)) {
    return new GatewayAuthenticationError({
      ...details,
      message: `AI Gateway authentication failed: ${gatewayMessage}. ${authenticationHelp(context.authMethod)}`,
    });
  }
  if (type === 'model_not_found') {
    return new GatewayModelNotFoundError({
      ...details,
      modelId: typeof param === 'object' && param !== null ? asString(param.modelId) : undefined,
    });
  }
  if (type === 'forbidden') {
    return new GatewayForbiddenError({
      ...details,
      ruleId: typeof param === 'object' && param !== null ? asString(param.ruleId) : undefined,
    });
  }
  const ErrorClass = (type !== undefined && classByType[type]) || GatewayInternalServerError;
  return new ErrorClass(details);
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// Not provider-utils' isAbortError: that one needs `instanceof Error`/`DOMException`, which
// fails for an abort raised in another realm (edge VMs), turning it into a gateway error.
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ['AbortError', 'TimeoutError', 'ResponseAborted'].includes((error as Error).name)
  );
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a failure to reach the gateway (fetch threw) to a retryable error.
 * Abort errors are returned untouched so callers can re-throw them as they are.
 */
export function gatewayErrorFromFetchFailure(error: unknown, context: GatewayErrorContext): unknown {
  if (isAbortError(error) || GatewayError.isInstance(error)) return error;
  const code = errorCode(error);
  const reason = scrubSecrets(error instanceof Error ? error.message : String(error), context.secrets);
  const common = {
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    cause: error,
    isRetryable: true,
  };
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new GatewayTimeoutError({
      ...common,
      message: `The AI Gateway did not answer in time (${code}). Retry, or raise the timeout of your fetch/undici agent.`,
    });
  }
  return new GatewayResponseError({
    ...common,
    message: `Could not reach the AI Gateway at ${context.url}: ${reason}${code ? ` (${code})` : ''}.`,
  });
}
