import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { judgeFailure } from '../../src/server/route-execution';

const upstreamError = (statusCode: number | undefined, headers?: Record<string, string>) =>
  new APICallError({ message: 'upstream said no', url: 'http://upstream/v1', requestBodyValues: {}, statusCode, responseHeaders: headers });

describe('judgeFailure', () => {
  it.each([500, 502, 503, 408, 429])('an upstream %i moves on to the next provider', (status) => {
    expect(judgeFailure(upstreamError(status))).toMatchObject({ nextProvider: true, statusCode: status });
  });

  it.each([401, 403, 404])("an upstream %i (the provider's setup: key or model id) moves on to the next provider", (status) => {
    expect(judgeFailure(upstreamError(status))).toMatchObject({ nextProvider: true, statusCode: status });
  });

  it.each([400, 413, 422])('an upstream %i (the request itself) does not', (status) => {
    expect(judgeFailure(upstreamError(status))).toMatchObject({ nextProvider: false, statusCode: status });
  });

  it('network errors move on, and a 429 keeps its retry-after', () => {
    expect(judgeFailure(new TypeError('fetch failed'))).toMatchObject({ nextProvider: true, message: 'network error: fetch failed' });
    expect(judgeFailure(upstreamError(429, { 'retry-after': '7' }))).toMatchObject({ retryAfter: 7 });
  });
});
