import type { GatewayClient } from './gateway-client';
import type { SpecificationVersion } from './spec-versions';
import type { UsageReporter } from './usage';

/** What every model kind shares: the client, usage reporting and error help. */
export interface GatewayModelConfig<V extends SpecificationVersion = SpecificationVersion> {
  client: GatewayClient<V>;
  usage?: UsageReporter;
  /** Returns the error to throw in place of `error` (adds "did you mean" help to unknown model ids). */
  explainError(error: unknown, modelId: string): Promise<unknown>;
}

export function modelHeaders(
  kind: 'language' | 'embedding' | 'image',
  version: string,
  modelId: string,
): Record<string, string> {
  return kind === 'language'
    ? { 'ai-language-model-specification-version': version, 'ai-language-model-id': modelId }
    : { [`ai-${kind}-model-specification-version`]: version, 'ai-model-id': modelId };
}
