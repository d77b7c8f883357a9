import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import {
  callOptionsV2ToV3,
  callOptionsV2ToV4,
  callOptionsV3ToV2,
  callOptionsV3ToV4,
  callOptionsV4ToV2,
  callOptionsV4ToV3,
  type Downgraded,
  type UpgradeContext,
} from './convert-call-options';
import {
  embeddingCallV2ToV3,
  embeddingCallV3ToV2,
  embeddingCallV3ToV4,
  embeddingCallV4ToV3,
  embeddingResultV2ToV3,
  embeddingResultV3ToV2,
  embeddingResultV3ToV4,
  embeddingResultV4ToV3,
  imageCallV2ToV3,
  imageCallV3ToV2,
  imageCallV3ToV4,
  imageCallV4ToV3,
  imageResultV2ToV3,
  imageResultV3ToV2,
  imageResultV3ToV4,
  imageResultV4ToV3,
  type EmbeddingModelV2CallOptions,
  type EmbeddingModelV2Result,
  type ImageModelV2Result,
  type ImageModelV3Result,
} from './convert-embedding-image';
import {
  generateResultV2ToV3,
  generateResultV2ToV4,
  generateResultV3ToV2,
  generateResultV3ToV4,
  generateResultV4ToV2,
  generateResultV4ToV3,
  partsStream,
  partsV2ToV3,
  partsV2ToV4,
  partsV3ToV2,
  partsV3ToV4,
  partsV4ToV2,
  partsV4ToV3,
  type LanguageModelV2GenerateResult,
  type StreamPartConverter,
} from './convert-results';
import { imageWarningV3ToV2, warningV3ToV2, warningV4ToV3 } from './convert-shared';

/**
 * The gateway server's entry to the spec conversions: one call converts a call, a
 * result or a stream from the spec version one side speaks to the other side's. Equal
 * versions pass through untouched; otherwise V4 is the form in between.
 */
export type SpecVersion = 'v2' | 'v3' | 'v4';

/** Each spec version's own types (V2 from @ai-sdk/provider 2.x, V3 from 3.x, V4 from 4.x). */
export interface SpecTypes {
  v2: {
    languageModelCallOptions: V2.LanguageModelV2CallOptions;
    languageModelGenerateResult: LanguageModelV2GenerateResult;
    languageModelStreamPart: V2.LanguageModelV2StreamPart;
    embeddingModelCallOptions: EmbeddingModelV2CallOptions;
    embeddingModelResult: EmbeddingModelV2Result;
    imageModelCallOptions: V2.ImageModelV2CallOptions;
    imageModelResult: ImageModelV2Result;
  };
  v3: {
    languageModelCallOptions: V3.LanguageModelV3CallOptions;
    languageModelGenerateResult: V3.LanguageModelV3GenerateResult;
    languageModelStreamPart: V3.LanguageModelV3StreamPart;
    embeddingModelCallOptions: V3.EmbeddingModelV3CallOptions;
    embeddingModelResult: V3.EmbeddingModelV3Result;
    imageModelCallOptions: V3.ImageModelV3CallOptions;
    imageModelResult: ImageModelV3Result;
  };
  v4: {
    languageModelCallOptions: V4.LanguageModelV4CallOptions;
    languageModelGenerateResult: V4.LanguageModelV4GenerateResult;
    languageModelStreamPart: V4.LanguageModelV4StreamPart;
    embeddingModelCallOptions: V4.EmbeddingModelV4CallOptions;
    embeddingModelResult: V4.EmbeddingModelV4Result;
    imageModelCallOptions: V4.ImageModelV4CallOptions;
    imageModelResult: V4.ImageModelV4Result;
  };
}
export type SpecType<S extends SpecVersion, K extends keyof SpecTypes[SpecVersion]> = SpecTypes[S][K];

type Table<K extends keyof SpecTypes[SpecVersion]> = {
  [F in SpecVersion]: {
    [T in SpecVersion]: (input: SpecType<F, K>, context: UpgradeContext) => Downgraded<SpecType<T, K>>;
  };
};
type ResultTable<K extends keyof SpecTypes[SpecVersion]> = {
  [F in SpecVersion]: { [T in SpecVersion]: (input: SpecType<F, K>) => SpecType<T, K> };
};

