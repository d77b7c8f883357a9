import { describe, expect, it } from 'vitest';
import { takeAbortController } from '../../src/server/abort-controllers';

describe('takeAbortController', () => {
  it('hands out a fresh controller each time, from the spares or made on the spot, and aborting one aborts no other', async () => {
    const taken: AbortController[] = [];
    // More than the spares hold, then again once they were refilled between calls.
    for (let index = 0; index < 10; index++) taken.push(takeAbortController());
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let index = 0; index < 10; index++) taken.push(takeAbortController());
    expect(new Set(taken).size).toBe(20);
    expect(new Set(taken.map((controller) => controller.signal)).size).toBe(20);
    expect(taken.every((controller) => !controller.signal.aborted)).toBe(true);
    taken[12]!.abort(new Error('this one'));
    expect(taken.filter((controller) => controller.signal.aborted)).toEqual([taken[12]]);
  });
});
