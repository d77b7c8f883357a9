/** modelgate for ai 7: spec v4 models by default. */
import { versionedEntry, type GatewayProvider as AnyVersionGatewayProvider } from './gateway-provider';
import type { SpecificationVersion } from './spec-versions';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v4');
export { createGateway as createGatewayProvider };
/** A provider of this entry's spec version unless told otherwise. */
export type GatewayProvider<V extends SpecificationVersion = 'v4'> = AnyVersionGatewayProvider<V>;
