import { InvalidArgumentError } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { convertBase64ToUint8Array, convertUint8ArrayToBase64, isUint8Array } from '@ai-sdk/provider-utils';
import type { LanguageModelV2GenerateResult } from './convert-results';

/**
 * The JSON wire form of the language model protocol (see protocol.md, "Language
 * model"), the side the client's encoder (src/spec-versions.ts) does not cover:
 * the server decodes file data from requests and encodes results; the client
 * revives what JSON cannot carry (Dates, URLs) in results.
 */

// ---- server: decoding file data from a request -----------------------------------------------

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * V2/V3 file data arrives as a string: a `data:` URL (the client's form for bytes)
 * becomes bytes and its media type, any other URL (`https:`, `gs:`, …) a `URL`, and
 * anything else is base64 data and stays as it is (base64 never contains a colon).
 */
export function decodeWireFileDataV3(data: string): { data: Uint8Array | string | URL; mediaType?: string } {
  if (!SCHEME.test(data)) return { data };
  if (data.slice(0, 5).toLowerCase() === 'data:') return decodeDataUrl(data);
  return { data: parseUrl(data, 'file data') };
}

/** `data:[<media type>][;base64],<data>`; the media type keeps its parameters (e.g. charset). */
export function decodeDataUrl(dataUrl: string): { data: Uint8Array; mediaType?: string } {
  const comma = dataUrl.indexOf(',');
  if (comma < 0) {
    throw new InvalidArgumentError({
      argument: 'data',
      message:
        'A file part holds a `data:` URL without a comma before its data. Send `data:<media type>;base64,<base64>`.',
    });
  }
  const params = dataUrl.slice(5, comma).split(';');
  const base64 = params.length > 1 && params[params.length - 1]!.trim().toLowerCase() === 'base64';
  if (base64) params.pop();
  const mediaType = params.join(';').trim();
  const payload = dataUrl.slice(comma + 1);
  const bytes = base64 ? decodeBase64(payload, 'a `data:` URL') : decodePercentEncoded(payload);
  return { data: bytes, ...(mediaType ? { mediaType } : {}) };
}

function decodePercentEncoded(payload: string): Uint8Array {
  try {
    return new TextEncoder().encode(decodeURIComponent(payload));
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: 'data',
      message:
        'A file part holds a `data:` URL whose percent-encoding is broken. Send `data:<media type>;base64,<base64>`.',
      cause,
    });
  }
}

export function decodeBase64(base64: string, where: string): Uint8Array {
  try {
    return convertBase64ToUint8Array(base64);
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: 'data',
      message: `The file data in ${where} is not valid base64. Send the bytes base64-encoded.`,
      cause,
    });
  }
}

export function parseUrl(text: string, what: string): URL {
  try {
    return new URL(text);
  } catch (cause) {
    throw new InvalidArgumentError({
      argument: 'url',
      message: `The ${what} is not a valid absolute URL. Send an absolute URL (e.g. https://…) or the data itself.`,
      cause,
    });
  }
}

/** V4 tagged file data in its JSON form: bytes as base64, URLs as strings. */
export type WireFileDataV4 =
  | { type: 'data'; data: string }
  | { type: 'url'; url: string; originalUrl?: string }
  | V4.SharedV4FileDataReference
  | V4.SharedV4FileDataText;

/** V4 `{ type: 'data', data: base64 }` becomes bytes. */
export const decodeWireInlineDataV4 = (data: { type: 'data'; data: string }): V4.SharedV4FileDataData => ({
  type: 'data',
  data: decodeBase64(data.data, 'a `{ type: "data" }` file'),
});

/** V4 `{ type: 'url', url }` becomes a `URL` (keeping `originalUrl`). */
export const decodeWireUrlDataV4 = (data: {
  type: 'url';
  url: string;
  originalUrl?: string;
}): V4.SharedV4FileDataUrl => ({
  type: 'url',
  url: parseUrl(data.url, 'file URL'),
  ...(data.originalUrl === undefined ? {} : { originalUrl: data.originalUrl }),
});

/** V4 tagged file data: bytes and URLs are decoded; provider references and inline text stay as they are. */
export function decodeWireFileDataV4(data: WireFileDataV4): V4.SharedV4FileData {
  switch (data.type) {
    case 'data':
      return decodeWireInlineDataV4(data);
    case 'url':
      return decodeWireUrlDataV4(data);
    case 'reference':
    case 'text':
      return data;
  }
}

// ---- server: encoding results -----------------------------------------------------------------

