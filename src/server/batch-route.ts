import {
  InvalidArgumentError,
  type Experimental_BatchV4 as BatchV4,
  type Experimental_BatchV4ItemResult as BatchV4ItemResult,
  type Experimental_BatchV4Status as BatchV4Status,
  type Experimental_TextBatchV4Request as TextBatchV4Request,
  type LanguageModelV4Usage,
  type SharedV4ProviderMetadata,
  type SharedV4ProviderOptions,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { scrubSecrets } from '../errors/create-gateway-error';
import { GatewayServerError } from '../errors/gateway-server-error';
import { batchEndpoint, IDEMPOTENCY_KEY_HEADER, type BatchOperation } from '../protocol/wire';
import { stringifyWire } from '../protocol/wire-codec';
import type { CounterStore } from '../storage/types';
import type { StoredApiKey } from './api-keys';
import type { ModelPricing, ResolvedServerConfig } from './config';
import { addUsage, formatUsd, languageModelCost } from './cost';
import type { CallIdentity } from './governance/call-identity';
import type { Governance } from './governance/governance';
import type { ProviderStats } from './provider-stats';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import { encodedJsonResponse } from './response-body';
import { executionFor, type RouteExecution } from './route-execution';
import type { RouteAttempt, RoutePlan } from './routing';
import { putRecord, readRecord } from './counter-records';
import { sha256Hex } from './sha256';
import type { BatchWatches } from './batch-watch';
import { newWebhookSigningSecret, webhookTarget } from './webhook-delivery';
import { upstreamProviderOptions } from './upstream';
import { generateResultToWire, languageCallFromWire } from './spec-bridge';

/**
 * Batch jobs (spec v4): `POST /v4/ai/batch/{start,status,results,cancel}`, ai 7's `experimental_startBatch`,
 * `…getBatchStatus`, `…getBatchResults` and `…cancelBatch`. A start runs on the first provider of the model
 * whose instance offers `experimental_batch()`, on the server's own credentials only (the later calls carry
 * none), and registers the job in the counter store, so every replica answers for it. The provider's batch
 * id stays here: clients only ever see the gateway's `batch_…` id.
 */

export const BATCH_OPERATIONS: readonly BatchOperation[] = ['start', 'status', 'results', 'cancel'];
export const BATCH_ENDPOINTS: readonly string[] = BATCH_OPERATIONS.map(batchEndpoint);

/** How long the gateway remembers a batch (OpenAI and Anthropic keep batch results about as long). */
const JOB_TTL_MS = 30 * 86_400_000;
/** How long a start holds its idempotency key before a retry may start the batch itself. */
const START_CLAIM_MS = 10 * 60_000;

type Json = Record<string, unknown>;

const invalid = (param: string, message: string) => new GatewayServerError({ status: 400, type: 'invalid_request_error', message, param });

// ---- bodies ----------------------------------------------------------------------------------

const batchRequestSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  modelId: z.string(),
  options: z.record(z.string(), z.unknown()),
});

const batchStartSchema = z.looseObject({
  callbackUrl: z.string().nullish(),
  requests: z.array(batchRequestSchema),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
});

const batchOperationSchema = z.looseObject({ batchId: z.string().min(1) });

export type WireBatchRequest = z.infer<typeof batchRequestSchema>;

