import { describe, expect, it } from 'vitest';
import { catalogPricing } from '../../src/server/catalog-route';
import { secretSettingValues } from '../../src/server/config';

describe('catalogPricing', () => {
  it('always lists input and output, as clients require of a pricing object', () => {
    expect(catalogPricing({ input: '0.00000002' })).toEqual({ input: '0.00000002', output: '0' });
    expect(catalogPricing({ image: '0.04' })).toEqual({ input: '0', output: '0', image: '0.04' });
    expect(catalogPricing({ input: '0.000003', output: '0.000015', input_cache_read: '0.0000003' })).toEqual({
      input: '0.000003',
      output: '0.000015',
      input_cache_read: '0.0000003',
    });
  });

  it('writes number prices as decimals, never with an exponent', () => {
    expect(catalogPricing({ input: 1e-7, output: 2.5e-6 })).toEqual({ input: '0.0000001', output: '0.0000025' });
  });

  it('is null without prices', () => {
    expect(catalogPricing(undefined)).toBeNull();
    expect(catalogPricing({})).toBeNull();
  });
});

describe('secretSettingValues', () => {
  it('collects values under secret-looking names at any depth, and nothing else', () => {
    const settings = {
      apiKey: 'sk-1',
      baseURL: 'https://api.example.com/v1',
      organization: 'org-1',
      headers: { Authorization: 'Bearer t-2', 'x-trace': 'abc' },
      googleCredentials: { privateKey: 'pem-3', clientEmail: 'svc@example.com' },
      tokens: ['t-4'],
      accessToken: '',
    };
    expect(secretSettingValues(settings).sort()).toEqual(['Bearer t-2', 'pem-3', 'sk-1', 'svc@example.com', 't-4']);
  });
});
