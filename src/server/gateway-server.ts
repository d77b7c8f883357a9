import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { isAbortError } from '@ai-sdk/provider-utils';
import { scrubSecrets } from '../errors/create-gateway-error';
import { GatewayServerError } from '../errors/gateway-server-error';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import { specVersions, type SpecificationVersion } from '../protocol/spec-versions';
import { handleAccount } from './account-route';
import { clientAnthropicCredential } from './anthropic-compatible/client-credential';
import { handleMessages, isMessagesPath, messagesErrorResponse } from './anthropic-compatible/messages-route';
import { anthropicModelDetail, anthropicModelList, isAnthropicClient } from './anthropic-compatible/models-list';
import { bearerToken, findApiKey, hashApiKeys, type StoredApiKey } from './api-keys';
import { BATCH_ENDPOINTS, handleBatchOperation, handleBatchStart } from './batch-route';
import { BatchWatches } from './batch-watch';
import { catalogResponse } from './catalog-route';
import { resolveServerConfig, type GatewayModelType, type GatewayServerConfig, type ResolvedServerConfig } from './config';
import { handleDecisionModel, splitDecisionFallback } from './decision-route';
import { handleEmbeddingModel } from './embedding-route';
import { createGenerationId } from './generation-id';
import { handleHealth, isHealthPath } from './health-route';
import { handleMetrics, METRICS_PATH } from './metrics/metrics-route';
import { handleDashboard, isDashboardPath } from './dashboard/dashboard-route';
import { MemoryCounterStore } from '../storage/memory-counter-store';
import { MemoryUsageStore } from '../storage/memory-usage-store';
import type { CounterStore, UsageStore } from '../storage/types';
import { parseCallIdentity } from './governance/call-identity';
import { Governance, type GovernedCall } from './governance/governance';
import { handleReport } from './governance/report-route';
import { handleImageModel } from './image-route';
import { handleLanguageModel } from './language-model-route';
import { chatRequestToCall } from './openai-compatible/chat-request';
import { handleChatCompletions } from './openai-compatible/chat-route';
import { embeddingRequestToCall, handleOpenAIEmbeddings } from './openai-compatible/embeddings';
import { handleOpenAIImageGeneration, imageGenerationRequestToCall } from './openai-compatible/images';
import { isStoredResponsePath, modelDetailPath, openAIErrorResponse, openAIModelDetail, openAIModelList, OPENAI_PATHS } from './openai-compatible/openai-api';
import { responsesRequestToCall } from './openai-compatible/responses-request';
import { handleResponses } from './openai-compatible/responses-route';
import { handleRerankingModel } from './reranking-route';
import { handleSpeechModel } from './speech-route';
import { handleTranscriptionModel } from './transcription-route';
import { handleVideoModel } from './video-route';
import { ProviderStats } from './provider-stats';
import type { FinishedCall, RequestContext } from './request-context';
import { RoutePlanner, type RoutingOptions } from './routing';
import {
  CREDITS_PATH,
  GENERATION_PATH,
  REPORT_PATH,
  CATALOG_ENDPOINT,
  modelEndpoint,
  modelIdHeader,
  specificationVersionHeader,
  VIDEO_START_ENDPOINT,
  VIDEO_STATUS_ENDPOINT,
  DECISION_ENDPOINT,
  MODEL_ID_HEADER,
  batchEndpoint,
  type ModelKind,
} from '../protocol/wire';
import { jsonResponse } from './response-body';
import { CLIENT_SECRETS_PATH, SOCKET_ENDPOINT } from '../protocol/websocket-protocol';
import { handleClientSecretRequest } from './client-secrets';
import { upgradeRealtime } from './realtime-route';
import { upgradeMediaStream } from './media-stream-session';
import { SPEECH_STREAM } from './speech-stream-route';
import { TRANSCRIPTION_STREAM } from './transcription-stream-route';
import type { SocketRouteKind, SocketUpgradeContext } from './websocket-upgrade';
import { isNodeListenerRequest } from './listener-request';
import { isWebSocketUpgrade, type UpstreamWebSocketClass, type WebSocketAcceptance, type WebSocketAdapterDefaults } from './server-websocket';

