import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex } from '../../src/server/sha256';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const webCrypto = async (bytes: Uint8Array<ArrayBuffer>) => hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    const encoder = new TextEncoder();
    expect(hex(sha256(encoder.encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(encoder.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // A string's UTF-8 bytes, as hex.
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).toBe(hex(sha256(encoder.encode('é'))));
  });

  it('matches Web Crypto for every length across the padding boundaries and for multi-block input', async () => {
    // Deterministic bytes, so a failure names a reproducible input.
    const bytes = Uint8Array.from({ length: 1_000 }, (_, index) => (index * 131 + 17) & 0xff);
    for (let length = 0; length <= 200; length++) {
      const input = bytes.subarray(0, length);
      expect(hex(sha256(input)), `length ${length}`).toBe(await webCrypto(input));
    }
    expect(hex(sha256(bytes))).toBe(await webCrypto(bytes));
  });

  it('gives each call its own digest: a later hash leaves an earlier one as it was', () => {
    const encoder = new TextEncoder();
    const first = sha256(encoder.encode('abc'));
    sha256(encoder.encode('a'.repeat(100)));
    expect(hex(first)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('does not change its input', () => {
    const input = new TextEncoder().encode('sk-gateway-key-0123456789');
    const copy = input.slice();
    sha256(input);
    expect(input).toEqual(copy);
  });
});
