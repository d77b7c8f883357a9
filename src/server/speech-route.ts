import { newerKindResultsFromV4, parseSpeechCallBody } from '../protocol/convert-reranking-speech-transcription';
import { speechModelAsV4 } from './newer-kind-models';
import { newerKindVersion, serveNewerKindCall } from './newer-kind-route';
import type { RequestContext } from './request-context';

/** POST {base}/speech-model: speaks `text` with failover; the audio goes back as base64. */
export async function handleSpeechModel(context: RequestContext): Promise<Response> {
  const version = newerKindVersion(context, 'speech');
  const call = parseSpeechCallBody(version, context.body);
  return serveNewerKindCall(
    context,
    'speech',
    (model, abortSignal) => Promise.resolve(speechModelAsV4(model).doGenerate({ ...call, headers: undefined, abortSignal })),
    newerKindResultsFromV4[version].speech,
  );
}
