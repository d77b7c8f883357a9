import { createGateway as createPublicV2 } from '@ai-sdk/gateway';
import { createGateway as createPublicV3 } from 'gateway-v3';
import { createGateway as createPublicV4 } from 'gateway-v4';
import { createGateway as createV2 } from '../../src';
import { createGateway as createV3 } from '../../src/v3';
import { createGateway as createV4 } from '../../src/v4';

export const ORIGIN = 'https://gateway.test';

/**
 * modelgate of each spec version beside the public client of the same major
 * (`@ai-sdk/gateway` 2, 3, 4), both pointed at the same mock gateway.
 */
export function majors(apiKey = 'test-key') {
  const v2 = `${ORIGIN}/v1/ai`;
  const v3 = `${ORIGIN}/v3/ai`;
  const v4 = `${ORIGIN}/v4/ai`;
  return [
    {
      version: 'v2',
      label: 'modelgate (v2) vs @ai-sdk/gateway 2',
      base: v2,
      ours: createV2({ baseURL: v2, apiKey }),
      theirs: createPublicV2({ baseURL: v2, apiKey }),
    },
    {
      version: 'v3',
      label: 'modelgate/v3 vs @ai-sdk/gateway 3',
      base: v3,
      ours: createV3({ baseURL: v3, apiKey }),
      theirs: createPublicV3({ baseURL: v3, apiKey }),
    },
    {
      version: 'v4',
      label: 'modelgate/v4 vs @ai-sdk/gateway 4',
      base: v4,
      ours: createV4({ baseURL: v4, apiKey }),
      theirs: createPublicV4({ baseURL: v4, apiKey }),
    },
  ] as const;
}
