/** modelgate for ai 6: spec v3 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
} from './client/gateway-provider';
import type { SpecificationVersion } from './protocol/spec-versions';
import { gatewayToolsV3Kind, type GatewayTools } from './client/gateway-tools';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v3', gatewayToolsV3Kind);
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v3, for ai 6. */
export type GatewayProvider<V extends SpecificationVersion = 'v3'> = Provider<V> & { tools: GatewayTools<V> };
export type GatewayProviderSettings<V extends SpecificationVersion = 'v3'> = ProviderSettings<V>;
