/** Generation ids: the hosted gateway's `gen_<ULID>` shape, time-ordered, and distinct across draws of the random pool. */
import { describe, expect, it } from 'vitest';
import { createGenerationId } from '../../src/server/generation-id';

describe('createGenerationId', () => {
  it('is gen_ and 26 Crockford base32 characters, the first 10 encoding the time', () => {
    const id = createGenerationId(1_700_000_000_000);
    expect(id).toMatch(/^gen_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(createGenerationId(1_700_000_000_001).slice(0, 14) > id.slice(0, 14)).toBe(true);
  });

  it('never repeats, across many refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 5_000 }, () => createGenerationId(0)));
    expect(ids.size).toBe(5_000);
  });
});