function parseWith<T>(schema: z.ZodType<T>, body: unknown, what: string, fix: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw invalid(path || 'body', `Invalid ${what}${path ? ` at \`${path}\`` : ''}: ${issue.message}. ${fix}`);
}

/**
 * A `batch/start` body, checked: text requests only, at least one, each with its own id and the model of the
 * `ai-model-id` header, and the webhook URL (`callbackUrl`) if any. Throws 400 naming the field. Pure.
 */
export function parseBatchStartBody(body: unknown, modelId: string): { requests: WireBatchRequest[]; providerOptions?: SharedV4ProviderOptions; callbackUrl?: string } {
  const parsed = parseWith(batchStartSchema, body, 'batch start', 'Send { requests: [{ id, type: "text", modelId, options }] } as experimental_startBatch does.');
  const { requests } = parsed;
  if (requests.length === 0) throw invalid('requests', 'A batch needs at least one request in `requests`.');
  const ids = new Set<string>();
  requests.forEach((request, index) => {
    if (request.type !== 'text') {
      throw invalid(`requests.${index}.type`, `Request "${request.id}" is an "${request.type}" request; this gateway runs batches of text requests only. Start "${request.type}" work without a batch.`);
    }
    if (request.modelId !== modelId) {
      throw invalid(`requests.${index}.modelId`, `Request "${request.id}" uses "${request.modelId}", but the batch runs on "${modelId}" (the ai-model-id header): start one batch per model.`);
    }
    if (ids.has(request.id)) throw invalid(`requests.${index}.id`, `Request id "${request.id}" appears twice; give each request of a batch its own id.`);
    ids.add(request.id);
  });
  return {
    requests,
    ...(parsed.providerOptions ? { providerOptions: parsed.providerOptions as SharedV4ProviderOptions } : {}),
    ...(parsed.callbackUrl != null ? { callbackUrl: parsed.callbackUrl } : {}),
  };
}

/** A `batch/status`, `…/results` or `…/cancel` body's batch id. Throws 400. Pure. */
export function parseBatchOperationBody(body: unknown): string {
  return parseWith(batchOperationSchema, body, 'batch operation', 'Send { batchId } with the id experimental_startBatch returned.').batchId;
}

type TextOptions = TextBatchV4Request['options'];
/** The call options a text batch request may carry (the spec's `TextBatchV4Request`). */
const TEXT_OPTION_KEYS = [
  'maxOutputTokens',
  'temperature',
  'stopSequences',
  'topP',
  'topK',
  'presencePenalty',
  'frequencyPenalty',
  'seed',
  'reasoning',
  'responseFormat',
  'toolChoice',
  'tools',
] as const satisfies ReadonlyArray<keyof TextOptions>;

/**
 * Each request's options decoded from the wire as a language call (base64 file bytes to bytes, …), cut to
 * what a text batch request carries, without `providerOptions.gateway`; with the decoder's warnings. Throws
 * 400 naming the request. Pure.
 */
export function decodeBatchRequests(requests: readonly WireBatchRequest[]): {
  requests: TextBatchV4Request[];
  warnings: Array<{ requestId: string; warning: SharedV4Warning }>;
} {
  const warnings: Array<{ requestId: string; warning: SharedV4Warning }> = [];
  const decoded = requests.map(({ id, modelId, options }, index): TextBatchV4Request => {
    let call: ReturnType<typeof languageCallFromWire>;
    try {
      call = languageCallFromWire('v4', options);
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error)) throw error;
      throw invalid(`requests.${index}.options`, `Request "${id}": ${error.message}`);
    }
    warnings.push(...call.warnings.map((warning) => ({ requestId: id, warning })));
    const picked: Record<string, unknown> = {};
    for (const key of TEXT_OPTION_KEYS) if (call.value[key] !== undefined) picked[key] = call.value[key];
    const providerOptions = upstreamProviderOptions(call.value.providerOptions);
    return { id, type: 'text', modelId, options: { ...picked, prompt: call.value.prompt, ...(providerOptions ? { providerOptions } : {}) } as TextOptions };
  });
  return { requests: decoded, warnings };
}

// ---- routing ---------------------------------------------------------------------------------

/** The instance's `experimental_batch`, if it has one. */
function batchFactory(config: ResolvedServerConfig, provider: string): (() => unknown) | undefined {
  const system = config.providers.get(provider)?.system as { experimental_batch?: unknown } | undefined;
  const factory = system?.experimental_batch;
  return typeof factory === 'function' ? () => factory.call(system) : undefined;
}

/**
 * The plan cut to what a batch can run on: the server's own credentials (status and results calls carry
 * none, and the server must never keep a request's key) of providers that offer batches. Throws 400
 * `no_providers_available` when nothing is left. Pure.
 */
export function batchPlan(plan: RoutePlan, offersBatches: (provider: string) => boolean): RoutePlan {
  const models = plan.models
    .map((entry) => ({ ...entry, attempts: entry.attempts.filter((attempt) => attempt.credentialType === 'system' && !attempt.clientCredential && offersBatches(attempt.provider)) }))
    .filter((entry) => entry.attempts.length > 0);
  if (models.length === 0) {
    throw new GatewayServerError({
      status: 400,
      type: 'no_providers_available',
      message: `No provider of '${plan.originalModelId}' offers batches in this gateway's config (batches run on providers whose instance has experimental_batch(), e.g. @ai-sdk/openai or @ai-sdk/anthropic, with the server's own credentials). Call the model directly instead, or ask the operator to add such a provider.`,
      param: { modelId: plan.originalModelId },
    });
  }
  const providers = [...new Set(models[0]!.attempts.map((attempt) => attempt.provider))];
  return {
    ...plan,
    models,
    fallbacksAvailable: providers.slice(1),
    planningReasoning: `${plan.planningReasoning}. Batches run on system credentials of providers with batch APIs: ${models.map((entry) => `${entry.model.id}: ${entry.attempts.map((attempt) => attempt.provider).join(' → ')}`).join('; ')}`,
  };
}

/** The provider's spec v4 batch API, on the server's own credentials. */
function batchApi(config: ResolvedServerConfig, provider: string): BatchV4 {
  const api = batchFactory(config, provider)?.() as Partial<BatchV4> | undefined;
  if (
    typeof api !== 'object' ||
    api === null ||
    api.specificationVersion !== 'v4' ||
    typeof api.doStartBatch !== 'function' ||
    typeof api.doGetBatchStatus !== 'function' ||
    typeof api.doGetBatchResults !== 'function'
  ) {
    throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: `Provider '${provider}' returned no spec v4 batch API from experimental_batch() (AI SDK provider packages for ai 7 have one).` });
  }
  return api as BatchV4;
}

// ---- the job registry ------------------------------------------------------------------------

/** What the gateway keeps of a batch (never a credential). */
export interface BatchJob {
  provider: string;
  upstreamBatchId: string;
  /** The key that started it: only it may read the batch. */
  keyName: string;
  modelId: string;
  providerModelId: string;
  createdAt: string;
  /** The serving provider's prices, for the charge when the results are read. */
  pricing?: ModelPricing;
  /** Whose budgets the batch spends: the start's key, team, user, tags and quota entity. */
  identity: CallIdentity;
}

const jobKey = (batchId: string) => `batch:${batchId}`;
const chargedKey = (batchId: string) => `batch-charged:${batchId}`;
/** The idempotency key hashed (any length, any characters) behind the key name it belongs to. */
const startKey = (keyName: string, idempotencyKey: string) => `batch-start:${keyName}:${sha256Hex(idempotencyKey)}`;

/** The batch, when it exists and this key started it; otherwise 404 that does not say which. */
async function findJob(counters: CounterStore, batchId: string, apiKey: StoredApiKey): Promise<BatchJob> {
  const record = batchId.startsWith('batch_') ? await readRecord(counters, jobKey(batchId)) : undefined;
  const job = record === undefined ? undefined : (JSON.parse(record) as BatchJob);
  if (!job || job.keyName !== apiKey.name) {
    throw new GatewayServerError({
      status: 404,
      type: 'not_found',
      message: `No batch '${batchId}' for this API key. Use the id experimental_startBatch returned, with the key that started it; the gateway keeps batches for 30 days.`,
      param: 'batchId',
    });
  }
  return job;
}

// ---- answers ---------------------------------------------------------------------------------

const asyncJob = (batchId: string, status: BatchV4Status) => ({ jobId: batchId, status: status.status });

/** A batch status as the clients read it, the gateway's job in `providerMetadata.gateway`. */
function statusBody(batchId: string, status: BatchV4Status, secrets: readonly string[], gateway: Json = {}, asyncJobExtra: Json = {}): Json {
  const { status: state, rawStatus, requestCounts, error, createdAt, expiresAt, providerMetadata } = status;
  return {
    status: state,
    ...(rawStatus !== undefined ? { rawStatus } : {}),
    ...(requestCounts !== undefined ? { requestCounts } : {}),
    ...(error !== undefined ? { error: { ...error, message: scrubSecrets(error.message, secrets) } } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    providerMetadata: { ...providerMetadata, gateway: { ...providerMetadata?.gateway, ...gateway, asyncJob: { ...asyncJob(batchId, status), ...asyncJobExtra } } },
  };
}

/**
 * One result item as its NDJSON line (a succeeded item's result in the language route's wire form, its
 * cost at the serving provider's prices in `providerMetadata.gateway`), with that usage and cost. Pure.
 */
export function batchItemToWire(item: BatchV4ItemResult, pricing: ModelPricing | undefined, secrets: readonly string[]): { line: string; usage?: LanguageModelV4Usage; cost: number } {
  if (item.type === 'text' && item.status === 'succeeded') {
    const { result } = item;
    const cost = languageModelCost(result.usage, pricing);
    const providerMetadata = { ...result.providerMetadata, gateway: { ...result.providerMetadata?.gateway, cost: formatUsd(cost), marketCost: formatUsd(cost) } } as SharedV4ProviderMetadata;
    const wire = generateResultToWire('v4', { ...result, providerMetadata }, []);
    return { line: `{"type":"text","id":${JSON.stringify(item.id)},"status":"succeeded","result":${wire}}\n`, usage: result.usage, cost };
  }
  const error = 'error' in item && item.error ? { ...item.error, message: scrubSecrets(item.error.message, secrets) } : undefined;
  return { line: `${stringifyWire({ ...item, ...(error ? { error } : {}) })}\n`, cost: 0 };
}

// ---- start -----------------------------------------------------------------------------------

/** A replayed start: its stored answer, or 422 when the same key started a different batch. */
async function replayedStart(counters: CounterStore, key: string, digest: string): Promise<Response | undefined> {
  const record = await readRecord(counters, key);
  if (record === undefined) return undefined;
  const stored = JSON.parse(record) as { digest: string; answer: string };
  if (stored.digest !== digest) {
    throw new GatewayServerError({
      status: 422,
      type: 'invalid_request_error',
      message: 'This idempotency-key already started a different batch. Use a new providerOptions.gateway.idempotencyKey for a new batch, or resend the first batch unchanged to get its answer.',
      param: IDEMPOTENCY_KEY_HEADER,
    });
  }
  return encodedJsonResponse(stored.answer);
}

/**
 * POST /v4/ai/batch/start: starts the batch on the first provider that takes it (failing over as model
 * calls do), registers it, and answers its status with the gateway's batch id. With an `idempotency-key`,
 * a repeated start by the same API key answers the first start's answer (409 while that start still runs,
 * 422 when the key started a different batch).
 */
export async function handleBatchStart(context: RequestContext, counters: CounterStore, watches: BatchWatches): Promise<Response> {
  const startedAt = Date.now();
  const body = parseBatchStartBody(context.body, context.modelId);
  const webhook = body.callbackUrl === undefined ? undefined : { url: webhookTarget(body.callbackUrl), secret: newWebhookSigningSecret() };
  const decoded = decodeBatchRequests(body.requests);
  const idempotencyKey = context.request.headers.get(IDEMPOTENCY_KEY_HEADER) || undefined;
  const replayKey = idempotencyKey ? startKey(context.apiKey.name, idempotencyKey) : undefined;
  const claimKey = replayKey && `${replayKey}:claim`;
  const digest = sha256Hex(JSON.stringify(context.body));
  if (replayKey) {
    const replay = await replayedStart(counters, replayKey, digest);
    if (replay) return replay;
    const claim = await counters.take(claimKey!, 1, 1, counters.now() + START_CLAIM_MS);
    if (!claim.admitted) {
      const answered = await replayedStart(counters, replayKey, digest);
      if (answered) return answered;
      throw new GatewayServerError({ status: 409, type: 'invalid_request_error', message: 'A batch start with this idempotency-key is still running. Retry in a few seconds to get its answer.', param: IDEMPOTENCY_KEY_HEADER });
    }
  }
  try {
    const { batchId, job, answer } = await startBatch(context, counters, decoded, upstreamProviderOptions(body.providerOptions), startedAt);
    // A replay answers what was stored: never the webhook's signing secret, which only this answer carries.
    const stored = answer();
    if (replayKey) await putRecord(counters, replayKey, JSON.stringify({ digest, answer: stored }), counters.now() + JOB_TTL_MS);
    if (!webhook) return encodedJsonResponse(stored);
    watches.watch(batchId, batchApi(context.config, job.provider), job.upstreamBatchId, webhook);
    return encodedJsonResponse(answer({ webhookSigningSecret: webhook.secret }));
  } catch (error) {
    // The batch did not start: a retry with the same key may start it.
    if (claimKey) await counters.add(claimKey, -1, counters.now() + START_CLAIM_MS).catch(() => undefined);
    throw error;
  }
}

async function startBatch(
  context: RequestContext,
  counters: CounterStore,
  decoded: ReturnType<typeof decodeBatchRequests>,
  providerOptions: SharedV4ProviderOptions | undefined,
  startedAt: number,
): Promise<{ batchId: string; job: BatchJob; answer: (asyncJobExtra?: Json) => string }> {
  const { config, generationId } = context;
  const execution = executionFor({ ...context, plan: batchPlan(context.plan, (provider) => batchFactory(config, provider) !== undefined) });
  const started = await execution.run(config.attemptTimeoutMs, async ({ attempt, signal }) =>
    batchApi(config, attempt.provider).doStartBatch({
      requests: decoded.requests.map((request) => ({ ...request, modelId: attempt.providerModelId })),
      ...(providerOptions ? { providerOptions } : {}),
      abortSignal: signal,
    }),
  );
  const attempt = execution.finalAttempt!;
  const batchId = `batch_${generationId.slice('gen_'.length)}`;
  const createdAt = started.createdAt ?? new Date(startedAt).toISOString();
  const job: BatchJob = {
    provider: attempt.provider,
    upstreamBatchId: started.batchId,
    keyName: context.apiKey.name,
    // The model that took the batch: the requested one, or a `models` fallback.
    modelId: attempt.modelId,
    providerModelId: attempt.providerModelId,
    createdAt,
    ...(attempt.pricing ? { pricing: attempt.pricing } : {}),
    identity: context.call.init.identity,
  };
  await putRecord(counters, jobKey(batchId), JSON.stringify(job), counters.now() + JOB_TTL_MS);
  // Logged now with no cost: the batch is charged when its results are read (handleBatchResults).
  context.recordGeneration({ attempt, execution, usage: undefined, finishReason: 'stop', cost: 0, streamed: false, ...wholeAnswerTimes(startedAt) });
  const { batchId: _upstreamId, warnings, ...status } = started;
  const gateway = { ...execution.routingMetadata(), generationId };
  const answer = (asyncJobExtra: Json = {}) =>
    stringifyWire({
      batchId,
      ...statusBody(batchId, { ...status, createdAt }, execution.secrets, gateway, asyncJobExtra),
      warnings: [...decoded.warnings, ...(warnings ?? [])],
    });
  return { batchId, job, answer };
}

// ---- status, results, cancel -----------------------------------------------------------------

/** What a status, results or cancel call needs: no model context, since the batch names its model. */
export interface BatchOperationContext {
  request: Request;
  config: ResolvedServerConfig;
  stats: ProviderStats;
  apiKey: StoredApiKey;
  generationId: string;
  governance: Governance;
}

/** The batch's provider on the server's own credentials, as an attempt. */
const jobAttempt = (job: BatchJob): RouteAttempt => ({
  modelId: job.modelId,
  provider: job.provider,
  providerModelId: job.providerModelId,
  credentialType: 'system',
  ...(job.pricing ? { pricing: job.pricing } : {}),
});

/** One attempt on the provider that runs the batch, for the routes' error mapping, secret scrubbing and provider health. */
function jobExecution(context: BatchOperationContext, batchId: string, job: BatchJob): RouteExecution {
  const attempt = jobAttempt(job);
  const model = context.config.models.get(job.modelId) ?? { id: job.modelId, name: job.modelId, type: 'language' as const, endpoints: [] };
  const plan: RoutePlan = { originalModelId: job.modelId, models: [{ model, attempts: [attempt] }], fallbacksAvailable: [], planningReasoning: `Batch ${batchId} runs on ${job.provider}` };
  return executionFor({ plan, config: context.config, stats: context.stats, request: context.request });
}

/** The batch API of the provider that runs the job, or 400 when the config no longer offers it. */
function jobBatchApi(config: ResolvedServerConfig, batchId: string, job: BatchJob): BatchV4 {
  if (!batchFactory(config, job.provider)) {
    throw new GatewayServerError({
      status: 400,
      type: 'no_providers_available',
      message: `Batch ${batchId} runs on provider '${job.provider}', which this gateway's config no longer offers batches of. Ask the operator to restore it to reach the batch.`,
    });
  }
  return batchApi(config, job.provider);
}

