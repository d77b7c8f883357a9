import { SSE_HEADERS } from '../../protocol/sse';
import { generateThroughRoute, streamThroughRoute, wireStreamError } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { ChatCall } from './chat-request';
import { chatChunkStream, chatCompletionFromResult, chatSseEncoder } from './chat-response';

/** POST /v1/chat/completions: an OpenAI chat request through the gateway's routing, failover and usage log. */
export async function handleChatCompletions(context: RequestContext, chat: ChatCall): Promise<Response> {
  const options = { model: chat.modelId, created: Math.floor(Date.now() / 1000), excludeReasoning: chat.excludeReasoning };
  if (!chat.stream) {
    const result = await generateThroughRoute(context, chat.callOptions);
    return Response.json(chatCompletionFromResult(result, options));
  }
  const { parts, execution } = await streamThroughRoute(context, chat.callOptions);
  const body = parts
    .pipeThrough(chatChunkStream(context.generationId, options, (error) => wireStreamError(error, execution)))
    .pipeThrough(chatSseEncoder());
  return new Response(body, { headers: SSE_HEADERS });
}