/** A web-standard gateway: hand it to `Bun.serve`, `Deno.serve`, a Worker's `fetch` or `modelgate serve`. */
export interface GatewayServer {
  fetch(request: Request): Promise<Response>;
  /**
   * Answers a WebSocket upgrade request (realtime sessions at `/v4/ai/realtime-model`, streamed speech at
   * `/v4/ai/speech-model`, streamed transcription at `/v4/ai/transcription-model`): a `Response` to send instead of 101, or an acceptance: answer 101 selecting `acceptance.protocol`, then hand the
   * socket to `acceptance.accept`. `modelgate serve` and `listen` from `modelgate/server/node` do this;
   * on Deno, `Deno.upgradeWebSocket(request)` gives the socket and the 101 to return, on which to set `sec-websocket-protocol` (its
   * own `protocol` option refuses the offers `ws` clients send); on Bun, `bunServeOptions(gateway)`.
   */
  upgradeWebSocket(request: Request, adapter?: WebSocketAdapterDefaults): Promise<Response | WebSocketAcceptance>;
  /** The validated config (for startup summaries). */
  readonly config: ResolvedServerConfig;
  /** Writes the usage records still queued. */
  flushUsage(): Promise<void>;
  /** Stops retrying and writes what is still queued: call on shutdown, before closing the engines. */
  close(): Promise<void>;
}

export interface GatewayServerOptions {
  /** Rate-limit windows, concurrency slots, budget counters and cached responses; default: in this process's memory. */
  counters?: CounterStore;
  /** The usage log and reports; default: the most recent 20,000 records in memory. */
  usage?: UsageStore;
  /** Where operational log lines go (storage outages, soft budget thresholds, webhooks that could not be delivered); default `console.error`. */
  log?: (line: string) => void;
  /**
   * The WebSocket class realtime sessions connect upstream with; it must send handshake headers (the
   * provider's key travels in them), as `ws`'s `WebSocket` does. Default: the adapter's (the Node
   * listener passes `ws`'s); without one, realtime upgrades are refused with 424.
   */
  webSocket?: UpstreamWebSocketClass;
}

/** The model call a request made, if any: ended once whatever happens to the request. */
interface RequestState {
  call?: GovernedCall;
}

const VERSION_BY_BASE = new Map<string, SpecificationVersion>(
  Object.values(specVersions).map((spec) => [spec.basePath, spec.version]),
);
const VERSION_BY_HEADER = new Map<string, SpecificationVersion>(
  Object.values(specVersions).map((spec) => [spec.header, spec.version]),
);

const OPENAI_PATH_SET = new Set<string>(Object.values(OPENAI_PATHS));

/**
 * The hosted gateway's dedicated bases for coding agents (`{origin}/claude-code`, `{origin}/coding-agent`,
 * without `/v1`) serve the same APIs below them, so an agent configured with either reaches this server too.
 */
const AGENT_BASES = ['/claude-code/', '/coding-agent/'];

/** The path with an agent base taken off. Pure. */
export function withoutAgentBase(pathname: string): string {
  const base = AGENT_BASES.find((candidate) => pathname.startsWith(candidate));
  return base ? pathname.slice(base.length - 1) : pathname;
}

const modelRoute = <K extends ModelKind>(kind: K) => ({ kind, modelHeader: modelIdHeader(kind), versionHeader: specificationVersionHeader(kind) });
const ROUTES = {
  [modelEndpoint('language')]: modelRoute('language'),
  [modelEndpoint('embedding')]: modelRoute('embedding'),
  [modelEndpoint('image')]: modelRoute('image'),
  [modelEndpoint('reranking')]: modelRoute('reranking'),
  [modelEndpoint('speech')]: modelRoute('speech'),
  [modelEndpoint('transcription')]: modelRoute('transcription'),
  [modelEndpoint('video')]: modelRoute('video'),
  [VIDEO_START_ENDPOINT]: modelRoute('video'),
  [VIDEO_STATUS_ENDPOINT]: modelRoute('video'),
  [DECISION_ENDPOINT]: { kind: 'decision' as const, modelHeader: modelIdHeader('decision'), versionHeader: specificationVersionHeader('decision') },
};
/** Endpoints two segments deep under a base path. */
const NESTED_ENDPOINTS = [VIDEO_START_ENDPOINT, VIDEO_STATUS_ENDPOINT, ...BATCH_ENDPOINTS];
const NESTED_SUFFIXES = NESTED_ENDPOINTS.map((endpoint) => `/${endpoint}`);

