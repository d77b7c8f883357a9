import { SSE_HEADERS } from '../../protocol/sse';
import { generateRouted, streamRouted, wireStreamError } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { ResponsesCall } from './responses-request';
import { responseFromResult, responsesSseBody } from './responses-response';
import { jsonResponse } from '../response-body';

/** POST /v1/responses: an OpenAI Responses request through the gateway's routing, failover and usage log. */
export async function handleResponses(context: RequestContext, call: ResponsesCall): Promise<Response> {
  const options = { id: context.generationId, model: call.modelId, createdAt: Math.floor(Date.now() / 1000), echo: call.echo };
  if (!call.stream) {
    const result = await generateRouted(context, call.callOptions);
    return jsonResponse(responseFromResult(result, options));
  }
  // The routed parts' errors are already scrubbed of request secrets.
  const parts = await streamRouted(context, call.callOptions);
  return new Response(responsesSseBody(parts, options, (error) => wireStreamError(error)), { headers: SSE_HEADERS });
}
