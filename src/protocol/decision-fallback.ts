import { InvalidArgumentError, type Experimental_DecisionModelV4Result } from '@ai-sdk/provider';
import { isRecord } from '@ai-sdk/provider-utils';
import { validateGatewayProviderOptions } from './gateway-provider-options';

/**
 * Conditional fallbacks of decision calls: `providerOptions.gateway.models` may start with
 * `{ model, when }`, which makes the gateway rerun the decision on `model` when `when`
 * holds for the primary model's answers. The gateway enforces the same limits.
 */
export const DECISION_FALLBACK_LIMITS = { depth: 5, conditionsPerList: 20, questionLength: 256 } as const;

type ConditionKey = 'question' | 'confidenceBelow' | 'probabilityBetween' | 'any' | 'all' | 'atLeast';
// Every key of the other condition shapes is `never`, so TypeScript rejects a condition that mixes two.
type OneShape<T> = T & { [K in Exclude<ConditionKey, keyof T>]?: never };
type ConditionList<QUESTION_ID extends string> = [
  DecisionFallbackCondition<QUESTION_ID>,
  ...DecisionFallbackCondition<QUESTION_ID>[],
];

/**
 * A test on the primary model's answers. `question` limits a test to one question id
 * (pass your ids as `QUESTION_ID` to have them checked); without it, `confidenceBelow`
 * looks at every choice and score question and `probabilityBetween` at every boolean one.
 * `any`, `all` and `atLeast` combine conditions, at most five levels deep.
 */
export type DecisionFallbackCondition<QUESTION_ID extends string = string> =
  | OneShape<{ question?: QUESTION_ID; confidenceBelow: number }>
  | OneShape<{ question?: QUESTION_ID; probabilityBetween: [number, number] }>
  | OneShape<{ any: ConditionList<QUESTION_ID> }>
  | OneShape<{ all: ConditionList<QUESTION_ID> }>
  | OneShape<{ atLeast: { count: number; conditions: ConditionList<QUESTION_ID> } }>;

/** @deprecated Use `DecisionFallbackCondition`. */
export type EvaluationFallbackCondition<QUESTION_ID extends string = string> = DecisionFallbackCondition<QUESTION_ID>;

/** One `providerOptions.gateway.models` entry: a model id, or (first entry of a decision call only) a conditional fallback. */
export type GatewayModelFallback<QUESTION_ID extends string = string> =
  | string
  | { model: string; when: DecisionFallbackCondition<QUESTION_ID> };

/** `providerOptions.gateway.models`: model ids, the first of which may be a conditional fallback. */
export type GatewayModelFallbackList<QUESTION_ID extends string = string> =
  | string[]
  | [Exclude<GatewayModelFallback<QUESTION_ID>, string>, ...string[]];

const SHAPES = ['confidenceBelow', 'probabilityBetween', 'any', 'all', 'atLeast'];
const { depth: MAX_DEPTH, conditionsPerList: MAX_CONDITIONS, questionLength: MAX_QUESTION } = DECISION_FALLBACK_LIMITS;

/** Where a value breaks a rule, relative to it, and what the rule wants. */
type Issue = [path: Array<string | number>, message: string];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isProbability = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;
const extraKey = (value: Record<string, unknown>, allowed: string[]) => Object.keys(value).find((key) => !allowed.includes(key));

// Hand-written rather than a zod schema: a union of strict objects reports only "Invalid
// input", while each rule here names the fix, at a third of the bundled size.
/** The first rule `condition` (at nesting `depth`, 1 for `when`) breaks, if any. */
export function conditionIssue(condition: unknown, depth = 1): Issue | undefined {
  if (!isObject(condition)) return [[], 'must be a condition object such as { confidenceBelow: 0.8 }'];
  const shapes = SHAPES.filter((key) => key in condition);
  if (shapes.length !== 1) {
    return [
      [],
      shapes.length
        ? `has ${shapes.join(' and ')}; a condition has exactly one of them (combine conditions with any, all or atLeast)`
        : `must have one of ${SHAPES.join(', ')}`,
    ];
  }
  const shape = shapes[0]!;
  const direct = shape === 'confidenceBelow' || shape === 'probabilityBetween';
  const allowed = direct ? [shape, 'question'] : [shape];
  const extra = extraKey(condition, allowed);
  if (extra !== undefined) return [[extra], `is not allowed in a ${shape} condition, which has only ${allowed.join(' and ')}`];
  const value = condition[shape];
  if (direct) {
    const { question } = condition;
    if (question !== undefined && (typeof question !== 'string' || !question || question.length > MAX_QUESTION)) {
      return [['question'], `must be a question id of 1 to ${MAX_QUESTION} characters`];
    }
    if (shape === 'confidenceBelow') return isProbability(value) ? undefined : [[shape], 'must be a number from 0 to 1'];
    return Array.isArray(value) && value.length === 2 && value.every(isProbability) && value[0] <= value[1]
      ? undefined
      : [[shape], 'must be [minimum, maximum]: two numbers from 0 to 1, the smaller first'];
  }
  if (depth >= MAX_DEPTH) return [[], `nests conditions more than ${MAX_DEPTH} levels deep`];
  let list = value;
  const path: Array<string | number> = [shape];
  if (shape === 'atLeast') {
    if (!isObject(value)) return [[shape], 'must be { count, conditions }'];
    const extra = extraKey(value, ['count', 'conditions']);
    if (extra !== undefined) return [[shape, extra], 'is not allowed in atLeast, which has only count and conditions'];
    list = value.conditions;
    path.push('conditions');
    const { count } = value;
    if (!Number.isInteger(count) || (count as number) < 1 || (Array.isArray(list) && (count as number) > list.length)) {
      return [[shape, 'count'], 'must be a whole number from 1 to the number of conditions'];
    }
  }
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_CONDITIONS) {
    return [path, `must be an array of 1 to ${MAX_CONDITIONS} conditions`];
  }
  for (let index = 0; index < list.length; index++) {
    const issue = conditionIssue(list[index], depth + 1);
    if (issue) return [[...path, index, ...issue[0]], issue[1]];
  }
  return undefined;
}

