/** modelgate for ai 7: spec v4 models by default. */
import { versionedEntry } from './gateway-provider';

export * from './index';
export const { createGateway, gateway } = versionedEntry('v4');
