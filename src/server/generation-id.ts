const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes drawn 4 KiB at a time: one `getRandomValues` call per 256 ids, not one per id. */
const randomPool = new Uint8Array(4096);
let poolOffset = randomPool.length;

/** A `gen_<ULID>` id, as the hosted gateway's generation ids look: time-ordered, 26 Crockford base32 characters. */
export function createGenerationId(now: number = Date.now()): string {
  let time = '';
  for (let rest = now, index = 0; index < 10; index++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  if (poolOffset === randomPool.length) {
    crypto.getRandomValues(randomPool);
    poolOffset = 0;
  }
  let tail = '';
  for (let index = 0; index < 16; index++) tail += CROCKFORD[randomPool[poolOffset++]! % 32];
  return `gen_${time}${tail}`;
}
