import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { isAbortError } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../errors/gateway-server-error';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import { specVersions, type SpecificationVersion } from '../protocol/spec-versions';
import { handleAccount } from './account-route';
import { bearerToken, findApiKey, hashApiKeys, type StoredApiKey } from './api-keys';
import { catalogResponse } from './catalog-route';
import { resolveServerConfig, type GatewayServerConfig, type ResolvedServerConfig } from './config';
import { handleEmbeddingModel } from './embedding-route';
import { createGenerationId } from './generation-id';
import { generationRecord, MemoryGenerationLog, type GenerationLog } from './generation-log';
import { handleImageModel } from './image-route';
import { handleLanguageModel } from './language-model-route';
import { ProviderStats } from './provider-stats';
import type { FinishedCall, RequestContext } from './request-context';
import { planRoute, type RoutingOptions } from './routing';
import {
  ACCOUNT_PATH,
  CATALOG_ENDPOINT,
  LANGUAGE_MODEL_STREAMING_HEADER,
  MODEL_ENDPOINT,
  modelIdHeader,
  specificationVersionHeader,
  type ModelKind,
} from '../protocol/wire';

/** A web-standard gateway: hand it to `Bun.serve`, `Deno.serve`, a Worker's `fetch` or `modelgate serve`. */
export interface GatewayServer {
  fetch(request: Request): Promise<Response>;
  /** The validated config (for startup summaries). */
  readonly config: ResolvedServerConfig;
}

export interface GatewayServerOptions {
  /** Where finished calls are recorded; default: the most recent 10,000 in memory. */
  generationLog?: GenerationLog;
}

const VERSION_BY_BASE = new Map<string, SpecificationVersion>(
  Object.values(specVersions).map((spec) => [spec.basePath, spec.version]),
);
const VERSION_BY_HEADER = new Map<string, SpecificationVersion>(
  Object.values(specVersions).map((spec) => [spec.header, spec.version]),
);

const modelRoute = (kind: ModelKind) => ({ kind, modelHeader: modelIdHeader(kind), versionHeader: specificationVersionHeader(kind) });
const ROUTES = {
  [MODEL_ENDPOINT.language]: modelRoute('language'),
  [MODEL_ENDPOINT.embedding]: modelRoute('embedding'),
  [MODEL_ENDPOINT.image]: modelRoute('image'),
};

/** The protocol's error body and status for a failure, with `retry-after` when known. */
export function errorResponse(error: GatewayServerError, generationId?: string): Response {
  const body = {
    error: {
      message: error.message,
      type: error.type,
      ...(error.param !== undefined ? { param: error.param } : {}),
      ...(error.code !== undefined ? { code: error.code } : {}),
    },
    ...(generationId ? { generationId } : {}),
    ...error.details,
  };
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return Response.json(body, { status: error.status, headers });
}

const invalidRequest = (message: string, param?: string) =>
  new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** Creates the gateway server. Throws at once, naming the key and the fix, when the config is wrong. */
