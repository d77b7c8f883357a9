const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BYTES_PER_ID = 16;
/** Random bytes are drawn for this many ids at once: one `getRandomValues` call each was ~50 µs per request. */
const IDS_PER_DRAW = 256;

let randomPool = new Uint8Array(0);
let poolOffset = 0;

function randomBytesForId(): Uint8Array {
  if (poolOffset + RANDOM_BYTES_PER_ID > randomPool.length) {
    randomPool = crypto.getRandomValues(new Uint8Array(RANDOM_BYTES_PER_ID * IDS_PER_DRAW));
    poolOffset = 0;
  }
  const bytes = randomPool.subarray(poolOffset, poolOffset + RANDOM_BYTES_PER_ID);
  poolOffset += RANDOM_BYTES_PER_ID;
  return bytes;
}

/** A `gen_<ULID>` id, as the hosted gateway's generation ids look: time-ordered, 26 Crockford base32 characters. */
export function createGenerationId(now: number = Date.now()): string {
  let time = '';
  for (let rest = now, index = 0; index < 10; index++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  const random = randomBytesForId();
  let tail = '';
  for (let index = 0; index < RANDOM_BYTES_PER_ID; index++) tail += CROCKFORD[random[index]! % 32];
  return `gen_${time}${tail}`;
}
