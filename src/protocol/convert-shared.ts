import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';

/**
 * Conversions every model kind shares: JSON values, provider options and metadata,
 * warnings, finish reasons and usage. Upgrades (V2→V3→V4) keep every value as it is
 * where the types allow; downgrades copy only what the older type cannot hold.
 */

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]';

function isJson(value: unknown, allowUndefined: boolean): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return true;
  }
  if (Array.isArray(value)) return value.every((item) => isJson(item, allowUndefined));
  return isPlainObject(value) && isJsonEntries(value, allowUndefined);
}

function isJsonEntries(object: Record<string, unknown>, allowUndefined: boolean): boolean {
  for (const key in object) {
    const item = object[key];
    if (!(item === undefined ? allowUndefined : isJson(item, allowUndefined))) return false;
  }
  return true;
}

/** V3/V4 JSON: objects may hold `undefined` (JSON drops it), arrays are mutable for V3. */
export const isJsonValueV3 = (value: unknown): value is V3.JSONValue => isJson(value, true);
/** V2 JSON: no `undefined` anywhere. */
export const isJsonValueV2 = (value: unknown): value is V2.JSONValue => isJson(value, false);
export const isJsonObjectV3 = (value: unknown): value is V3.JSONObject =>
  isPlainObject(value) && isJsonEntries(value, true);
const isJsonObjectV2 = (value: unknown): value is Record<string, V2.JSONValue> =>
  isPlainObject(value) && isJsonEntries(value, false);

const isRecordOf =
  <T>(isItem: (value: unknown) => value is T) =>
  (value: unknown): value is Record<string, T> =>
    isPlainObject(value) && Object.values(value).every(isItem);
const isJsonRecordV3 = isRecordOf(isJsonObjectV3);
const isJsonRecordV2 = isRecordOf(isJsonObjectV2);

/** A JSON round trip: what the wire would have made of a value the older type cannot hold. */
export function reparse<T>(value: unknown, isT: (value: unknown) => value is T): T | undefined {
  const copy: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  return isT(copy) ? copy : undefined;
}

/** Any value as V3 JSON: kept when it already is (the check walks it), else its JSON round trip. */
export const toJsonV3 = (value: unknown): V3.JSONValue =>
  isJsonValueV3(value) ? value : (reparse(value, isJsonValueV3) ?? null);
/** V4 JSON is readonly, V3 JSON is not: same values, so nothing is copied unless it was not JSON. */
export const jsonV4ToV3: (value: V4.JSONValue) => V3.JSONValue = toJsonV3;
/** V2 JSON has no `undefined` members: those are dropped, as JSON would. */
export const jsonV3ToV2 = (value: V3.JSONValue): V2.JSONValue =>
  isJsonValueV2(value) ? value : (reparse(value, isJsonValueV2) ?? null);
export const jsonObjectV4ToV3 = (value: V4.JSONObject): V3.JSONObject =>
  isJsonObjectV3(value) ? value : (reparse(value, isJsonObjectV3) ?? {});

/** Provider options and provider metadata share one shape per version. */
export const providerRecordV4ToV3 = (record: V4.SharedV4ProviderOptions): V3.SharedV3ProviderOptions =>
  isJsonRecordV3(record) ? record : (reparse(record, isJsonRecordV3) ?? {});
export const providerRecordV3ToV2 = (record: V3.SharedV3ProviderOptions): V2.SharedV2ProviderOptions =>
  isJsonRecordV2(record) ? record : (reparse(record, isJsonRecordV2) ?? {});

/** `{ providerOptions }` in V3 form, or nothing when absent (no `undefined` keys are added). */
export const optionsV4ToV3 = (options: V4.SharedV4ProviderOptions | undefined) =>
  options === undefined ? {} : { providerOptions: providerRecordV4ToV3(options) };
export const optionsV3ToV2 = (options: V3.SharedV3ProviderOptions | undefined) =>
  options === undefined ? {} : { providerOptions: providerRecordV3ToV2(options) };
export const metadataV4ToV3 = (metadata: V4.SharedV4ProviderMetadata | undefined) =>
  metadata === undefined ? {} : { providerMetadata: providerRecordV4ToV3(metadata) };
export const metadataV3ToV2 = (metadata: V3.SharedV3ProviderMetadata | undefined) =>
  metadata === undefined ? {} : { providerMetadata: providerRecordV3ToV2(metadata) };

/** A part whose only difference between two specs is its provider options' JSON type. */
export function partOptionsV4ToV3<P extends { providerOptions?: V4.SharedV4ProviderOptions }>(
  part: P,
): Omit<P, 'providerOptions'> & { providerOptions?: V3.SharedV3ProviderOptions } {
  const { providerOptions, ...rest } = part;
  return { ...rest, ...optionsV4ToV3(providerOptions) };
}

export function partOptionsV3ToV2<P extends { providerOptions?: V3.SharedV3ProviderOptions }>(
  part: P,
): Omit<P, 'providerOptions'> & { providerOptions?: V2.SharedV2ProviderOptions } {
  const { providerOptions, ...rest } = part;
  return { ...rest, ...optionsV3ToV2(providerOptions) };
}

/** A part whose only difference between two specs is its provider metadata's JSON type. */
export function partMetadataV4ToV3<P extends { providerMetadata?: V4.SharedV4ProviderMetadata }>(
  part: P,
): Omit<P, 'providerMetadata'> & { providerMetadata?: V3.SharedV3ProviderMetadata } {
  const { providerMetadata, ...rest } = part;
  return { ...rest, ...metadataV4ToV3(providerMetadata) };
}

// ---- warnings -------------------------------------------------------------------------

