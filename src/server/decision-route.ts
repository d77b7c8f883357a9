import type { Experimental_DecisionModelV4 as DecisionModelV4, Experimental_DecisionModelV4Result as DecisionModelV4Result, JSONArray, JSONObject, LanguageModelV4Usage } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { z } from 'zod/v4';
import { GatewayServerError } from '../errors/gateway-server-error';
import { decisionConditionHolds, validateDecisionProviderOptions, type DecisionFallbackCondition } from '../protocol/decision-fallback';
import { stringifyWire } from '../protocol/wire-codec';
import { addUsage, formatUsd, languageModelCost } from './cost';
import { wholeAnswerTimes, type RequestContext } from './request-context';
import { encodedJsonResponse } from './response-body';
import { executionFor, type RouteExecution } from './route-execution';
import { planRoute, type RoutingOptions } from './routing';
import { upstreamModel, upstreamProvider, upstreamProviderOptions } from './upstream';

/** `POST /v4/ai/decision-model`'s body, as modelgate's and the public v4 client send it (`stateParts` is the spec's `state`). */
const decisionCallSchema = z.looseObject({
  stateParts: z.array(
    z.union([
      z.looseObject({ type: z.literal('text'), text: z.string() }),
      z.looseObject({ type: z.literal('json'), value: z.unknown() }),
      z.looseObject({ type: z.literal('file'), mediaType: z.string(), data: z.looseObject({ type: z.literal('data'), data: z.string() }) }),
    ]),
  ),
  questions: z.record(z.string(), z.looseObject({ type: z.enum(['choice', 'score', 'boolean', 'box']) })).refine((questions) => Object.keys(questions).length > 0, 'name at least one question'),
  maxOutputTokens: z.number().int().positive().optional(),
  reasoning: z.string().optional(),
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

type DecisionCall = Parameters<DecisionModelV4['doDecide']>[0];

/** The decision call in the body, as the spec's call options (file bytes stay base64, which the spec takes). Throws 400 naming the field. Pure. */
export function parseDecisionCallBody(body: unknown): Omit<DecisionCall, 'abortSignal' | 'headers'> {
  const parsed = decisionCallSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.');
    throw new GatewayServerError({ status: 400, type: 'invalid_request_error', message: `Invalid decision call${path ? ` at \`${path}\`` : ''}: ${issue.message}.`, param: path || undefined });
  }
  const { stateParts, questions, maxOutputTokens, reasoning, providerOptions } = parsed.data;
  const upstreamOptions = upstreamProviderOptions(providerOptions as DecisionCall['providerOptions']);
  return {
    state: stateParts as DecisionCall['state'],
    questions: questions as DecisionCall['questions'],
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(reasoning !== undefined ? { reasoning: reasoning as DecisionCall['reasoning'] } : {}),
    ...(upstreamOptions ? { providerOptions: upstreamOptions } : {}),
  };
}

type ConditionalFallback = { model: string; when: DecisionFallbackCondition };

/**
 * A decision call's `providerOptions.gateway.models` checked as the clients check it, and split: the conditional
 * fallback (`{ model, when }`, first entry only) apart, the plain fallback model ids left for routing. Throws
 * `InvalidArgumentError` naming the path. Pure; the caller's object is not changed.
 */
export function splitDecisionFallback(providerOptions: unknown): { conditional?: ConditionalFallback; providerOptions: unknown } {
  validateDecisionProviderOptions(providerOptions);
  const gateway = isRecord(providerOptions) && isRecord(providerOptions.gateway) ? providerOptions.gateway : undefined;
  const models = gateway?.models;
  if (!Array.isArray(models) || typeof models[0] === 'string' || models.length === 0) return { providerOptions };
  const [conditional, ...rest] = models as [ConditionalFallback, ...string[]];
  return { conditional, providerOptions: { ...(providerOptions as Record<string, unknown>), gateway: { ...gateway, models: rest } } };
}

/** An upstream decision model of spec v4 (the kind exists from ai 7 on). */
function decisionModelAsV4(upstream: unknown): Pick<DecisionModelV4, 'doDecide'> {
  const model = upstream as Partial<DecisionModelV4> | null;
  if (typeof model !== 'object' || model === null || model.specificationVersion !== 'v4' || typeof model.doDecide !== 'function') {
    throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: 'The upstream provider returned no spec v4 decision model (AI SDK provider packages for ai 7 have them).' });
  }
  return model as DecisionModelV4;
}

/** A decision's token counts as the language usage the cost, the log and the limits read. Pure. */
const decisionUsage = (result: DecisionModelV4Result): LanguageModelV4Usage => ({
  inputTokens: { total: result.usage?.inputTokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: result.usage?.outputTokens, text: undefined, reasoning: undefined },
});

/** One model's decision through its plan, with failover between its providers: its result, usage and cost. */
async function decideThrough(execution: RouteExecution, context: RequestContext, call: Omit<DecisionCall, 'abortSignal' | 'headers'>, timeoutMs: number) {
  const result = await execution.run(timeoutMs, async ({ attempt, signal }) =>
    decisionModelAsV4(upstreamModel(upstreamProvider(context.config, attempt), 'decision', attempt)).doDecide({ ...call, abortSignal: signal }),
  );
  const usage = decisionUsage(result);
  return { result, usage, cost: languageModelCost(usage, execution.finalAttempt!.pricing) };
}

/** The routing of a decision that fell back: both models' attempts, the fallback's marked with the condition that triggered it. */
function withFallbackRouting(first: JSONObject, fallback: JSONObject, originalModelId: string, triggeredBy: DecisionFallbackCondition): JSONObject {
  const attempts = [...(first.attempts as JSONArray), ...(fallback.attempts as JSONArray)];
  const [fallbackModel, ...rest] = fallback.modelAttempts as JSONObject[];
  const modelAttempts = [...(first.modelAttempts as JSONArray), { ...fallbackModel, triggeredBy: triggeredBy as JSONObject }, ...rest];
  return { ...fallback, originalModelId, canonicalSlug: originalModelId, attempts, modelAttemptCount: modelAttempts.length, modelAttempts, totalProviderAttemptCount: attempts.length };
}

/**
 * POST /v4/ai/decision-model: answers the questions about the state with failover. With a conditional fallback
 * (`providerOptions.gateway.models[0]` = `{ model, when }`) the decision reruns on that model when `when` holds for
 * the first answers; then the answer is the fallback's, `model` names it, and both calls are charged.
 */
export async function handleDecisionModel(context: RequestContext, conditional: ConditionalFallback | undefined): Promise<Response> {
  if (context.version !== 'v4') {
    throw new GatewayServerError({ status: 400, type: 'invalid_request_error', message: 'Decision models are served to spec 4 clients: call /v4/ai/decision-model with ai-decision-model-specification-version 4.' });
  }
  const call = parseDecisionCallBody(context.body);
  const startedAt = Date.now();
  const first = executionFor(context);
  const primary = await decideThrough(first, context, call, context.config.attemptTimeoutMs);
  let answered = { ...primary, execution: first };
  let cost = primary.cost;
  let usage = primary.usage;
  let triggeredBy: DecisionFallbackCondition | undefined;
  if (conditional && decisionConditionHolds(conditional.when, primary.result.answers)) {
    const plan = planRoute(conditional.model, 'decision', context.gatewayOptions as RoutingOptions, context.config, context.stats, context.apiKey.models);
    const second = executionFor({ ...context, plan });
    const fallback = await decideThrough(second, context, call, context.config.attemptTimeoutMs);
    answered = { ...fallback, execution: second };
    // Both calls ran, and both are logged and charged.
    cost += fallback.cost;
    usage = addUsage(usage, fallback.usage)!;
    triggeredBy = conditional.when;
  }
  const { result, execution } = answered;
  context.recordGeneration({
    attempt: execution.finalAttempt!,
    execution,
    usage,
    finishReason: 'stop',
    cost,
    streamed: false,
    ...wholeAnswerTimes(startedAt),
  });
  const gateway = {
    ...execution.routingMetadata(),
    ...(triggeredBy ? { routing: withFallbackRouting(first.routingSummary(), execution.routingSummary(), context.modelId, triggeredBy) } : {}),
    cost: formatUsd(cost),
    generationId: context.generationId,
  };
  const { response: _response, ...rest } = result;
  // `model` names the model that answered: a `models` fallback, or the conditional one, when it did.
  return encodedJsonResponse(stringifyWire({ ...rest, model: execution.finalAttempt!.modelId, providerMetadata: { ...result.providerMetadata, gateway } }));
}