/** How errors are answered on a path: the OpenAI- and Anthropic-compatible APIs answer them in their own body shapes. */
function errorResponderFor(pathname: string): (error: GatewayServerError, generationId: string) => Response {
  if (isMessagesPath(pathname)) return messagesErrorResponse;
  if (OPENAI_PATH_SET.has(pathname) || isStoredResponsePath(pathname) || pathname.startsWith(`${OPENAI_PATHS.models}/`)) return openAIErrorResponse;
  return errorResponse;
}

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
  return jsonResponse(body, { status: error.status, headers });
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
  // A config that names Redis or a usage log must never run on memory by accident (limits would not hold across replicas).
  for (const [name, given] of [['redis', options.counters], ['postgres', options.usage], ['embedded', options.usage]] as const) {
    if (config.storage?.[name] !== undefined && given === undefined) {
      throw new InvalidArgumentError({
        argument: `storage.${name}`,
        message: `storage.${name} names an engine, but createGatewayServer takes engines as objects: open them with \`openGatewayStorage(config.storage)\` from 'modelgate/server/node' and pass its { counters, usage } (\`modelgate serve\` does this for you).`,
      });
    }
  }
  const stats = new ProviderStats(resolved.demoteUnhealthy);
  const planner = new RoutePlanner(resolved, stats);
  const log = options.log ?? ((line: string) => console.error(line));
  const batchWatches = new BatchWatches(log);
  const governance = new Governance(resolved, {
    counters: options.counters ?? new MemoryCounterStore(),
    usage: options.usage ?? new MemoryUsageStore(),
    log,
  });
  const keys = hashApiKeys(keyConfigs);
  // The path of the last URL seen: calls come to the same few URLs, and parsing one took ~1.5 µs of each.
  let lastUrl: { url: string; pathname: string } | undefined;
  const pathOf = (url: string) => {
    if (url !== lastUrl?.url) lastUrl = { url, pathname: withoutAgentBase(new URL(url).pathname) };
    return lastUrl.pathname;
  };

  async function authenticate(request: Request): Promise<StoredApiKey> {
    const token = bearerToken(request.headers);
    const key = token ? findApiKey(keys, token) : undefined;
    if (!key) {
      throw new GatewayServerError({
        status: 401,
        type: 'authentication_error',
        message: token
          ? 'Invalid API key. Use a key this gateway was configured with.'
          : 'Missing API key. Send it as `Authorization: Bearer <key>` (or `x-api-key: <key>`).',
      });
    }
    return key;
  }

  /**
   * Checks the gateway options, plans the route and admits the call against rate limits and budgets:
   * what every model route gets. Ungoverned contexts (token counting, video status polls) are not logged.
   */
  async function modelContext(
    state: RequestState,
    request: Request,
    apiKey: StoredApiKey,
    generationId: string,
    version: SpecificationVersion,
    kind: GatewayModelType,
    modelId: string,
    body: Record<string, unknown>,
    providerOptions: unknown,
    governed = true,
  ): Promise<RequestContext> {
    const team = resolved.governance.keyTeams.get(apiKey.name);
    const call = governance.open({
      generationId,
      identity: { keyName: apiKey.name, ...(team !== undefined ? { team } : {}), tags: [] },
      kind,
      model: modelId,
      recordAfterAnswer: isNodeListenerRequest(request),
    });
    if (governed) state.call = call;
    try {
      validateGatewayProviderOptions(providerOptions);
    } catch (error) {
      if (InvalidArgumentError.isInstance(error)) throw invalidRequest(error.message, error.argument);
      throw error;
    }
    const gatewayOptions = ((providerOptions as Record<string, unknown> | undefined)?.gateway ?? {}) as RoutingOptions & Record<string, unknown>;
    call.identify(parseCallIdentity(gatewayOptions, apiKey.name, team, request.headers));
    const plan = planner.plan(modelId, kind, gatewayOptions, apiKey.models);
    if (governed) await call.admit();
    return {
      request,
      config: resolved,
      stats,
      version,
      modelId,
      body,
      plan,
      gatewayOptions,
      generationId,
      apiKey,
      call,
      responseCache: governance.responseCache,
      recordGeneration: (finished: FinishedCall) => call.served(finished),
    };
  }

  async function serveOpenAI(state: RequestState, request: Request, pathname: string, generationId: string): Promise<Response> {
    if (pathname === OPENAI_PATHS.models) return isAnthropicClient(request) ? anthropicModelList(resolved, request) : openAIModelList(resolved);
    if (request.method !== 'POST') throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use POST for ${pathname}.` });
    const apiKey = await authenticate(request);
    const body = await readJsonObject(request);
    if (pathname === OPENAI_PATHS.chat) {
      const chat = chatRequestToCall(body);
      const context = await modelContext(state, request, apiKey, generationId, 'v4', 'language', chat.modelId, body, { gateway: chat.routing });
      return handleChatCompletions(context, chat);
    }
    if (pathname === OPENAI_PATHS.responses) {
      const call = responsesRequestToCall(body);
      const context = await modelContext(state, request, apiKey, generationId, 'v4', 'language', call.modelId, body, { gateway: call.routing });
      return handleResponses(context, call);
    }
    if (pathname === OPENAI_PATHS.images) {
      const images = imageGenerationRequestToCall(body);
      const context = await modelContext(state, request, apiKey, generationId, 'v4', 'image', images.modelId, body, { gateway: images.routing });
      return handleOpenAIImageGeneration(context, images);
    }
    const embed = embeddingRequestToCall(body);
    const context = await modelContext(state, request, apiKey, generationId, 'v4', 'embedding', embed.modelId, body, { gateway: embed.routing });
    return handleOpenAIEmbeddings(context, embed);
  }

  async function serveModel(
    state: RequestState,
    request: Request,
    route: (typeof ROUTES)[keyof typeof ROUTES],
    endpoint: string,
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
    // A status poll reads a job the start call already logged.
    const governed = endpoint !== VIDEO_STATUS_ENDPOINT;
    if (route.kind === 'decision') {
      const { conditional, providerOptions } = splitDecisionFallback(body.providerOptions);
      return handleDecisionModel(await modelContext(state, request, apiKey, generationId, version, 'decision', modelId, body, providerOptions, governed), conditional);
    }
    const context = await modelContext(state, request, apiKey, generationId, version, route.kind, modelId, body, body.providerOptions, governed);
    if (route.kind === 'language') return handleLanguageModel(context);
    if (route.kind === 'embedding') return handleEmbeddingModel(context);
    if (route.kind === 'reranking') return handleRerankingModel(context);
    if (route.kind === 'speech') return handleSpeechModel(context);
    if (route.kind === 'transcription') return handleTranscriptionModel(context);
    if (route.kind === 'video') return handleVideoModel(context, endpoint, governance.counters, log);
    return handleImageModel(context);
  }

  /** POST /v4/ai/batch/{start,status,results,cancel}: the start is a governed language call; the others read the job it registered. */
  async function serveBatch(state: RequestState, request: Request, endpoint: string, apiKey: StoredApiKey, generationId: string): Promise<Response> {
    if (request.method !== 'POST') throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use POST for this endpoint.` });
    const body = await readJsonObject(request);
    if (endpoint === batchEndpoint('start')) {
      const modelId = request.headers.get(MODEL_ID_HEADER);
      if (!modelId) throw invalidRequest(`Missing the ${MODEL_ID_HEADER} header naming the batch's model, e.g. openai/gpt-5.4.`, MODEL_ID_HEADER);
      const context = await modelContext(state, request, apiKey, generationId, 'v4', 'language', modelId, body, body.providerOptions);
      return handleBatchStart(context, governance.counters, batchWatches);
    }
    const operation = endpoint.slice('batch/'.length) as 'status' | 'results' | 'cancel';
    return handleBatchOperation({ request, config: resolved, stats, apiKey, generationId, governance }, operation, body);
  }

  async function handle(state: RequestState, request: Request, pathname: string, generationId: string): Promise<Response> {
    if (isWebSocketUpgrade(request)) {
      throw new GatewayServerError({
        status: 404,
        type: 'not_found',
        message: `WebSocket upgrades (${pathname}) are answered by the server's upgradeWebSocket(request), not fetch: serve the gateway with modelgate serve or listen(gateway) from modelgate/server/node, or call upgradeWebSocket in your runtime's adapter (realtime sessions, streamed speech and streamed transcription).`,
      });
    }
    if (pathname === CLIENT_SECRETS_PATH) {
      if (request.method !== 'POST') throw new GatewayServerError({ status: 405, type: 'invalid_request_error', message: `Use POST for ${pathname}.` });
      // A gateway key only: a client secret cannot mint more of itself.
      const apiKey = await authenticate(request);
      const body = await readJsonObject(request);
      return jsonResponse(
        await handleClientSecretRequest(body, {
          counters: governance.counters,
          apiKey,
          checkModel: (modelId, kind) => void planner.plan(modelId, kind, {}, apiKey.models),
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
      );
    }
    const nested = NESTED_SUFFIXES.find((suffix) => pathname.endsWith(suffix));
    const slash = nested ? pathname.length - nested.length : pathname.lastIndexOf('/');
    const base = pathname.slice(0, slash);
    const endpoint = pathname.slice(slash + 1);
    const pathVersion = VERSION_BY_BASE.get(base);
    if (pathVersion && (endpoint in ROUTES || endpoint === CATALOG_ENDPOINT)) {
      const apiKey = await authenticate(request);
      if (endpoint === CATALOG_ENDPOINT) return catalogResponse(resolved, pathVersion, apiKey);
      return serveModel(state, request, ROUTES[endpoint as keyof typeof ROUTES], endpoint, pathVersion, apiKey, generationId);
    }
    // Batches exist from spec v4 on (ai 7), as on the hosted gateway.
    if (pathVersion === 'v4' && BATCH_ENDPOINTS.includes(endpoint)) {
      return serveBatch(state, request, endpoint, await authenticate(request), generationId);
    }
    if (isMessagesPath(pathname) && request.method === 'POST') {
      const apiKey = await authenticate(request);
      const body = await readJsonObject(request);
      const clientCredential = clientAnthropicCredential(request.headers, (token) => findApiKey(keys, token) !== undefined);
      return handleMessages(
        request,
        pathname,
        body,
        (modelId, callBody, governed) => modelContext(state, request, apiKey, generationId, 'v4', 'language', modelId, callBody, callBody.providerOptions, governed),
        clientCredential,
      );
    }
    if (OPENAI_PATH_SET.has(pathname)) return serveOpenAI(state, request, pathname, generationId);
    const detail = request.method === 'GET' ? modelDetailPath(pathname, resolved.models) : undefined;
    if (detail) {
      // Public, as the list is on the hosted gateway.
      if (isAnthropicClient(request) && !detail.endpoints) return anthropicModelDetail(resolved, detail.modelId);
      return openAIModelDetail(resolved, detail.modelId, detail.endpoints);
    }
    if (isStoredResponsePath(pathname)) {
      await authenticate(request);
      throw new GatewayServerError({
        status: 404,
        type: 'not_found',
        message: 'This gateway stores no responses, so there is nothing to retrieve, delete or list here. Keep the response you got, and send the whole conversation as `input` on the next POST /v1/responses.',
      });
    }
    if (pathname === CREDITS_PATH || pathname === GENERATION_PATH) {
      const apiKey = await authenticate(request);
      return handleAccount(request, pathname, apiKey, governance);
    }
    if (isDashboardPath(pathname)) {
      // Calls made a moment ago are still queued for the usage log: write them, so the page shows them.
      await governance.recorder.flush();
      return handleDashboard(request, {
        usage: governance.usage,
        authorize: (token) => {
          const key = findApiKey(keys, token);
          return key === undefined ? undefined : resolved.governance.adminKeys.has(key.name) ? 'admin' : 'key';
        },
      });
    }
    if (isHealthPath(pathname)) {
      return handleHealth(request, pathname, { counters: governance.counters, usage: governance.usage, onOutage: resolved.governance.onOutage });
    }
    if (pathname === METRICS_PATH) {
      const apiKey = await authenticate(request);
      return handleMetrics(request, apiKey, governance);
    }
    if (pathname === REPORT_PATH && request.method === 'GET') {
      const apiKey = await authenticate(request);
      return handleReport(request, apiKey, governance);
    }
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `No endpoint at ${request.method} ${pathname}. Model calls go to /v1/ai, /v3/ai or /v4/ai (…/language-model, …/embedding-model, …/image-model, …/reranking-model, …/speech-model, …/transcription-model, …/video-model, …/config, and on /v4/ai …/decision-model and …/batch/{start,status,results,cancel}); the usage dashboard is at /dashboard (admin keys); health checks at /health and /health/ready, Prometheus metrics at /metrics (admin keys).`,
    });
  }

  const SOCKET_ROUTES: Record<SocketRouteKind, (context: SocketUpgradeContext) => Promise<WebSocketAcceptance>> = {
    realtime: upgradeRealtime,
    speech: (context) => upgradeMediaStream(SPEECH_STREAM, context),
    transcription: (context) => upgradeMediaStream(TRANSCRIPTION_STREAM, context),
  };
  const SOCKET_KINDS = new Map<string, SocketRouteKind>([
    [SOCKET_ENDPOINT.realtime, 'realtime'],
    [SOCKET_ENDPOINT.speech, 'speech'],
    [SOCKET_ENDPOINT.transcription, 'transcription'],
  ]);

  /** The WebSocket surface of a path under the v4 base, and its model id; undefined for other paths. */
  function socketRoute(url: URL, pathname: string): { kind: SocketRouteKind; modelId: string | null } | undefined {
    const slash = pathname.lastIndexOf('/');
    const kind = SOCKET_KINDS.get(pathname.slice(slash + 1));
    if (!kind || VERSION_BY_BASE.get(pathname.slice(0, slash)) !== 'v4') return undefined;
    return { kind, modelId: url.searchParams.get(MODEL_ID_HEADER) };
  }

  return {
    config: resolved,
    flushUsage: () => governance.recorder.flush(),
    async upgradeWebSocket(request: Request, adapter: WebSocketAdapterDefaults = {}): Promise<Response | WebSocketAcceptance> {
      const generationId = createGenerationId();
      const url = new URL(request.url);
      const pathname = withoutAgentBase(url.pathname);
      try {
        const route = socketRoute(url, pathname);
        if (route === undefined) {
          throw new GatewayServerError({
            status: 404,
            type: 'not_found',
            message: `No WebSocket endpoint at ${pathname}. WebSocket sessions open at /v4/ai/${SOCKET_ENDPOINT.realtime}, /v4/ai/${SOCKET_ENDPOINT.speech} and /v4/ai/${SOCKET_ENDPOINT.transcription}, each with ?${MODEL_ID_HEADER}=<model>.`,
          });
        }
        const context = { request, modelId: route.modelId, config: resolved, stats, keys, governance, generationId, webSocket: options.webSocket ?? adapter.webSocket };
        return await SOCKET_ROUTES[route.kind](context);
      } catch (error) {
        if (GatewayServerError.isInstance(error)) return errorResponse(error, generationId);
        if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) return errorResponse(invalidRequest(error.message), generationId);
        // The client left while its session was being opened; nobody reads this answer.
        if (isAbortError(error) || request.signal.aborted) return new Response(null, { status: 499 });
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[modelgate] ${generationId}: unexpected error opening a WebSocket session:`, scrubSecrets(message, resolved.secrets));
        return errorResponse(
          new GatewayServerError({ status: 500, type: 'internal_server_error', message: 'The gateway failed unexpectedly; see its log for this generation id.' }),
          generationId,
        );
      }
    },
    close: () => {
      batchWatches.close();
      return governance.close();
    },
    async fetch(request: Request): Promise<Response> {
      const generationId = createGenerationId();
      const pathname = pathOf(request.url);
      const state: RequestState = {};
      try {
        const response = await handle(state, request, pathname, generationId);
        state.call?.responded();
        return response;
      } catch (error) {
        state.call?.failed(error, request.signal.aborted);
        const toErrorResponse = errorResponderFor(pathname);
        if (GatewayServerError.isInstance(error)) return toErrorResponse(error, generationId);
        // The call could not be decoded, or asks for what the upstream spec cannot carry.
        if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) {
          return toErrorResponse(invalidRequest(error.message), generationId);
        }
        if (isAbortError(error) || request.signal.aborted) {
          // The client went away; nobody reads this answer.
          return new Response(null, { status: 499 });
        }
        const message = error instanceof Error ? error.message : String(error);
        console.error(`[modelgate] ${generationId}: unexpected error:`, scrubSecrets(message, resolved.secrets));
        return toErrorResponse(
          new GatewayServerError({ status: 500, type: 'internal_server_error', message: 'The gateway failed unexpectedly; see its log for this generation id.' }),
          generationId,
        );
      }
    },
  };
}
