import { SSE_HEADERS } from '../../protocol/sse';
import { generateRouted, streamRouted, wireStreamError } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { ChatCall } from './chat-request';
import { chatCompletionFromResult, chatSseBody } from './chat-response';

/** POST /v1/chat/completions: an OpenAI chat request through the gateway's routing, failover and usage log. */
export async function handleChatCompletions(context: RequestContext, chat: ChatCall): Promise<Response> {
  const options = { model: chat.modelId, created: Math.floor(Date.now() / 1000), excludeReasoning: chat.excludeReasoning };
  if (!chat.stream) {
    const result = await generateRouted(context, chat.callOptions);
    return Response.json(chatCompletionFromResult(result, options));
  }
  // The routed parts' errors are already scrubbed of request secrets.
  const parts = await streamRouted(context, chat.callOptions);
  return new Response(chatSseBody(parts, context.generationId, options, (error) => wireStreamError(error)), { headers: SSE_HEADERS });
}
