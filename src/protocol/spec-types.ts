// Types only: each `ai` major checks models against the types of its own @ai-sdk/provider
// major, and another major's copy of a V3 type is not assignable to them (ai 6 rejects
// provider 4's `LanguageModelV3`). So every version takes its types from its own package.
import type {
  EmbeddingModelV4CallOptions,
  EmbeddingModelV4Result,
  Experimental_VideoModelV4CallOptions,
  Experimental_VideoModelV4OperationStartResult,
  Experimental_VideoModelV4OperationStatusResult,
  Experimental_VideoModelV4Result,
  ImageModelV4CallOptions,
  ImageModelV4Result,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  RerankingModelV4CallOptions,
  RerankingModelV4Result,
  SharedV4Warning,
  SpeechModelV4CallOptions,
  SpeechModelV4Result,
  TranscriptionModelV4CallOptions,
  TranscriptionModelV4Result,
} from '@ai-sdk/provider';
import type {
  EmbeddingModelV2,
  ImageModelV2,
  ImageModelV2CallOptions,
  LanguageModelV2,
  LanguageModelV2CallOptions,
  LanguageModelV2StreamPart,
} from '@ai-sdk/provider-v2';
import type {
  EmbeddingModelV3CallOptions,
  EmbeddingModelV3Result,
  Experimental_VideoModelV3,
  Experimental_VideoModelV3CallOptions,
  ImageModelV3,
  ImageModelV3CallOptions,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  RerankingModelV3,
  RerankingModelV3CallOptions,
  SharedV3Warning,
  SpeechModelV3,
  SpeechModelV3CallOptions,
  TranscriptionModelV3,
  TranscriptionModelV3CallOptions,
} from '@ai-sdk/provider-v3';
import type { SpecificationVersion } from './spec-versions';

type ResultOf<F extends (...args: never[]) => PromiseLike<unknown>> = Awaited<ReturnType<F>>;

/**
 * The call options and results of each spec version: `v2` from @ai-sdk/provider 2 (ai 5),
 * `v3` from @ai-sdk/provider 3 (ai 6), `v4` from @ai-sdk/provider 4 (ai 7). The model
 * classes take their member types from here, one implementation for all three.
 */
export interface SpecTypes {
  v2: {
    languageCallOptions: LanguageModelV2CallOptions;
    languageGenerateResult: ResultOf<LanguageModelV2['doGenerate']>;
    languageStreamPart: LanguageModelV2StreamPart;
    embeddingCallOptions: Parameters<EmbeddingModelV2<string>['doEmbed']>[0];
    embeddingResult: ResultOf<EmbeddingModelV2<string>['doEmbed']>;
    // v2 embedding results have no warnings; the gateway's are passed on as they came.
    embeddingWarnings: unknown[];
    imageCallOptions: ImageModelV2CallOptions;
    imageResult: ResultOf<ImageModelV2['doGenerate']>;
    // The kinds below start with spec v3: the v2 entry (like the public 2.x client) has none.
    warning: never;
    rerankingCallOptions: never;
    rerankingResult: never;
    speechCallOptions: never;
    speechResult: never;
    transcriptionCallOptions: never;
    transcriptionResult: never;
    videoCallOptions: never;
    videoResult: never;
    videoStartResult: never;
    videoStatusResult: never;
  };
  v3: {
    languageCallOptions: LanguageModelV3CallOptions;
    languageGenerateResult: LanguageModelV3GenerateResult;
    languageStreamPart: LanguageModelV3StreamPart;
    embeddingCallOptions: EmbeddingModelV3CallOptions;
    embeddingResult: EmbeddingModelV3Result;
    embeddingWarnings: EmbeddingModelV3Result['warnings'];
    imageCallOptions: ImageModelV3CallOptions;
    imageResult: ResultOf<ImageModelV3['doGenerate']>;
    warning: SharedV3Warning;
    rerankingCallOptions: RerankingModelV3CallOptions;
    rerankingResult: ResultOf<RerankingModelV3['doRerank']>;
    speechCallOptions: SpeechModelV3CallOptions;
    speechResult: ResultOf<SpeechModelV3['doGenerate']>;
    transcriptionCallOptions: TranscriptionModelV3CallOptions;
    transcriptionResult: ResultOf<TranscriptionModelV3['doGenerate']>;
    videoCallOptions: Experimental_VideoModelV3CallOptions;
    videoResult: ResultOf<Experimental_VideoModelV3['doGenerate']>;
    // Video jobs (start, status) start with spec v4.
    videoStartResult: never;
    videoStatusResult: never;
  };
  v4: {
    languageCallOptions: LanguageModelV4CallOptions;
    languageGenerateResult: LanguageModelV4GenerateResult;
    languageStreamPart: LanguageModelV4StreamPart;
    embeddingCallOptions: EmbeddingModelV4CallOptions;
    embeddingResult: EmbeddingModelV4Result;
    embeddingWarnings: EmbeddingModelV4Result['warnings'];
    imageCallOptions: ImageModelV4CallOptions;
    imageResult: ImageModelV4Result;
    warning: SharedV4Warning;
    rerankingCallOptions: RerankingModelV4CallOptions;
    rerankingResult: RerankingModelV4Result;
    speechCallOptions: SpeechModelV4CallOptions;
    speechResult: SpeechModelV4Result;
    transcriptionCallOptions: TranscriptionModelV4CallOptions;
    transcriptionResult: TranscriptionModelV4Result;
    videoCallOptions: Experimental_VideoModelV4CallOptions;
    videoResult: Experimental_VideoModelV4Result;
    videoStartResult: Experimental_VideoModelV4OperationStartResult;
    videoStatusResult: Experimental_VideoModelV4OperationStatusResult;
  };
}

/** One spec version's type of `kind`, e.g. `SpecType<'v3', 'languageCallOptions'>`. */
export type SpecType<V extends SpecificationVersion, K extends keyof SpecTypes[SpecificationVersion]> = SpecTypes[V][K];

