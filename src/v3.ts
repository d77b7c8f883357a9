/** modelgate for ai 6: spec v3 models by default. */
import {
  versionedEntry,
  type GatewayProvider as Provider,
  type GatewayProviderSettings as ProviderSettings,
} from './client/gateway-provider';
import type { SpecificationVersion } from './protocol/spec-versions';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v3');
export { createGateway as createGatewayProvider };
/** The provider of this entry: its models speak spec v3, for ai 6. */
export type GatewayProvider<V extends SpecificationVersion = 'v3'> = Provider<V>;
export type GatewayProviderSettings<V extends SpecificationVersion = 'v3'> = ProviderSettings<V>;
