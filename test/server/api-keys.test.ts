/**
 * The server's key check (src/server/api-keys.ts): keys are kept as SHA-256 digests of their UTF-8 bytes and a
 * presented token matches only the key it is, whether the config gave the key or its digest.
 */
import { describe, expect, it } from 'vitest';
import { findApiKey, hashApiKeys } from '../../src/server/api-keys';

const hexOf = async (text: string) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (byte) => byte.toString(16).padStart(2, '0')).join('');

describe('findApiKey', () => {
  it('finds ASCII and non-ASCII keys, given as keys or as the SHA-256 of their UTF-8 bytes, and nothing else', async () => {
    const ascii = 'mg-ascii-key-0123456789abcdef';
    const accented = 'clé-secrète-0123456789-ключ-🔑';
    const keys = hashApiKeys([
      { name: 'ascii', key: ascii },
      { name: 'accented', key: accented },
      { name: 'hashed', sha256: (await hexOf('hashed-κλειδί-0123456789')).toUpperCase() },
    ]);
    expect(findApiKey(keys, ascii)?.name).toBe('ascii');
    expect(findApiKey(keys, accented)?.name).toBe('accented');
    expect(findApiKey(keys, 'hashed-κλειδί-0123456789')?.name).toBe('hashed');
    for (const nearMiss of [ascii.slice(0, -1), `${ascii}0`, ascii.toUpperCase(), accented.normalize('NFD'), 'clé-secrète-0123456789-ключ-🔒', '']) {
      expect(findApiKey(keys, nearMiss), nearMiss).toBeUndefined();
    }
  });
});
