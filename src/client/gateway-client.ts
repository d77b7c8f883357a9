import { InvalidArgumentError } from '@ai-sdk/provider';
import {
  combineHeaders,
  extractResponseHeaders,
  getRuntimeEnvironmentUserAgent,
  normalizeHeaders,
  withoutTrailingSlash,
  withUserAgentSuffix,
} from '@ai-sdk/provider-utils';
import { readEnv, resolveAuth, type ApiKeySetting } from './auth';
import {
  gatewayErrorFromFetchFailure,
  gatewayErrorFromResponse,
  isAbortError,
  scrubSecrets,
  type GatewayErrorContext,
} from '../errors/create-gateway-error';
import { abortErrorFrom } from '../errors/abort-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import { byokSecrets, redactRequestBody } from './redact';
import {
  AUTH_METHOD_HEADER,
  O11Y_ENV_HEADERS,
  PROTOCOL_VERSION,
  PROTOCOL_VERSION_HEADER,
  REQUEST_ID_HEADER,
  TEAM_HEADER,
} from '../protocol/wire';
import { GATEWAY_ORIGIN, type SpecificationVersion, type SpecVersionAdapter } from '../protocol/spec-versions';
import { VERSION } from '../version';

export type FetchFunction = typeof globalThis.fetch;

export interface GatewayClientSettings {
  baseURL?: string;
  apiKey?: ApiKeySetting;
  headers?: Record<string, string | undefined>;
  fetch?: FetchFunction;
  teamIdOrSlug?: string;
}

export interface GatewayCall {
  /** Absolute URL of the endpoint. */
  url: string;
  method?: 'GET' | 'POST';
  body?: Record<string, unknown>;
  /** Per-call headers from the AI SDK call options. */
  headers?: Record<string, string | undefined>;
  /** Model-kind headers (spec version, model id, streaming). */
  modelHeaders?: Record<string, string>;
  abortSignal?: AbortSignal;
}

export interface CallHeaders extends Pick<GatewayErrorContext, 'authMethod' | 'secrets'> {
  headers: Record<string, string | undefined>;
}

export interface GatewayResponse {
  response: Response;
  responseHeaders: Record<string, string>;
  /** The request body with BYOK credentials redacted, safe to return to callers. */
  requestBody: unknown;
  errorContext: GatewayErrorContext;
  abortSignal?: AbortSignal;
}


/** Error bodies are read up to this many bytes; a gateway error fits easily. */
export const ERROR_BODY_LIMIT = 64 * 1024;

function vercelRequestId(): string | undefined {
  // The request context Vercel's runtime installs (the one @vercel/oidc reads).
  const context = (globalThis as Record<symbol, { get?: () => { headers?: Record<string, string> } }>)[
    Symbol.for('@vercel/request-context')
  ];
  return context?.get?.()?.headers?.['x-vercel-id'];
}

/** The `ai-o11y-*` headers from the Vercel environment, read per request. */
function o11yHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [variable, header] of O11Y_ENV_HEADERS) {
    const value = readEnv(variable);
    if (value !== undefined) headers[header] = value;
  }
  const requestId = vercelRequestId();
  if (requestId) headers[REQUEST_ID_HEADER] = requestId;
  return headers;
}

