import {
  UnsupportedFunctionalityError,
  type Experimental_DecisionModelV4 as DecisionModelV4,
  type Experimental_DecisionModelV4CallOptions as DecisionModelV4CallOptions,
  type Experimental_DecisionModelV4Result as DecisionModelV4Result,
  type Experimental_DecisionModelV4State as DecisionModelV4State,
  type Experimental_EvaluationModelV4 as EvaluationModelV4,
} from '@ai-sdk/provider';
import { convertUint8ArrayToBase64, isRecord } from '@ai-sdk/provider-utils';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { specVersions } from '../protocol/spec-versions';
import { DECISION_ENDPOINT } from '../protocol/wire';

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

/** The `/decision-model` answer. */
type DecisionResponseBody = Omit<DecisionModelV4Result, 'response'> & { model?: unknown };

/**
 * The decision state as the wire carries it (`stateParts`): file bytes as base64. The
 * gateway takes inline file data only; `ai` downloads URLs before calling the model.
 */
export function encodeDecisionState(state: DecisionModelV4State): DecisionModelV4State {
  return state.map((part) => {
    if (part.type !== 'file') return part;
    if (part.data.type !== 'data') {
      throw new UnsupportedFunctionalityError({
        functionality: `Gateway decision file input: ${part.data.type} data`,
        message: `The AI Gateway's decision models take files as inline data, not ${part.data.type} data: pass the file's bytes (or base64) in the state.`,
      });
    }
    const { data } = part.data;
    return typeof data === 'string'
      ? part
      : { ...part, data: { type: 'data' as const, data: convertUint8ArrayToBase64(data) } };
  });
}

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
    const { state, questions, maxOutputTokens, reasoning, headers, abortSignal, providerOptions } = options;
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      // Loaded on the first decision call: the conditional-fallback checks are large and decision calls rare.
      const { validateDecisionProviderOptions } = await import('../protocol/decision-fallback');
      validateDecisionProviderOptions(providerOptions);
      const sent = await client.send({
        url: `${client.baseURL}/${DECISION_ENDPOINT}`,
        // `stateParts` on the wire is the spec's `state`.
        body: {
          stateParts: encodeDecisionState(state),
          questions,
          maxOutputTokens,
          reasoning,
          ...(providerOptions ? { providerOptions } : {}),
        },
        headers,
        abortSignal,
        modelHeaders: modelHeaders('decision', specVersions.v4.header, this.modelId),
      });
      const body = await client.json<unknown>(sent);
      // `ai` checks every answer against its question; here only the shape around them.
      if (!isRecord(body) || !isRecord(body.answers)) {
        throw client.unexpectedResponse(sent, 'The AI Gateway answered a decision call without an `answers` object.');
      }
      const result = body as DecisionResponseBody;
      // `model` names the model that answered: the fallback, when one ran.
      const modelId = typeof result.model === 'string' ? result.model : this.modelId;
      this.config.usage?.report({
        kind: 'decide',
        modelId,
        usage: result.usage,
        providerMetadata: result.providerMetadata,
        providerOptions,
        startedAt,
      });
      return {
        answers: result.answers,
        ...(result.rounding ? { rounding: result.rounding } : {}),
        ...(result.usage ? { usage: result.usage } : {}),
        warnings: result.warnings ?? [],
        providerMetadata: result.providerMetadata,
        response: { modelId, headers: sent.responseHeaders, body },
      };
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }

  /** @deprecated Use `doDecide`; kept for code written against the evaluation model. */
  doEvaluate(options: DecisionModelV4CallOptions): Promise<DecisionModelV4Result> {
    return this.doDecide(options);
  }
}

// Compile-time contract checks: the decision model and its deprecated evaluation form.
declare class GatewayDecisionModelV4 extends GatewayDecisionModel implements DecisionModelV4 {}
declare class GatewayEvaluationModelV4 extends GatewayDecisionModel implements EvaluationModelV4 {}
