import { SSE_HEADERS } from '../../protocol/sse';
import { generateRouted, streamRouted, wireStreamError } from '../language-model-route';
import type { RequestContext } from '../request-context';
import { bodyFromSource, jsonAnswer } from '../response-body';
import { chatGenerateForwarder, chatStreamForwarder } from './chat-forward';
import type { ChatCall } from './chat-request';
import { chatCompletionFromResult, chatSseBody } from './chat-response';

/** POST /v1/chat/completions: an OpenAI chat request through the gateway's routing, failover and usage log. */
export async function handleChatCompletions(context: RequestContext, chat: ChatCall): Promise<Response> {
  const options = { model: chat.modelId, created: Math.floor(Date.now() / 1000), excludeReasoning: chat.excludeReasoning };
  if (!chat.stream) {
    const result = await generateRouted(context, chat.callOptions, chatGenerateForwarder(context, chat.request, options));
    return jsonAnswer(context.request, 'forwarded' in result ? result.forwarded : chatCompletionFromResult(result, options));
  }
  // The routed parts' errors are already scrubbed of request secrets.
  const routed = await streamRouted(context, chat.callOptions, chatStreamForwarder(context, chat.request, options));
  const body = 'forwarded' in routed ? bodyFromSource(routed.forwarded) : chatSseBody(routed, context.generationId, options, (error) => wireStreamError(error));
  return new Response(body, { headers: SSE_HEADERS });
}
