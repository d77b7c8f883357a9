import { InvalidArgumentError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  newerKindResultsFromV4,
  parseRerankingCallBody,
  parseSpeechCallBody,
  parseTranscriptionCallBody,
  transcriptionCallV4ToV3,
} from '../../src/protocol/convert-reranking-speech-transcription';

const response = { timestamp: new Date(0), modelId: 'm' };

describe('reranking, speech and transcription between spec V3 and V4', () => {
  it('drops timestampGranularities for a V3 upstream and says so, without touching the caller’s options', () => {
    const options = { audio: 'AQID', mediaType: 'audio/wav', timestampGranularities: ['word' as const], providerOptions: { openai: { a: 1 } } };
    const { value, warnings } = transcriptionCallV4ToV3(options);
    expect(value).toEqual({ audio: 'AQID', mediaType: 'audio/wav', providerOptions: { openai: { a: 1 } } });
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'timestampGranularities' })]);
    expect(options.timestampGranularities).toEqual(['word']);
  });

  it('gives V3 clients what gateway 3.x reads: no deprecated warnings, no usage or words', () => {
    const deprecated = { type: 'deprecated' as const, setting: 'voice', message: 'old' };
    const speech = newerKindResultsFromV4.v3.speech({ audio: 'AQID', warnings: [deprecated], usage: { chars: 2 }, response });
    expect(speech).toEqual({ audio: 'AQID', warnings: [{ type: 'other', message: 'Deprecated: voice. old' }], response });
    const transcript = newerKindResultsFromV4.v3.transcription({
      text: 't', segments: [], words: [{ text: 't', startSecond: 0, endSecond: 1 }], language: 'en', durationInSeconds: 1, warnings: [], usage: { s: 1 }, response,
    });
    expect(transcript).not.toHaveProperty('words');
    expect(transcript).not.toHaveProperty('usage');
    expect(newerKindResultsFromV4.v3.reranking({ ranking: [{ index: 0, relevanceScore: 1 }], warnings: [deprecated] }).warnings).toEqual([
      { type: 'other', message: 'Deprecated: voice. old' },
    ]);
  });

  it('parses the bodies the public clients send and names what is wrong otherwise', () => {
    expect(parseRerankingCallBody('v4', { documents: { type: 'text', values: ['a'] }, query: 'q', topN: 1 })).toMatchObject({ query: 'q', topN: 1 });
    expect(parseSpeechCallBody('v3', { text: 'hi', speed: 1 })).toMatchObject({ text: 'hi', speed: 1 });
    expect(() => parseTranscriptionCallBody('v4', { audio: 'AQID' })).toThrow(InvalidArgumentError);
    expect(() => parseTranscriptionCallBody('v4', { audio: 'AQID' })).toThrow(/transcription-model \(spec v4\) body is not valid: mediaType/);
    expect(() => parseRerankingCallBody('v3', { documents: { type: 'text', values: [1] }, query: 'q' })).toThrow(/documents\.values\.0/);
  });
});
