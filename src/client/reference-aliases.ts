/**
 * The type names `@ai-sdk/gateway` exports, as aliases of modelgate's own types, so
 * `import type { … } from '@ai-sdk/gateway'` only needs its module name changed.
 */
import type {
  GatewayCredits,
  GatewaySpendReportOptions,
} from './gateway-account';
import type { GatewayModelEntry } from './gateway-catalog';
import type { GatewayProviderOptions } from '../protocol/gateway-provider-options';

export type GatewayCreditsResponse = GatewayCredits;
export type GatewaySpendReportParams = GatewaySpendReportOptions;
export type GatewayLanguageModelEntry = GatewayModelEntry;
export type GatewayLanguageModelSpecification = GatewayModelEntry['specification'];
/** @deprecated Use `GatewayProviderOptions`, as `@ai-sdk/gateway` 3+ also says. */
export type GatewayLanguageModelOptions = GatewayProviderOptions;

/** An embedding model id such as `openai/text-embedding-3-small`; any string the gateway knows works. */
export type GatewayEmbeddingModelId =
  | 'openai/text-embedding-3-small'
  | 'openai/text-embedding-3-large'
  | 'google/gemini-embedding-001'
  | (string & {});

/** An image model id such as `openai/gpt-image-1`; any string the gateway knows works. */
export type GatewayImageModelId = 'openai/gpt-image-1' | 'google/gemini-3-pro-image' | (string & {});

/** The JSON body of a failed gateway response. */
export interface GatewayErrorResponse {
  error: { message: string; type?: string | null; param?: unknown; code?: string | number | null };
  generationId?: string | null;
}

type JSONValue = null | string | number | boolean | { [key: string]: JSONValue } | JSONValue[];

/** `providerMetadata.gateway` of a result: routing, cost, generation id, and fields the gateway adds later. */
export type GatewayProviderMetadata = {
  readonly routing?: JSONValue;
  /** USD, as decimal strings. */
  readonly cost?: string;
  readonly marketCost?: string;
  readonly generationId?: string;
  readonly [key: string]: JSONValue | undefined;
};