/** The first rule a decision call's `models` breaks: model ids, the first of which may be `{ model, when }`. */
export function decisionModelsIssue(models: unknown): Issue | undefined {
  if (!Array.isArray(models)) return [[], 'must be an array of model ids'];
  for (let index = 0; index < models.length; index++) {
    const entry: unknown = models[index];
    if (typeof entry === 'string') {
      if (!entry) return [[index], 'must be a model id, not empty'];
    } else if (index > 0) {
      return [[index], 'must be a model id; only the first entry may be a conditional fallback { model, when }'];
    } else if (!isObject(entry)) {
      return [[index], 'must be a model id or a conditional fallback { model, when }'];
    } else {
      const extra = extraKey(entry, ['model', 'when']);
      if (extra !== undefined) return [[index, extra], 'is not allowed in a conditional fallback, which has only model and when'];
      if (typeof entry.model !== 'string' || !entry.model) return [[index, 'model'], 'must be the fallback model id'];
      const issue = conditionIssue(entry.when);
      if (issue) return [[index, 'when', ...issue[0]], issue[1]];
    }
  }
  return undefined;
}

const FALLBACK_EXAMPLE = "{ models: [{ model: 'liquid/d1-ultra', when: { confidenceBelow: 0.8 } }, 'google/gemini-decision-1'] }";

/**
 * Checks `providerOptions.gateway` of a decision call: the common options as for every
 * call, and `models` with its optional conditional fallback. Throws an
 * `InvalidArgumentError` naming the path and what was expected; values are not echoed.
 */
export function validateDecisionProviderOptions(providerOptions: unknown): void {
  const gateway = isRecord(providerOptions) ? providerOptions.gateway : undefined;
  if (!isRecord(gateway) || Array.isArray(gateway) || gateway.models === undefined) {
    validateGatewayProviderOptions(providerOptions);
    return;
  }
  const { models, ...common } = gateway;
  validateGatewayProviderOptions({ gateway: common });
  const issue = decisionModelsIssue(models);
  if (!issue) return;
  const path = ['providerOptions', 'gateway', 'models', ...issue[0]].join('.');
  throw new InvalidArgumentError({
    argument: path,
    message: `Invalid ${path}: ${issue[1]}. Example: ${FALLBACK_EXAMPLE}.`,
  });
}

type DecisionAnswers = Experimental_DecisionModelV4Result['answers'];

/** How sure an answer is: the top probability of a choice or score (1 without probabilities), the likelier side of a boolean. */
function confidence(answer: DecisionAnswers[string]): number | undefined {
  if (answer.type === 'boolean') return Math.max(answer.probability, 1 - answer.probability);
  if (answer.type === 'choice' || answer.type === 'score') return answer.probabilities ? Math.max(...Object.values(answer.probabilities)) : 1;
  return undefined;
}

/**
 * Whether a conditional fallback's `when` holds for the first model's answers (the gateway's side of the rule the
 * client checks): `confidenceBelow` for a choice or score question (each of them without `question`), `probabilityBetween`
 * (inclusive) for a boolean one, and `any` / `all` / `atLeast` over their conditions. A refusal meets no test. Pure.
 */
export function decisionConditionHolds(condition: DecisionFallbackCondition, answers: DecisionAnswers): boolean {
  const picked = (types: readonly string[]) => Object.entries(answers).filter(([id, answer]) => (condition.question !== undefined ? id === condition.question : types.includes(answer.type)));
  if (condition.confidenceBelow !== undefined) {
    const below = condition.confidenceBelow;
    return picked(['choice', 'score']).some(([, answer]) => (confidence(answer) ?? 1) < below);
  }
  if (condition.probabilityBetween !== undefined) {
    const [min, max] = condition.probabilityBetween;
    return picked(['boolean']).some(([, answer]) => answer.type === 'boolean' && answer.probability >= min && answer.probability <= max);
  }
  if (condition.any !== undefined) return condition.any.some((each) => decisionConditionHolds(each, answers));
  if (condition.all !== undefined) return condition.all.every((each) => decisionConditionHolds(each, answers));
  if (condition.atLeast !== undefined) return condition.atLeast.conditions.filter((each) => decisionConditionHolds(each, answers)).length >= condition.atLeast.count;
  return false;
}
