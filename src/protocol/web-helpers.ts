/**
 * The few `@ai-sdk/provider-utils` helpers the client entries use, under the same names and
 * with the same results, written here on purpose.
 *
 * Why not import them: provider-utils ships as one module whose top level (media-type
 * signature tables, a `generateId` instance, symbol registrations, zod imports) no bundler
 * can drop, so importing any one helper adds ~2.2 KB minified, ~0.7 KB min+gz, to every
 * client bundle; ai 5 users (the `modelgate` entry, budget 15 KB) carry provider-utils 5
 * next to ai's own 3.x, so for them it is all extra. Server-only code may import provider-utils.
 * `npm run size` catches a provider-utils import that creeps back into the client.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The %TypedArray% toStringTag getter names the array type for any realm's typed arrays.
const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag)!.get!;

/** True for a `Uint8Array` from any realm (an edge VM's or iframe's fails `instanceof`). */
export function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && typedArrayName.call(value) === 'Uint8Array';
}

const BASE64_DIGITS = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 61; // '='

/** Standard, padded base64; the native `toBase64` where the runtime has it. */
export function convertUint8ArrayToBase64(bytes: Uint8Array): string {
  const native = (bytes as Uint8Array & { toBase64?: () => string }).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  // Digits into a byte array, decoded once: linear time, unlike building a binary string for `btoa`.
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < length; i += 3) {
    const triple = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = BASE64_DIGITS[triple >> 18]!;
    out[o++] = BASE64_DIGITS[(triple >> 12) & 63]!;
    out[o++] = BASE64_DIGITS[(triple >> 6) & 63]!;
    out[o++] = BASE64_DIGITS[triple & 63]!;
  }
  if (i < length) {
    const two = i + 1 < length;
    const triple = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = BASE64_DIGITS[triple >> 18]!;
    out[o++] = BASE64_DIGITS[(triple >> 12) & 63]!;
    out[o++] = two ? BASE64_DIGITS[(triple >> 6) & 63]! : PAD;
    out[o] = PAD;
  }
  return new TextDecoder().decode(out);
}

type HeaderInput = HeadersInit | Record<string, string | undefined> | undefined;

/** Headers as a plain object with lower-case names, leaving out undefined and null values. */
export function normalizeHeaders(headers: HeaderInput): Record<string, string> {
  const normalized: Record<string, string> = {};
  if (headers == null) return normalized;
  const entries = headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value != null) normalized[name.toLowerCase()] = value;
  }
  return normalized;
}

/** Merges header objects; later ones win. */
export function combineHeaders(
  ...headers: (Record<string, string | undefined> | undefined)[]
): Record<string, string | undefined> {
  return Object.assign({}, ...headers);
}

/**
 * `headers` with `parts` appended to its `user-agent`, through a `Headers` object, so an
 * invalid name or value throws here as it would in `fetch`.
 */
export function withUserAgentSuffix(headers: HeaderInput, ...parts: (string | undefined)[]): Record<string, string> {
  const all = new Headers(normalizeHeaders(headers));
  all.set('user-agent', [all.get('user-agent'), ...parts].filter(Boolean).join(' '));
  return Object.fromEntries(all.entries());
}

/** `navigator.userAgent` (lower case), else `node.js/<version>`, else `vercel-edge` on Vercel's edge runtime, else ''. */
export function getRuntimeEnvironmentUserAgent(): string {
  const runtime = globalThis as {
    navigator?: { userAgent?: string };
    process?: { version?: string; versions?: { node?: string } };
    EdgeRuntime?: unknown;
  };
  if (runtime.navigator?.userAgent) return runtime.navigator.userAgent.toLowerCase();
  if (runtime.process?.versions?.node) return `node.js/${runtime.process.version}`;
  return runtime.EdgeRuntime ? 'vercel-edge' : '';
}

export function extractResponseHeaders(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

/** Drops one trailing `/`, as `@ai-sdk/gateway` does with `baseURL`. */
export function withoutTrailingSlash(url: string | undefined): string | undefined {
  return url?.replace(/\/$/, '');
}
