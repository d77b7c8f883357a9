import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, sha256Hex } from '../../src/server/sha256';

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

  it('does not change its input', () => {
    const input = new TextEncoder().encode('sk-gateway-key-0123456789');
    const copy = input.slice();
    sha256(input);
    expect(input).toEqual(copy);
  });
});

describe('hmacSha256', () => {
  const webHmac = async (key: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>) => {
    const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return hex(new Uint8Array(await crypto.subtle.sign('HMAC', imported, message)));
  };

  it('matches RFC 4231 test case 2', () => {
    const encoder = new TextEncoder();
    expect(hex(hmacSha256(encoder.encode('Jefe'), encoder.encode('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('matches Web Crypto for short, block-sized and long keys and messages', async () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, index) => (index * 71 + 5) & 0xff);
    for (const keyLength of [1, 32, 63, 64, 65, 131]) {
      for (const messageLength of [0, 1, 55, 56, 64, 200]) {
        const key = bytes.slice(0, keyLength);
        const message = bytes.slice(100, 100 + messageLength);
        expect(hex(hmacSha256(key, message)), `key ${keyLength}, message ${messageLength}`).toBe(await webHmac(key, message));
      }
    }
  });
});
