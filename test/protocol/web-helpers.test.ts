// The client's local copies of provider-utils helpers (src/protocol/web-helpers.ts, kept
// local for bundle size) must give the results provider-utils gives: checked against it.
import * as providerUtils from '@ai-sdk/provider-utils';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/client/image-body';
import {
  combineHeaders,
  convertUint8ArrayToBase64,
  extractResponseHeaders,
  getRuntimeEnvironmentUserAgent,
  isRecord,
  isUint8Array,
  normalizeHeaders,
  withoutTrailingSlash,
  withUserAgentSuffix,
} from '../../src/protocol/web-helpers';

const pseudoRandomBytes = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 7919 + (i >> 3)) & 255);

describe('convertUint8ArrayToBase64', () => {
  it('matches provider-utils for every length remainder, all byte values, views and an empty array', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = pseudoRandomBytes(300_001);
    for (const bytes of [new Uint8Array(0), all, all.subarray(1), all.subarray(2), all.subarray(3, 7), big, big.subarray(5, 200_002)]) {
      expect(convertUint8ArrayToBase64(bytes)).toBe(providerUtils.convertUint8ArrayToBase64(bytes));
    }
    expect(convertUint8ArrayToBase64(new Uint8Array([1, 2, 3, 250]))).toBe('AQID+g==');
  });

  it('uses the runtime’s own toBase64 when the array has one', () => {
    const bytes = Object.assign(new Uint8Array([1]), { toBase64: () => 'native' });
    expect(convertUint8ArrayToBase64(bytes)).toBe('native');
  });

  it('round-trips through decodeBase64, which rejects what is not base64', () => {
    const bytes = pseudoRandomBytes(10_000);
    const base64 = convertUint8ArrayToBase64(bytes);
    expect(decodeBase64(base64)).toEqual(bytes);
    expect(decodeBase64(base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))).toEqual(bytes);
    expect(decodeBase64(`${base64.slice(0, 40)}\n${base64.slice(40)}`)).toEqual(bytes);
    expect(decodeBase64('')).toEqual(new Uint8Array());
    for (const bad of ['not base64!', 'AAAA=A', 'A', 'data:image/png;base64,AAAA', 'AAÄA']) expect(decodeBase64(bad)).toBeUndefined();
  });
});

describe('isUint8Array and isRecord', () => {
  it('agree with provider-utils, including bytes from another realm', () => {
    const foreign: unknown = runInNewContext('new Uint8Array([1, 2])');
    const values: unknown[] = [
      new Uint8Array(1),
      foreign,
      new Uint16Array(1),
      new DataView(new ArrayBuffer(1)),
      new ArrayBuffer(1),
      [1],
      {},
      null,
      undefined,
      'x',
    ];
    for (const value of values) {
      expect(isUint8Array(value)).toBe(providerUtils.isUint8Array(value));
      expect(isRecord(value)).toBe(providerUtils.isRecord(value));
    }
    expect(isUint8Array(foreign)).toBe(true);
  });
});

describe('header helpers', () => {
  const inputs = [
    undefined,
    { 'X-A': '1', 'X-Gone': undefined, 'User-Agent': 'app/1' },
    new Headers({ 'X-From-Headers': 'yes', 'user-agent': 'h/2' }),
    [['X-Pair', 'p']] as [string, string][],
  ];

  it('normalizeHeaders and withUserAgentSuffix match provider-utils for records, Headers and pairs', () => {
    for (const headers of inputs) {
      expect(normalizeHeaders(headers)).toStrictEqual(providerUtils.normalizeHeaders(headers));
      expect(withUserAgentSuffix(headers, 'node.js/x', 'modelgate/1')).toStrictEqual(
        providerUtils.withUserAgentSuffix(headers, 'node.js/x', 'modelgate/1'),
      );
    }
    expect(withUserAgentSuffix({ 'User-Agent': 'app/1' }, '', 'modelgate/1')).toStrictEqual({ 'user-agent': 'app/1 modelgate/1' });
  });

  it('withUserAgentSuffix throws on a header value fetch would refuse', () => {
    expect(() => withUserAgentSuffix({ 'x-bad': 'a\nb' }, 'm')).toThrow(TypeError);
  });

  it('combineHeaders, extractResponseHeaders, the runtime user agent and withoutTrailingSlash match provider-utils', () => {
    const parts = [{ a: '1', b: '2' }, undefined, { b: '3', c: undefined }];
    expect(combineHeaders(...parts)).toStrictEqual(providerUtils.combineHeaders(...parts));
    const response = new Response('', { headers: { 'X-One': '1', 'content-type': 'text/plain' } });
    expect(extractResponseHeaders(response)).toStrictEqual(providerUtils.extractResponseHeaders(response));
    expect(getRuntimeEnvironmentUserAgent()).toBe(providerUtils.getRuntimeEnvironmentUserAgent());
    for (const url of [undefined, 'https://x.test/v1/ai', 'https://x.test/v1/ai/', 'https://x.test//']) {
      expect(withoutTrailingSlash(url)).toBe(providerUtils.withoutTrailingSlash(url));
    }
  });
});