export function createGatewayServer(config: GatewayServerConfig, options: GatewayServerOptions = {}): GatewayServer {
  const { config: resolved, keys: keyConfigs } = resolveServerConfig(config);
  const stats = new ProviderStats();
  const log = options.generationLog ?? new MemoryGenerationLog();
  const keys = hashApiKeys(keyConfigs);

  async function authenticate(request: Request): Promise<StoredApiKey> {
    const token = bearerToken(request.headers);
    const key = token ? findApiKey(keys, token) : undefined;
    if (!key) {
      throw new GatewayServerError({
        status: 401,
        type: 'authentication_error',
        message: token
          ? 'Invalid API key. Use a key this gateway was configured with.'
          : 'Missing API key. Send it as `Authorization: Bearer <key>`.',
      });
    }
    return key;
  }

  async function serveModel(
    request: Request,
    route: ReturnType<typeof modelRoute>,
    pathVersion: SpecificationVersion,
    apiKey: StoredApiKey,
    generationId: string,
  ): Promise<Response> {
    if (request.method !== 'POST') throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use POST for this endpoint.` });
    const headerVersion = request.headers.get(route.versionHeader);
    const version = headerVersion ? VERSION_BY_HEADER.get(headerVersion) : pathVersion;
    if (!version) throw invalidRequest(`Unsupported ${route.versionHeader}: ${JSON.stringify(headerVersion)}; use 2, 3 or 4.`);
    const modelId = request.headers.get(route.modelHeader);
    if (!modelId) throw invalidRequest(`Missing the ${route.modelHeader} header naming the model, e.g. openai/gpt-5.4.`, route.modelHeader);
    const body = await readJsonObject(request);
    try {
      validateGatewayProviderOptions(body.providerOptions);
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) throw invalidRequest(error.message, error.argument);
      throw error;
    }
    const gatewayOptions = ((body.providerOptions as Record<string, unknown> | undefined)?.gateway ?? {}) as RoutingOptions;
    const plan = planRoute(modelId, route.kind, gatewayOptions, resolved, stats, apiKey.models);
    const context: RequestContext = {
      request,
      config: resolved,
      stats,
      version,
      modelId,
      body,
      plan,
      generationId,
      apiKey,
      recordGeneration: (call: FinishedCall) =>
        log.record(
          generationRecord({
            id: generationId,
            model: call.attempt.modelId,
            provider: call.attempt.provider,
            byok: call.attempt.credentialType === 'byok',
            streamed: call.streamed,
            finishReason: call.finishReason,
            usage: call.usage,
            cost: call.cost,
            latencyMs: call.latencyMs,
            generationMs: call.generationMs,
            createdAt: new Date(),
          }),
        ),
    };
    if (route.kind === 'language') return handleLanguageModel(context);
    if (route.kind === 'embedding') return handleEmbeddingModel(context);
    return handleImageModel(context);
  }

  async function handle(request: Request, generationId: string): Promise<Response> {
    const { pathname } = new URL(request.url);
    const slash = pathname.lastIndexOf('/');
    const base = pathname.slice(0, slash);
    const endpoint = pathname.slice(slash + 1);
    const pathVersion = VERSION_BY_BASE.get(base);
    if (pathVersion && (endpoint in ROUTES || endpoint === CATALOG_ENDPOINT)) {
      const apiKey = await authenticate(request);
      if (endpoint === CATALOG_ENDPOINT) return catalogResponse(resolved, pathVersion, apiKey);
      return serveModel(request, ROUTES[endpoint as keyof typeof ROUTES], pathVersion, apiKey, generationId);
    }
    if (pathname === ACCOUNT_PATH.credits || pathname === ACCOUNT_PATH.generation) {
      await authenticate(request);
      return handleAccount(request, pathname, resolved, log);
    }
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `No endpoint at ${request.method} ${pathname}. Model calls go to /v1/ai, /v3/ai or /v4/ai (…/language-model, …/embedding-model, …/image-model, …/config).`,
    });
  }

  return {
    config: resolved,
    async fetch(request: Request): Promise<Response> {
      const generationId = createGenerationId();
      try {
        return await handle(request, generationId);
      } catch (error) {
        if (GatewayServerError.isInstance(error)) return errorResponse(error, generationId);
        // The call could not be decoded, or asks for what the upstream spec cannot carry.
        if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) {
          return errorResponse(invalidRequest(error.message), generationId);
        }
        if (isAbortError(error) || request.signal.aborted) {
          // The client went away; nobody reads this answer.
          return new Response(null, { status: 499 });
        }
        console.error(`[modelgate] ${generationId}: unexpected error:`, error instanceof Error ? error.message : error);
        return errorResponse(
          new GatewayServerError({ status: 500, type: 'internal_server_error', message: 'The gateway failed unexpectedly; see its log for this generation id.' }),
          generationId,
        );
      }
    },
  };
}