/** POST /v4/ai/batch/status, …/results and …/cancel. */
export async function handleBatchOperation(context: BatchOperationContext, operation: Exclude<BatchOperation, 'start'>, body: unknown): Promise<Response> {
  const batchId = parseBatchOperationBody(body);
  const { counters } = context.governance;
  const job = await findJob(counters, batchId, context.apiKey);
  const api = jobBatchApi(context.config, batchId, job);
  const execution = jobExecution(context, batchId, job);
  const timeoutMs = context.config.attemptTimeoutMs;
  const upstream = { batchId: job.upstreamBatchId };
  const answer = (status: BatchV4Status) => encodedJsonResponse(stringifyWire(statusBody(batchId, { ...status, createdAt: status.createdAt ?? job.createdAt }, execution.secrets)));

  if (operation === 'status') return answer(await execution.run(timeoutMs, ({ signal }) => Promise.resolve(api.doGetBatchStatus({ ...upstream, abortSignal: signal }))));
  if (operation === 'cancel') {
    const cancel = api.doCancelBatch?.bind(api);
    if (!cancel) {
      throw invalid('batchId', `Batch ${batchId} runs on provider '${job.provider}', which cannot cancel batches. Let it finish (or expire), then read or ignore its results.`);
    }
    // Cancelling takes effect later: the answer is the status right after asking, and clients keep polling.
    const status = await execution.run(timeoutMs, async ({ signal }) => {
      const cancelled = await cancel({ ...upstream, abortSignal: signal });
      const after = await api.doGetBatchStatus({ ...upstream, abortSignal: signal });
      return { ...after, providerMetadata: { ...after.providerMetadata, ...cancelled.providerMetadata } };
    });
    return answer(status);
  }
  return handleBatchResults(context, batchId, job, api, execution);
}

