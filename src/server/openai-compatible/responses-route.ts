import { SSE_HEADERS } from '../../protocol/sse';
import { generateRouted, streamRouted, wireStreamError } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { ResponsesCall } from './responses-request';
import { responseFromResult, responsesSseBody } from './responses-response';
import { bodyFromSource, jsonAnswer } from '../response-body';
import { responsesForwardOnlyContext, responsesGenerateForwarder, responsesStreamForwarder } from './responses-forward';

/** POST /v1/responses: an OpenAI Responses request through the gateway's routing, failover and usage log. */
export async function handleResponses(planned: RequestContext, call: ResponsesCall): Promise<Response> {
  const context = call.forwardOnly ? responsesForwardOnlyContext(planned, planned.body, call.forwardOnly) : planned;
  const convertible = call.forwardOnly === undefined;
  const options = { id: context.generationId, model: call.modelId, createdAt: Math.floor(Date.now() / 1000), echo: call.echo };
  if (!call.stream) {
    const result = await generateRouted(context, call.callOptions, responsesGenerateForwarder(context, context.body, call.modelId, convertible));
    return jsonAnswer(context.request, 'forwarded' in result ? result.forwarded : responseFromResult(result, options));
  }
  // The routed parts' errors are already scrubbed of request secrets.
  const routed = await streamRouted(context, call.callOptions, responsesStreamForwarder(context, context.body, call.modelId, convertible));
  const body = 'forwarded' in routed ? bodyFromSource(routed.forwarded) : responsesSseBody(routed, options, (error) => wireStreamError(error));
  return new Response(body, { headers: SSE_HEADERS });
}