/** V2's `unsupported-tool` carries the tool; V3 names it in `feature` (the tool object is lost). */
export function warningV2ToV3(warning: V2.LanguageModelV2CallWarning | V2.ImageModelV2CallWarning): V3.SharedV3Warning {
  switch (warning.type) {
    case 'unsupported-setting':
      return { type: 'unsupported', feature: String(warning.setting), ...detailsOf(warning) };
    case 'unsupported-tool':
      return { type: 'unsupported', feature: `tool '${warning.tool.name}'`, ...detailsOf(warning) };
    case 'other':
      return warning;
  }
}

const detailsOf = (warning: { details?: string }) =>
  warning.details === undefined ? {} : { details: warning.details };

/** V2 knows only unsupported settings and free text: `compatibility` becomes text. */
export function warningV3ToV2(warning: V3.SharedV3Warning): V2.LanguageModelV2CallWarning {
  switch (warning.type) {
    case 'unsupported':
      return { type: 'unsupported-setting', setting: warning.feature, ...detailsOf(warning) };
    case 'compatibility':
      return { type: 'other', message: compatibilityMessage(warning) };
    case 'other':
      return warning;
  }
}

const compatibilityMessage = ({ feature, details }: { feature: string; details?: string }) =>
  `${feature} is served in compatibility mode${details ? `: ${details}` : '.'}`;

const IMAGE_V2_SETTINGS = ['prompt', 'n', 'size', 'aspectRatio', 'seed', 'providerOptions', 'headers', 'abortSignal'];
const isImageV2Setting = (feature: string): feature is keyof V2.ImageModelV2CallOptions =>
  IMAGE_V2_SETTINGS.includes(feature);

/** Image V2 warnings name only its own call options; any other feature becomes text. */
export function imageWarningV3ToV2(warning: V3.SharedV3Warning): V2.ImageModelV2CallWarning {
  if (warning.type === 'unsupported' && isImageV2Setting(warning.feature)) {
    return { type: 'unsupported-setting', setting: warning.feature, ...detailsOf(warning) };
  }
  if (warning.type === 'other') return warning;
  if (warning.type === 'compatibility') return { type: 'other', message: compatibilityMessage(warning) };
  return {
    type: 'other',
    message: `${warning.feature} is not supported${warning.details ? `: ${warning.details}` : '.'}`,
  };
}

/** V3 has no `deprecated` warning: it becomes text naming the setting. */
export function warningV4ToV3(warning: V4.SharedV4Warning): V3.SharedV3Warning {
  return warning.type === 'deprecated'
    ? { type: 'other', message: `Deprecated: ${warning.setting}. ${warning.message}` }
    : warning;
}

// ---- finish reason --------------------------------------------------------------------

/**
 * V2 `'unknown'` (no reason transmitted) becomes `{ unified: 'other', raw: undefined }`;
 * every other V2 reason is also kept as `raw`, so the way back is exact.
 */
export function finishReasonV2ToV3(reason: V2.LanguageModelV2FinishReason): V3.LanguageModelV3FinishReason {
  return reason === 'unknown' ? { unified: 'other', raw: undefined } : { unified: reason, raw: reason };
}

export function finishReasonV3ToV2(reason: V3.LanguageModelV3FinishReason): V2.LanguageModelV2FinishReason {
  return reason.unified === 'other' && reason.raw === undefined ? 'unknown' : reason.unified;
}

/** V3 has no `interrupted`: it becomes `other`, and `raw` keeps the word when it had none. */
export function finishReasonV4ToV3(reason: V4.LanguageModelV4FinishReason): V3.LanguageModelV3FinishReason {
  return reason.unified === 'interrupted'
    ? { unified: 'other', raw: reason.raw ?? 'interrupted' }
    : { unified: reason.unified, raw: reason.raw };
}

// ---- usage ----------------------------------------------------------------------------

/**
 * V2's flat counts map onto V3's nested ones; what V2 does not split (no-cache input,
 * cache writes, text output) stays unknown, and `totalTokens` is kept in `raw`.
 */
export function usageV2ToV3(usage: V2.LanguageModelV2Usage): V3.LanguageModelV3Usage {
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache: undefined,
      cacheRead: usage.cachedInputTokens,
      cacheWrite: undefined,
    },
    outputTokens: { total: usage.outputTokens, text: undefined, reasoning: usage.reasoningTokens },
    ...(usage.totalTokens === undefined ? {} : { raw: { totalTokens: usage.totalTokens } }),
  };
}

/** `totalTokens` is `raw.totalTokens` when the provider reported one, else input + output. */
export function usageV3ToV2(usage: V3.LanguageModelV3Usage): V2.LanguageModelV2Usage {
  const { inputTokens, outputTokens, raw } = usage;
  const reportedTotal = raw?.totalTokens;
  const totalTokens =
    typeof reportedTotal === 'number'
      ? reportedTotal
      : inputTokens.total === undefined && outputTokens.total === undefined
        ? undefined
        : (inputTokens.total ?? 0) + (outputTokens.total ?? 0);
  return {
    inputTokens: inputTokens.total,
    outputTokens: outputTokens.total,
    totalTokens,
    ...(outputTokens.reasoning === undefined ? {} : { reasoningTokens: outputTokens.reasoning }),
    ...(inputTokens.cacheRead === undefined ? {} : { cachedInputTokens: inputTokens.cacheRead }),
  };
}

export function usageV4ToV3(usage: V4.LanguageModelV4Usage): V3.LanguageModelV3Usage {
  const { raw, ...counts } = usage;
  return raw === undefined ? counts : { ...counts, raw: jsonObjectV4ToV3(raw) };
}
