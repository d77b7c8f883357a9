const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A `gen_<ULID>` id, as the hosted gateway's generation ids look: time-ordered, 26 Crockford base32 characters. */
export function createGenerationId(now: number = Date.now()): string {
  let time = '';
  for (let rest = now, index = 0; index < 10; index++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32] + time;
  const random = crypto.getRandomValues(new Uint8Array(16));
  let tail = '';
  for (let index = 0; index < 16; index++) tail += CROCKFORD[random[index]! % 32];
  return `gen_${time}${tail}`;
}
