/** modelgate for ai 7: spec v4 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
} from './client/gateway-provider';
import type { SpecificationVersion } from './protocol/spec-versions';
import { gatewayToolsV4Kind, type GatewayTools } from './client/gateway-tools';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v4', gatewayToolsV4Kind);
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v4, for ai 7. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = Provider<V> & { tools: GatewayTools<V> };
export type GatewayProviderSettings<V extends SpecificationVersion = 'v4'> = ProviderSettings<V>;
