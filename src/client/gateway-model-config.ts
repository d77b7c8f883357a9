import type { GatewayClient } from './gateway-client';
import type { SpecificationVersion } from '../protocol/spec-versions';
import type { UsageReporter } from './usage';

/** What every model kind shares: the client, usage reporting and error help. */
export interface GatewayModelConfig<V extends SpecificationVersion = SpecificationVersion> {
  client: GatewayClient<V>;
  usage?: UsageReporter;
  /** Returns the error to throw in place of `error` (adds "did you mean" help to unknown model ids). */
  explainError(error: unknown, modelId: string): Promise<unknown>;
}

export { modelHeaders } from '../protocol/wire';
