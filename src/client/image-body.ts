/**
 * Reads an image-model response body (`{ images: string[] (base64), ... }`) and decodes
 * the images to bytes while the body streams in: each base64 string of the top-level
 * `images` array goes straight from the network chunks into a `Uint8Array`, and never
 * exists as a JS string. Everything else in the body is kept as text (with `0` standing
 * in for each decoded image) for `JSON.parse`.
 *
 * Why: `response.text()` + `JSON.parse` + a base64 decode holds the body bytes, the body
 * text, the base64 strings and the decoded bytes at once (about 4x the image bytes at
 * peak). This holds the decoded bytes plus one network chunk.
 *
 * Why not `createJsonResponseHandler(…, { experimental_binaryFields })` from
 * @ai-sdk/provider-utils, which does the same: it took about 2x as long for the same
 * peak memory (`npm run bench -- --image-decoders`, bench/RESULTS.md), and it would
 * add about 7 KB gzipped (its schema support), over the package's 15 KB size limit.
 */

const INVALID = 255;
const PAD = 254;
const SKIP = 253; // whitespace, ignored as atob ignores it

/** Sextet value of each byte; URL-safe `-` and `_` are accepted as `+` and `/`. */
const SEXTET = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256).fill(INVALID);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) table[alphabet.charCodeAt(i)] = i;
  table[45] = 62; // -
  table[95] = 63; // _
  table[61] = PAD; // =
  for (const ws of [9, 10, 13, 32]) table[ws] = SKIP;
  return table;
})();

/** Decodes base64 that arrives in pieces; `write` stops at the first byte that is not base64. */
export class Base64Decoder {
  private pieces: Uint8Array[] = [];
  private size = 0;
  private acc = 0; // pending sextets, 6 bits each
  private count = 0; // how many are pending (0-3)
  private padded = false;
  /** Set when the text is not base64 (a character after `=` padding, or a lone last character). */
  invalid = false;

  /** Decodes `bytes[start, end)` up to the first byte that is not base64; returns its index (or `end`). */
  write(bytes: Uint8Array, start: number, end: number): number {
    const out = new Uint8Array((((end - start + this.count) >> 2) + 1) * 3);
    let o = 0;
    let acc = this.acc;
    let count = this.count;
    let i = start;
    while (i < end) {
      if (count === 0 && !this.padded) {
        // Fast path: whole groups of four plain characters.
        while (i + 4 <= end) {
          const a = SEXTET[bytes[i]!]!;
          const b = SEXTET[bytes[i + 1]!]!;
          const c = SEXTET[bytes[i + 2]!]!;
          const d = SEXTET[bytes[i + 3]!]!;
          if ((a | b | c | d) > 63) break;
          const v = (a << 18) | (b << 12) | (c << 6) | d;
          out[o++] = v >> 16;
          out[o++] = (v >> 8) & 255;
          out[o++] = v & 255;
          i += 4;
        }
        if (i >= end) break;
      }
      const s = SEXTET[bytes[i]!]!;
      if (s === INVALID) break;
      i++;
      if (s === SKIP) continue;
      if (s === PAD) {
        this.padded = true;
        continue;
      }
      if (this.padded) this.invalid = true;
      acc = (acc << 6) | s;
      if (++count === 4) {
        out[o++] = acc >> 16;
        out[o++] = (acc >> 8) & 255;
        out[o++] = acc & 255;
        acc = 0;
        count = 0;
      }
    }
    this.acc = acc;
    this.count = count;
    if (o > 0) {
      this.pieces.push(o === out.length ? out : out.subarray(0, o));
      this.size += o;
    }
    return i;
  }

  /** The decoded bytes, in one exactly sized array. */
  end(): Uint8Array {
    const tail: number[] = [];
    if (this.count === 2) tail.push((this.acc >> 4) & 255);
    else if (this.count === 3) tail.push((this.acc >> 10) & 255, (this.acc >> 2) & 255);
    else if (this.count === 1) this.invalid = true;
    const result = new Uint8Array(this.size + tail.length);
    let offset = 0;
    for (const piece of this.pieces) {
      result.set(piece, offset);
      offset += piece.length;
    }
    result.set(tail, offset);
    this.pieces = [];
    return result;
  }
}

