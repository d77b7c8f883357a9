/** modelgate for ai 6: spec v3 models by default. */
import { versionedEntry } from './gateway-provider';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v3');
