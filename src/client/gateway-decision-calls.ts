/**
 * The wire call of decision models (`/decision-model`), with the conditional-fallback checks:
 * loaded with import() on a decision model's first call. The model class is in gateway-decision-model.ts.
 */
import {
  UnsupportedFunctionalityError,
  type Experimental_DecisionModelV4CallOptions as DecisionModelV4CallOptions,
  type Experimental_DecisionModelV4Result as DecisionModelV4Result,
  type Experimental_DecisionModelV4State as DecisionModelV4State,
} from '@ai-sdk/provider';
import { convertUint8ArrayToBase64, isRecord } from '@ai-sdk/provider-utils';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateDecisionProviderOptions } from '../protocol/decision-fallback';
import { specVersions } from '../protocol/spec-versions';
import { DECISION_ENDPOINT } from '../protocol/wire';

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

/** What a decision model's call does (see GatewayDecisionModel, which loads this module on its first call). */
export class GatewayDecisionCalls {
  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
  ) {}

  async doDecide(options: DecisionModelV4CallOptions): Promise<DecisionModelV4Result> {
    const { state, questions, maxOutputTokens, reasoning, headers, abortSignal, providerOptions } = options;
    const startedAt = Date.now();
    const { client } = this.config;
    try {
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
}