/** Throws an `InvalidArgumentError` unless `value` is an absolute http(s) URL. */
export function assertHttpUrl(value: string, argument: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument} "${value}": expected an absolute http(s) URL such as ${GATEWAY_ORIGIN}/v1/ai.`,
    });
  }
}

async function readBoundedText(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = limit - size;
      size += value.length;
      text += decoder.decode(value.length > room ? value.subarray(0, room) : value, { stream: true });
      if (size >= limit) {
        truncated = size > limit;
        break;
      }
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    // The body broke off: report what arrived.
  }
  if (truncated || size >= limit) reader.cancel().catch(() => {});
  return { text: text + decoder.decode(), truncated };
}

/** Sends gateway requests: credentials, headers, failures mapped to gateway errors. */
export class GatewayClient<V extends SpecificationVersion = SpecificationVersion> {
  constructor(
    private readonly settings: GatewayClientSettings,
    readonly spec: SpecVersionAdapter<V>,
  ) {}

  /** The configured base URL, else `AI_GATEWAY_BASE_URL`, else the hosted gateway (read per call). */
  get baseURL(): string {
    let url = this.settings.baseURL;
    if (url === undefined) {
      url = readEnv('AI_GATEWAY_BASE_URL');
      if (url !== undefined) assertHttpUrl(url, 'AI_GATEWAY_BASE_URL');
    }
    return withoutTrailingSlash(url) ?? GATEWAY_ORIGIN + this.spec.basePath;
  }

  get teamIdOrSlug(): string | undefined {
    return this.settings.teamIdOrSlug;
  }

  /** A call's headers (credentials resolved now), its auth method, and the secrets no error may show (token sent, BYOK values). */
  async headers(call: Omit<GatewayCall, 'url'>): Promise<CallHeaders> {
    const { token, method } = await resolveAuth(this.settings.apiKey);
    const headers = combineHeaders(
      {
        authorization: `Bearer ${token}`,
        [PROTOCOL_VERSION_HEADER]: PROTOCOL_VERSION,
        [AUTH_METHOD_HEADER]: method,
        [TEAM_HEADER]: this.settings.teamIdOrSlug || undefined,
      },
      normalizeHeaders(this.settings.headers),
      normalizeHeaders(call.headers),
      call.modelHeaders,
      o11yHeaders(),
      call.body && { 'content-type': 'application/json' },
    );

    // A settings or per-call header may replace the resolved token: keep both out of errors.
    const sentToken = headers.authorization?.replace(/^Bearer\s+/i, '') ?? token;
    return { headers, authMethod: method, secrets: [token, sentToken, ...byokSecrets(call.body)] };
  }

  async send(call: GatewayCall): Promise<GatewayResponse> {
    const { headers, ...credentials } = await this.headers(call);
    const requestBody = call.body && redactRequestBody(call.body);
    const errorContext: GatewayErrorContext = {
      ...credentials,
      url: call.url,
      requestBodyValues: requestBody,
      generationIdInMessage: this.spec.generationIdInErrorMessages,
    };

    let response: Response;
    try {
      response = await (this.settings.fetch ?? globalThis.fetch)(call.url, {
        method: call.method ?? 'POST',
        // Inside the try: it validates the values as fetch would, and its errors are scrubbed the same way.
        headers: withUserAgentSuffix(headers, getRuntimeEnvironmentUserAgent(), `modelgate/${VERSION}`),
        body: call.body && JSON.stringify(call.body),
        signal: call.abortSignal,
      });
    } catch (error) {
      // fetch rejects with the signal's reason, which need not look like an abort.
      throw call.abortSignal?.aborted ? abortErrorFrom(call.abortSignal) : gatewayErrorFromFetchFailure(error, errorContext);
    }

    const responseHeaders = extractResponseHeaders(response);
    if (!response.ok) {
      const { text, truncated } = await readBoundedText(response, ERROR_BODY_LIMIT);
      throw gatewayErrorFromResponse(
        { statusCode: response.status, bodyText: text, responseHeaders, truncated },
        errorContext,
      );
    }
    return { response, responseHeaders, requestBody, errorContext, abortSignal: call.abortSignal };
  }

  /** The error for a 2xx answer that is not in the shape the protocol promises. */
  unexpectedResponse(
    { response, responseHeaders, errorContext }: GatewayResponse,
    message: string,
    { isRetryable = true }: { isRetryable?: boolean } = {},
  ): GatewayResponseError {
    return new GatewayResponseError({
      message,
      statusCode: response.status,
      url: errorContext.url,
      requestBodyValues: errorContext.requestBodyValues,
      responseHeaders,
      isRetryable,
    });
  }

  /** Reads a successful JSON response; a cut or non-JSON body becomes a retryable response error. */
  async json<T = Record<string, unknown>>(sent: GatewayResponse): Promise<T> {
    let text: string;
    try {
      text = await sent.response.text();
    } catch (error) {
      throw sent.abortSignal?.aborted
        ? abortErrorFrom(sent.abortSignal)
        : gatewayErrorFromFetchFailure(error, sent.errorContext);
    }
    return this.parseJson<T>(text, sent);
  }

  /** Parses a successful response's body text; not JSON becomes a retryable response error. */
  parseJson<T = Record<string, unknown>>(text: string, { response, responseHeaders, errorContext }: GatewayResponse): T {
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new GatewayResponseError({
        message: `The AI Gateway answered HTTP ${response.status} with a body that is not valid JSON (${text.length} characters${
          text.length === 0 ? '' : `, starting ${JSON.stringify(scrubSecrets(text.slice(0, 80), errorContext.secrets))}`
        }). The response may have been cut short; retrying may help.`,
        statusCode: response.status,
        url: errorContext.url,
        requestBodyValues: errorContext.requestBodyValues,
        responseHeaders,
        responseBody: scrubSecrets(text.slice(0, ERROR_BODY_LIMIT), errorContext.secrets),
        cause,
        isRetryable: true,
      });
    }
  }
}
