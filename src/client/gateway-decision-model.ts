/**
 * Decision models (spec v4 only). What their call does is in gateway-decision-calls.ts, with
 * the conditional-fallback checks, loaded on the first call: decision calls are rare.
 */
import type {
  Experimental_DecisionModelV4 as DecisionModelV4,
  Experimental_DecisionModelV4CallOptions as DecisionModelV4CallOptions,
  Experimental_DecisionModelV4Result as DecisionModelV4Result,
  Experimental_EvaluationModelV4 as EvaluationModelV4,
} from '@ai-sdk/provider';
import type { GatewayModelConfig } from './gateway-model-config';

/** A decision model id such as `google/gemini-decision-1`; any string the gateway knows works. */
export type GatewayDecisionModelId =
  | 'baseten/elephant-1'
  | 'baseten/joey-1'
  | 'baseten/mammoth-1'
  | 'convaiinnovations/laya'
  | 'google/gemini-decision-1'
  | 'liquid/d1'
  | 'liquid/d1-ultra'
  | 'microsoft/microsoft-decision-1'
  | 'nace-ai/drex-max-finance'
  | 'nace-ai/drex-max-v1.1'
  | 'nace-ai/drex-v2.0'
  | 'openai/gpt-6-luna-decisions'
  | 'parallel/parallel-decisions-fast'
  | 'perplexity/pplx-decider-flash-v1.2'
  | 'perplexity/pplx-decider-flash-v1.3'
  | 'perplexity/pplx-decider-v1.2'
  | 'perplexity/pplx-decider-v1.3'
  | 'scaledown/scaledown-classify-1'
  | 'typesafe-ai/jev'
  | 'typesafe-ai/jev-1.13.0'
  | 'typesafe-ai/jev-1.14.0'
  | (string & {});

/** @deprecated Use `GatewayDecisionModelId`. */
export type GatewayEvaluationModelId = GatewayDecisionModelId;

/**
 * A decision model served through the gateway (spec v4 only; `experimental_decide` in
 * ai 7). It answers choice, score and boolean questions about one shared state.
 */
export class GatewayDecisionModel {
  readonly provider = 'gateway';
  readonly specificationVersion = 'v4';
  readonly supportedQuestionTypes = ['choice', 'score', 'boolean'] as const;

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
  ) {}

  async doDecide(options: DecisionModelV4CallOptions): Promise<DecisionModelV4Result> {
    const { GatewayDecisionCalls } = await import('./gateway-decision-calls');
    return new GatewayDecisionCalls(this.modelId, this.config).doDecide(options);
  }

  /** @deprecated Use `doDecide`; kept for code written against the evaluation model. */
  doEvaluate(options: DecisionModelV4CallOptions): Promise<DecisionModelV4Result> {
    return this.doDecide(options);
  }
}

// Compile-time contract checks: the decision model and its deprecated evaluation form.
declare class GatewayDecisionModelV4 extends GatewayDecisionModel implements DecisionModelV4 {}
declare class GatewayEvaluationModelV4 extends GatewayDecisionModel implements EvaluationModelV4 {}