const same = <X>(value: X): Downgraded<X> => ({ value, warnings: [] });
const identity = <X>(value: X): X => value;
function then<A, B>(first: Downgraded<A>, next: (value: A) => Downgraded<B>): Downgraded<B> {
  const second = next(first.value);
  return { value: second.value, warnings: [...first.warnings, ...second.warnings] };
}

const languageModelCalls: Table<'languageModelCallOptions'> = {
  v2: { v2: same, v3: (o) => same(callOptionsV2ToV3(o)), v4: (o, context) => same(callOptionsV2ToV4(o, context)) },
  v3: { v2: callOptionsV3ToV2, v3: same, v4: (o, context) => same(callOptionsV3ToV4(o, context)) },
  v4: { v2: callOptionsV4ToV2, v3: callOptionsV4ToV3, v4: same },
};

const languageModelResults: ResultTable<'languageModelGenerateResult'> = {
  v2: { v2: identity, v3: generateResultV2ToV3, v4: generateResultV2ToV4 },
  v3: { v2: generateResultV3ToV2, v3: identity, v4: generateResultV3ToV4 },
  v4: { v2: generateResultV4ToV2, v3: generateResultV4ToV3, v4: identity },
};

type StreamPartTable = {
  [F in SpecVersion]: {
    [T in SpecVersion]: () => StreamPartConverter<SpecType<F, 'languageModelStreamPart'>, SpecType<T, 'languageModelStreamPart'>>;
  };
};
const unchanged = <X>(): StreamPartConverter<X, X> => (part) => [part];
const languageModelStreamParts: StreamPartTable = {
  v2: { v2: unchanged, v3: partsV2ToV3, v4: partsV2ToV4 },
  v3: { v2: partsV3ToV2, v3: unchanged, v4: partsV3ToV4 },
  v4: { v2: partsV4ToV2, v3: partsV4ToV3, v4: unchanged },
};

const embeddingCalls: Table<'embeddingModelCallOptions'> = {
  v2: {
    v2: same,
    v3: (o) => same(embeddingCallV2ToV3(o)),
    v4: (o) => same(embeddingCallV3ToV4(embeddingCallV2ToV3(o))),
  },
  v3: { v2: embeddingCallV3ToV2, v3: same, v4: (o) => same(embeddingCallV3ToV4(o)) },
  v4: { v2: (o) => then(embeddingCallV4ToV3(o), embeddingCallV3ToV2), v3: embeddingCallV4ToV3, v4: same },
};

const embeddingResults: ResultTable<'embeddingModelResult'> = {
  v2: { v2: identity, v3: embeddingResultV2ToV3, v4: (r) => embeddingResultV3ToV4(embeddingResultV2ToV3(r)) },
  v3: { v2: embeddingResultV3ToV2, v3: identity, v4: embeddingResultV3ToV4 },
  v4: { v2: (r) => embeddingResultV3ToV2(embeddingResultV4ToV3(r)), v3: embeddingResultV4ToV3, v4: identity },
};

const imageCalls: Table<'imageModelCallOptions'> = {
  v2: { v2: same, v3: (o) => same(imageCallV2ToV3(o)), v4: (o) => same(imageCallV3ToV4(imageCallV2ToV3(o))) },
  v3: { v2: imageCallV3ToV2, v3: same, v4: (o) => same(imageCallV3ToV4(o)) },
  v4: { v2: (o) => then(imageCallV4ToV3(o), imageCallV3ToV2), v3: imageCallV4ToV3, v4: same },
};

const imageResults: ResultTable<'imageModelResult'> = {
  v2: { v2: identity, v3: imageResultV2ToV3, v4: (r) => imageResultV3ToV4(imageResultV2ToV3(r)) },
  v3: { v2: imageResultV3ToV2, v3: identity, v4: imageResultV3ToV4 },
  v4: { v2: (r) => imageResultV3ToV2(imageResultV4ToV3(r)), v3: imageResultV4ToV3, v4: identity },
};

/**
 * Client call options (spec `from`) → the upstream model's (spec `to`), with a warning
 * for each thing the upstream spec cannot carry. `context.provider` keys V3 string file ids.
 */