/** POST /v4/ai/batch/results: the items as NDJSON, once the batch is over; 400 while it runs. */
async function handleBatchResults(context: BatchOperationContext, batchId: string, job: BatchJob, api: BatchV4, execution: RouteExecution): Promise<Response> {
  const upstream = { batchId: job.upstreamBatchId };
  const read = await execution.run(context.config.attemptTimeoutMs, async ({ signal }) => {
    const status = await api.doGetBatchStatus({ ...upstream, abortSignal: signal });
    return status.status === 'pending' ? { pending: status } : { items: await api.doGetBatchResults({ ...upstream, abortSignal: signal }) };
  });
  if (read.pending) {
    throw invalid('batchId', `Batch ${batchId} is still running (${read.pending.rawStatus ?? 'pending'}). Poll experimental_getBatchStatus until it is completed or failed, then read its results.`);
  }
  const reader = read.items.getReader();
  const startedAt = Date.now();
  const encoder = new TextEncoder();
  let usage: LanguageModelV4Usage | undefined;
  let cost = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (!done) {
          const item = batchItemToWire(value, job.pricing, execution.secrets);
          usage = addUsage(usage, item.usage);
          cost += item.cost;
          controller.enqueue(encoder.encode(item.line));
          return;
        }
        await chargeOnce(context, batchId, job, usage, cost, startedAt);
        controller.close();
      } catch (error) {
        // Lines already went out: the client sees a cut body (its parsers say to read the results again).
        console.error(`[modelgate] ${context.generationId}: batch ${batchId} results failed:`, execution.scrub(error instanceof Error ? error.message : String(error)));
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
}

/**
 * A batch is charged once, when its results are first read to the end (only then are its usage and cost
 * known); the marker makes later reads, and reads on other replicas, charge nothing.
 */
async function chargeOnce(context: BatchOperationContext, batchId: string, job: BatchJob, usage: LanguageModelV4Usage | undefined, cost: number, startedAt: number): Promise<void> {
  const { governance } = context;
  // The marker outlives the job (registered at most JOB_TTL_MS before now).
  if (!(await governance.counters.setOnce(chargedKey(batchId), governance.counters.now() + JOB_TTL_MS))) return;
  governance
    .open({ generationId: context.generationId, identity: job.identity, kind: 'batch', model: job.modelId })
    .billedLater()
    .served({ attempt: jobAttempt(job), usage, finishReason: 'stop', cost, streamed: true, ...wholeAnswerTimes(startedAt) });
}
