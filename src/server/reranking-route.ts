import { newerKindResultsFromV4, parseRerankingCallBody } from '../protocol/convert-reranking-speech-transcription';
import { rerankingModelAsV4 } from './newer-kind-models';
import { newerKindVersion, serveNewerKindCall } from './newer-kind-route';
import type { RequestContext } from './request-context';

/** POST {base}/reranking-model: ranks `documents` against `query` with failover. */
export async function handleRerankingModel(context: RequestContext): Promise<Response> {
  const version = newerKindVersion(context, 'reranking');
  const call = parseRerankingCallBody(version, context.body);
  return serveNewerKindCall(
    context,
    'reranking',
    (model, abortSignal) => Promise.resolve(rerankingModelAsV4(model).doRerank({ ...call, headers: undefined, abortSignal })),
    newerKindResultsFromV4[version].reranking,
  );
}
