import type { GatewayResponse } from './gateway-client';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import type { SpecificationVersion } from '../protocol/spec-versions';
import type { ModelKind } from '../protocol/wire';

/** What a model call takes from the AI SDK's call options. */
export interface ModelCallOptions {
  headers?: Record<string, string | undefined>;
  abortSignal?: AbortSignal;
  providerOptions?: unknown;
}

export interface ModelCall<R> {
  kind: Exclude<ModelKind, 'language'>;
  /** The endpoint under the base URL, e.g. `reranking-model`. */
  endpoint: string;
  modelId: string;
  body: Record<string, unknown>;
  options: ModelCallOptions;
  /** Whether the answer has the shape the protocol promises. */
  check: (body: unknown) => body is R;
  /** What a good answer has, for the error when it does not: "a `ranking` array". */
  expected: string;
  /** Headers beyond the model's own (`accept` for event streams). */
  extraHeaders?: Record<string, string>;
  /** Reads the answer; default: the JSON body. */
  read?: (sent: GatewayResponse) => Promise<unknown>;
}

/**
 * One call of a model kind other than language, embedding and image: the gateway options
 * checked, sent with the kind's headers, the answer read and checked. Every failure goes
 * through the config's `explainError`, so unknown model ids get a suggestion.
 */
export async function sendModelCall<V extends SpecificationVersion, R>(
  config: GatewayModelConfig<V>,
  call: ModelCall<R>,
): Promise<{ result: R; sent: GatewayResponse }> {
  const { client } = config;
  try {
    validateGatewayProviderOptions(call.options.providerOptions);
    const sent = await client.send({
      url: `${client.baseURL}/${call.endpoint}`,
      body: call.body,
      headers: call.options.headers,
      abortSignal: call.options.abortSignal,
      modelHeaders: { ...modelHeaders(call.kind, client.spec.header, call.modelId), ...call.extraHeaders },
    });
    const result = await (call.read ?? ((response) => client.json<unknown>(response)))(sent);
    if (!call.check(result)) {
      throw client.unexpectedResponse(sent, `The AI Gateway answered a ${call.kind} call without ${call.expected}.`);
    }
    return { result, sent };
  } catch (error) {
    throw await config.explainError(error, call.modelId);
  }
}

/** A JSON object's own field, or undefined when `value` is not an object. */
export const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** An array of warnings, or none: a missing or null `warnings` is an empty list. */
export const isWarnings = (value: unknown): boolean =>
  value == null || (Array.isArray(value) && value.every((warning) => typeof field(warning, 'type') === 'string'));