/**
 * JSON for the wire: bytes become base64 (what V2/V3 `file` data strings and V4
 * `{ type: 'data' }` mean to the clients, and the image model's `images`), Dates ISO
 * strings and URLs their href (both through their own `toJSON`).
 */
export function stringifyWire(value: unknown): string {
  // A replacer takes JSON.stringify off its fast path (~2x per stream part): use it only when bytes may be inside.
  return mayHoldBytes(value, 0) ? stringifyWithBytes(value) : JSON.stringify(value);
}

function stringifyWithBytes(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (isUint8Array(item) ? convertUint8ArrayToBase64(item) : item));
}

/** False only when `value` is JSON data, Dates and URLs: no typed array, no other `toJSON` (its result could hold bytes), not too deep to walk. */
function mayHoldBytes(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof URL) return false;
  if (depth > 32 || ArrayBuffer.isView(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (mayHoldBytes(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && mayHoldBytes((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

type AnyGenerateResult =
  LanguageModelV2GenerateResult | V3.LanguageModelV3GenerateResult | V4.LanguageModelV4GenerateResult;

/**
 * A generate result as the hosted gateway answers it: the upstream call's `request`
 * and raw response `headers`/`body` are not passed on (they describe the server's own
 * upstream call, e.g. its provider account headers); `response` keeps id, model id and timestamp.
 */
export function encodeGenerateResult(result: AnyGenerateResult): string {
  const { request, response, ...rest } = result;
  // The timestamp as JSON has it already (Date's toJSON): JSON.stringify calling toJSON itself cost ~4 of ~12 µs per answer.
  const timestamp = response?.timestamp instanceof Date ? response.timestamp.toJSON() : response?.timestamp;
  const body = response === undefined ? rest : { ...rest, response: { id: response.id, modelId: response.modelId, timestamp } };
  // Only content parts carry bytes (files); the rest is JSON by its types (usage, warnings, provider metadata),
  // so only the content is walked, not the gateway's routing metadata too (~2 of ~9 µs per small answer).
  return mayHoldBytes(rest.content, 0) ? stringifyWithBytes(body) : JSON.stringify(body);
}

type AnyStreamPart = V2.LanguageModelV2StreamPart | V3.LanguageModelV3StreamPart | V4.LanguageModelV4StreamPart;

/** The wire form of an in-band error: `{ message, type }` (see the error mapping). */
export interface WireStreamError {
  message: string;
  type?: string;
  [key: string]: unknown;
}

/**
 * One stream part as the `data:` of its SSE event. `encodeError` turns an `error`
 * part's error into its wire body; it decides what may be shown (no secrets).
 */
export function encodeStreamPart(part: AnyStreamPart, encodeError: (error: unknown) => WireStreamError): string {
  return stringifyWire(part.type === 'error' ? { type: 'error', error: encodeError(part.error) } : part);
}

// ---- client: reviving results -----------------------------------------------------------------

/** A result or stream part as JSON left it. */
export type WireObject = { [key: string]: unknown };

const isObject = (value: unknown): value is WireObject => typeof value === 'object' && value !== null;

function reviveTimestamp<T extends WireObject>(holder: T): T {
  return typeof holder.timestamp === 'string' ? { ...holder, timestamp: new Date(holder.timestamp) } : holder;
}

/** V4 file parts given by URL carry a `URL`; JSON made it a string. Copy-on-write. */
function reviveFileUrl<T extends WireObject>(part: T): T {
  if (part.type !== 'file' && part.type !== 'reasoning-file') return part;
  const data = part.data;
  if (!isObject(data) || data.type !== 'url' || typeof data.url !== 'string') return part;
  return { ...part, data: { ...data, url: new URL(data.url) } };
}

/** A stream part from the wire: `response-metadata.timestamp` becomes a `Date`, V4 file URLs `URL`s. */
export function reviveWireStreamPart<T extends WireObject>(part: T): T {
  return part.type === 'response-metadata' ? reviveTimestamp(part) : reviveFileUrl(part);
}

/** A generate result from the wire: `response.timestamp` becomes a `Date`, V4 file URLs `URL`s. */
export function reviveWireGenerateResult<T extends WireObject>(result: T): T {
  const { content, response } = result;
  let revived = result;
  if (Array.isArray(content)) {
    const parts = content.map((part: unknown) => (isObject(part) ? reviveFileUrl(part) : part));
    if (parts.some((part, index) => part !== content[index])) revived = { ...revived, content: parts };
  }
  if (isObject(response)) {
    const revivedResponse = reviveTimestamp(response);
    if (revivedResponse !== response) revived = { ...revived, response: revivedResponse };
  }
  return revived;
}