/** Decodes a whole base64 string (URL-safe digits and whitespace accepted); undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const bytes = new TextEncoder().encode(text);
  const decoder = new Base64Decoder();
  const end = decoder.write(bytes, 0, bytes.length);
  const decoded = decoder.end();
  return end === bytes.length && !decoder.invalid ? decoded : undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;

export interface ImageBody {
  /** The body as text, each streamed image replaced by `0`. */
  text: string;
  /** The streamed images, in order: they replace the `0`s of the top-level `images` array. */
  images: Uint8Array[];
  /** Index (in `images`) of the first image that was not valid base64, if any. */
  invalidImage?: number;
}

/**
 * Reads `body` to the end. Rejects only when the body itself fails (network error,
 * abort); a body that is not JSON comes back as text for `JSON.parse` to reject.
 */
export async function readImageBody(body: ReadableStream<Uint8Array> | null): Promise<ImageBody> {
  const images: Uint8Array[] = [];
  let invalidImage: number | undefined;
  if (!body) return { text: '', images };
  const textDecoder = new TextDecoder();
  let text = '';

  // JSON scanner state: only the top level is tracked.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let isKey = false;
  let keyExpected = false; // at depth 1: the next string is a key
  let key = ''; // the depth-1 key being read (first 8 characters)
  let lastKey = '';
  let imagesNext = false; // saw `"images":`, the value comes next
  let inImages = false; // inside the top-level `images` array
  // Image state.
  let image: Base64Decoder | undefined;
  let imageEscape = false; // a chunk ended on a backslash inside an image

  const finishImage = (decoder: Base64Decoder) => {
    const bytes = decoder.end();
    if (decoder.invalid && invalidImage === undefined) invalidImage = images.length;
    images.push(bytes);
  };
  const SLASH = new Uint8Array([47]);

  const reader = body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    const length = chunk.length;
    let i = 0;
    let segmentStart = 0; // start of the JSON text not yet added to `text`
    while (i < length) {
      if (image) {
        if (imageEscape) {
          // JSON escapes inside base64: `\/` is a `/`; `\n`, `\r`, `\t` are line breaks to skip.
          imageEscape = false;
          const c = chunk[i++]!;
          if (c === 47) image.write(SLASH, 0, 1);
          else if (c !== 110 && c !== 114 && c !== 116) image.invalid = true;
          continue;
        }
        i = image.write(chunk, i, length);
        if (i === length) break;
        const c = chunk[i++]!;
        if (c === QUOTE) {
          finishImage(image);
          image = undefined;
          segmentStart = i;
        } else if (c === BACKSLASH) {
          imageEscape = true;
        } else {
          image.invalid = true;
        }
        continue;
      }
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (isKey) lastKey = key;
        } else if (isKey && key.length < 8) key += String.fromCharCode(c);
        i++;
        continue;
      }
      switch (c) {
        case QUOTE:
          if (inImages && depth === 2) {
            // An image: decode it instead of keeping it as text.
            text += textDecoder.decode(chunk.subarray(segmentStart, i), { stream: true }) + '0';
            image = new Base64Decoder();
            i++;
            continue;
          }
          inString = true;
          isKey = depth === 1 && keyExpected;
          key = '';
          if (depth === 1) imagesNext = false;
          break;
        case 123: // {
        case 91: // [
          if (depth === 1) {
            inImages = c === 91 && imagesNext;
            imagesNext = false;
          }
          depth++;
          if (depth === 1) keyExpected = true;
          break;
        case 125: // }
        case 93: // ]
          depth--;
          if (depth === 1) inImages = false;
          break;
        case 58: // :
          if (depth === 1) {
            keyExpected = false;
            imagesNext = lastKey === 'images';
          }
          break;
        case 44: // ,
          if (depth === 1) {
            keyExpected = true;
            imagesNext = false;
          }
          break;
        default:
          if (depth === 1 && c > 32) imagesNext = false;
      }
      i++;
    }
    if (!image && segmentStart < length) text += textDecoder.decode(chunk.subarray(segmentStart), { stream: true });
  }
  // A body cut inside an image leaves `text` unfinished, so JSON.parse rejects it.
  text += textDecoder.decode();
  return { text, images, ...(invalidImage !== undefined ? { invalidImage } : {}) };
}