export function convertLanguageModelCallOptions<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  options: SpecType<F, 'languageModelCallOptions'>,
  context: UpgradeContext = {},
): Downgraded<SpecType<T, 'languageModelCallOptions'>> {
  return languageModelCalls[from][to](options, context);
}

/** The upstream model's generate result (spec `from`) → the client's (spec `to`). */
export function convertLanguageModelGenerateResult<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  result: SpecType<F, 'languageModelGenerateResult'>,
): SpecType<T, 'languageModelGenerateResult'> {
  return languageModelResults[from][to](result);
}

/** A TransformStream from the upstream model's stream parts (spec `from`) to the client's (spec `to`). */
export function convertLanguageModelStream<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
): TransformStream<SpecType<F, 'languageModelStreamPart'>, SpecType<T, 'languageModelStreamPart'>> {
  return partsStream(languageModelStreamPartConverter(from, to));
}

/**
 * The same conversion one part at a time, for a stream that converts inside its own
 * `pull` (a TransformStream stage costs several promises per part). One per stream.
 */
export function languageModelStreamPartConverter<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
): StreamPartConverter<SpecType<F, 'languageModelStreamPart'>, SpecType<T, 'languageModelStreamPart'>> {
  return languageModelStreamParts[from][to]();
}

export function convertEmbeddingModelCallOptions<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  options: SpecType<F, 'embeddingModelCallOptions'>,
): Downgraded<SpecType<T, 'embeddingModelCallOptions'>> {
  return embeddingCalls[from][to](options, {});
}

export function convertEmbeddingModelResult<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  result: SpecType<F, 'embeddingModelResult'>,
): SpecType<T, 'embeddingModelResult'> {
  return embeddingResults[from][to](result);
}

export function convertImageModelCallOptions<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  options: SpecType<F, 'imageModelCallOptions'>,
): Downgraded<SpecType<T, 'imageModelCallOptions'>> {
  return imageCalls[from][to](options, {});
}

export function convertImageModelResult<F extends SpecVersion, T extends SpecVersion>(
  from: F,
  to: T,
  result: SpecType<F, 'imageModelResult'>,
): SpecType<T, 'imageModelResult'> {
  return imageResults[from][to](result);
}

/** Conversion warnings (V4 form) in a language or image model's own warning shape for spec `to`. */
export const languageModelWarningsFromV4 = {
  v2: (warnings: V4.SharedV4Warning[]): V2.LanguageModelV2CallWarning[] =>
    warnings.map((w) => warningV3ToV2(warningV4ToV3(w))),
  v3: (warnings: V4.SharedV4Warning[]): V3.SharedV3Warning[] => warnings.map(warningV4ToV3),
  v4: identity<V4.SharedV4Warning[]>,
};
export const imageModelWarningsFromV4 = {
  v2: (warnings: V4.SharedV4Warning[]): V2.ImageModelV2CallWarning[] =>
    warnings.map((w) => imageWarningV3ToV2(warningV4ToV3(w))),
  v3: languageModelWarningsFromV4.v3,
  v4: identity<V4.SharedV4Warning[]>,
};

type WarningsAdder<K extends keyof SpecTypes[SpecVersion]> = {
  [S in SpecVersion]: (result: SpecType<S, K>, warnings: V4.SharedV4Warning[]) => SpecType<S, K>;
};
const generateWarnings: WarningsAdder<'languageModelGenerateResult'> = {
  v2: (result, warnings) => ({
    ...result,
    warnings: [...result.warnings, ...languageModelWarningsFromV4.v2(warnings)],
  }),
  v3: (result, warnings) => ({
    ...result,
    warnings: [...result.warnings, ...languageModelWarningsFromV4.v3(warnings)],
  }),
  v4: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...warnings] }),
};
const imageWarnings: WarningsAdder<'imageModelResult'> = {
  v2: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...imageModelWarningsFromV4.v2(warnings)] }),
  v3: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...imageModelWarningsFromV4.v3(warnings)] }),
  v4: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...warnings] }),
};
const embeddingWarnings: WarningsAdder<'embeddingModelResult'> = {
  // V2 embedding results carry no warnings.
  v2: identity,
  v3: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...warnings.map(warningV4ToV3)] }),
  v4: (result, warnings) => ({ ...result, warnings: [...result.warnings, ...warnings] }),
};

