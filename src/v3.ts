/** modelgate for ai 6: spec v3 models by default. */
import { versionedEntry, type GatewayProvider as AnyVersionGatewayProvider } from './gateway-provider';
import type { SpecificationVersion } from './spec-versions';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v3');
export { createGateway as createGatewayProvider };
/** A provider of this entry's spec version unless told otherwise. */
export type GatewayProvider<V extends SpecificationVersion = 'v3'> = AnyVersionGatewayProvider<V>;
