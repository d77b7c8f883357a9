import { newerKindResultsFromV4, parseTranscriptionCallBody } from '../protocol/convert-reranking-speech-transcription';
import { transcriptionModelAsV4 } from './newer-kind-models';
import { newerKindVersion, serveNewerKindCall } from './newer-kind-route';
import type { RequestContext } from './request-context';

/** POST {base}/transcription-model: transcribes base64 `audio` with failover. */
export async function handleTranscriptionModel(context: RequestContext): Promise<Response> {
  const version = newerKindVersion(context, 'transcription');
  const call = parseTranscriptionCallBody(version, context.body);
  return serveNewerKindCall(
    context,
    'transcription',
    (model, abortSignal) => Promise.resolve(transcriptionModelAsV4(model).doGenerate({ ...call, headers: undefined, abortSignal })),
    newerKindResultsFromV4[version].transcription,
  );
}