/** Adds the call conversion's warnings (V4 form) to a result in the client's spec `spec`. Copy, not mutation. */
export function addLanguageModelWarnings<S extends SpecVersion>(
  spec: S,
  result: SpecType<S, 'languageModelGenerateResult'>,
  warnings: V4.SharedV4Warning[],
): SpecType<S, 'languageModelGenerateResult'> {
  return warnings.length === 0 ? result : generateWarnings[spec](result, warnings);
}

export function addImageModelWarnings<S extends SpecVersion>(
  spec: S,
  result: SpecType<S, 'imageModelResult'>,
  warnings: V4.SharedV4Warning[],
): SpecType<S, 'imageModelResult'> {
  return warnings.length === 0 ? result : imageWarnings[spec](result, warnings);
}

export function addEmbeddingModelWarnings<S extends SpecVersion>(
  spec: S,
  result: SpecType<S, 'embeddingModelResult'>,
  warnings: V4.SharedV4Warning[],
): SpecType<S, 'embeddingModelResult'> {
  return warnings.length === 0 ? result : embeddingWarnings[spec](result, warnings);
}

type StreamWarningsTable = {
  [S in SpecVersion]: (
    warnings: V4.SharedV4Warning[],
  ) => StreamPartConverter<SpecType<S, 'languageModelStreamPart'>, SpecType<S, 'languageModelStreamPart'>>;
};

/** Merges warnings into the stream's leading `stream-start` part, or sends one first when it has none. */
function startWithWarnings<P>(merge: (part: P) => P | undefined, fresh: () => P): StreamPartConverter<P, P> {
  let first = true;
  return (part) => {
    if (!first) return [part];
    first = false;
    const merged = merge(part);
    return merged !== undefined ? [merged] : [fresh(), part];
  };
}

const streamWarningsTable: StreamWarningsTable = {
  v2: (warnings) => {
    const added = languageModelWarningsFromV4.v2(warnings);
    return startWithWarnings<V2.LanguageModelV2StreamPart>(
      (part) =>
        part.type === 'stream-start' ? { type: 'stream-start', warnings: [...part.warnings, ...added] } : undefined,
      () => ({ type: 'stream-start', warnings: added }),
    );
  },
  v3: (warnings) => {
    const added = languageModelWarningsFromV4.v3(warnings);
    return startWithWarnings<V3.LanguageModelV3StreamPart>(
      (part) =>
        part.type === 'stream-start' ? { type: 'stream-start', warnings: [...part.warnings, ...added] } : undefined,
      () => ({ type: 'stream-start', warnings: added }),
    );
  },
  v4: (warnings) =>
    startWithWarnings<V4.LanguageModelV4StreamPart>(
      (part) =>
        part.type === 'stream-start' ? { type: 'stream-start', warnings: [...part.warnings, ...warnings] } : undefined,
      () => ({ type: 'stream-start', warnings }),
    ),
};

/** A TransformStream, in the client's spec, that adds the call conversion's warnings to `stream-start`. */
export function addLanguageModelStreamWarnings<S extends SpecVersion>(
  spec: S,
  warnings: V4.SharedV4Warning[],
): TransformStream<SpecType<S, 'languageModelStreamPart'>, SpecType<S, 'languageModelStreamPart'>> {
  return warnings.length === 0 ? new TransformStream() : partsStream(streamWarningsTable[spec](warnings));
}

/** The same, one part at a time (see languageModelStreamPartConverter); undefined when there are no warnings. */
export function languageModelStreamWarningsConverter<S extends SpecVersion>(
  spec: S,
  warnings: V4.SharedV4Warning[],
): StreamPartConverter<SpecType<S, 'languageModelStreamPart'>, SpecType<S, 'languageModelStreamPart'>> | undefined {
  return warnings.length === 0 ? undefined : streamWarningsTable[spec](warnings);
}

export type { Downgraded, UpgradeContext } from './convert-call-options';
export * from './convert-call-options';
export * from './convert-results';
export * from './convert-embedding-image';
export {
  finishReasonV2ToV3,
  finishReasonV3ToV2,
  finishReasonV4ToV3,
  usageV2ToV3,
  usageV3ToV2,
  usageV4ToV3,
  warningV2ToV3,
  warningV3ToV2,
  warningV4ToV3,
  imageWarningV3ToV2,
} from './convert-shared';
