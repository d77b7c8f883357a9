import type { LanguageModelV4Message } from '@ai-sdk/provider';
import type { GatewayServerError } from '../../errors/gateway-server-error';
import { SSE_HEADERS } from '../../protocol/sse';
import { generateRouted, streamRouted } from '../language-model-route';
import type { RequestContext } from '../request-context';
import type { ClientCredential } from '../routing';
import { countAtAnthropic, messagesContextWithClientCredential, messagesForwardOnlyContext, messagesGenerateForwarder, messagesStreamForwarder } from './messages-forward';
import { messagesCallOptions, messagesPrompt, parseMessagesRequest, unconvertedMessagesParts, withoutUnconvertedBlocks } from './messages-request';
import { messagesResponse, messagesSseBody } from './messages-response';
import { bodyFromSource, jsonAnswer, jsonResponse } from '../response-body';

export const MESSAGES_PATH = '/v1/messages';
export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';

/** Whether a path belongs to the Anthropic-compatible API (its errors use Anthropic's body). */
export const isMessagesPath = (pathname: string) => pathname === MESSAGES_PATH || pathname === COUNT_TOKENS_PATH;

/** Plans the call, admits it (unless `governed` is false) and builds its request context (routing options from `providerOptions.gateway`). */
export type LanguageContextFactory = (modelId: string, body: Record<string, unknown>, governed?: boolean) => Promise<RequestContext>;

/**
 * POST /v1/messages and /v1/messages/count_tokens, routed like /v4/ai/language-model; `clientCredential`
 * is the client's own Anthropic credential in Claude Max mode (client-credential.ts).
 */
export async function handleMessages(
  request: Request,
  pathname: string,
  body: Record<string, unknown>,
  contextFor: LanguageContextFactory,
  clientCredential?: ClientCredential,
): Promise<Response> {
  if (pathname === COUNT_TOKENS_PATH) {
    // Blocks only Anthropic reads are left out of the estimate rather than refused.
    const parsed = parseMessagesRequest(withoutUnconvertedBlocks({ max_tokens: 1, ...body }));
    // Checks the model id and that the key may use it, as a call would (but counting is no model call).
    const context = messagesContextWithClientCredential(await contextFor(parsed.model, body, false), body, clientCredential);
    return jsonResponse((await countAtAnthropic(context, body)) ?? { input_tokens: estimateInputTokens(messagesPrompt(parsed), parsed.tools) });
  }
  // Server tools and blocks such as web_search_tool_result have no converted form: such a call is forwarded
  // or refused, and its V4 options (for the usage log) leave them out.
  const forwardOnly = unconvertedMessagesParts(body);
  const parsed = parseMessagesRequest(forwardOnly ? withoutUnconvertedBlocks(body) : body);
  const options = messagesCallOptions(parsed);
  const planned = await contextFor(parsed.model, body);
  const context = messagesContextWithClientCredential(forwardOnly ? messagesForwardOnlyContext(planned, body, forwardOnly) : planned, body, clientCredential);
  const convertible = forwardOnly === undefined;
  if (!parsed.stream) {
    const result = await generateRouted(context, options, messagesGenerateForwarder(context, body, parsed.model, convertible));
    return jsonAnswer(context.request, 'forwarded' in result ? result.forwarded : messagesResponse(result, parsed.model, context.generationId));
  }
  const routed = await streamRouted(context, options, messagesStreamForwarder(context, body, parsed.model, convertible));
  const stream = 'forwarded' in routed ? bodyFromSource(routed.forwarded) : messagesSseBody(routed, parsed.model, context.generationId);
  return new Response(stream, { headers: SSE_HEADERS });
}

/** Tokens an image or document is counted as: about a 1,000×1,000 px image in Anthropic's formula (px / 750). */
const FILE_TOKENS = 1_600;

/**
 * A deterministic estimate of input tokens, for a model Anthropic does not count (`countAtAnthropic`): one token per four characters of
 * system, message, tool-call and tool-result text and tool definitions, plus a flat amount per image or document.
 */
export function estimateInputTokens(prompt: LanguageModelV4Message[], tools: readonly unknown[] | undefined): number {
  let characters = tools?.length ? JSON.stringify(tools).length : 0;
  let files = 0;
  for (const message of prompt) {
    if (message.role === 'system') {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') characters += part.text.length;
      else if (part.type === 'file') files++;
      else if (part.type === 'tool-call') characters += part.toolName.length + JSON.stringify(part.input ?? {}).length;
      else if (part.type === 'tool-result') characters += JSON.stringify(part.output).length;
    }
  }
  return Math.ceil(characters / 4) + files * FILE_TOKENS;
}

const ERROR_TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** An error in Anthropic's form, `{ type: 'error', error: { type, message } }`, with the gateway's status. */
export function messagesErrorResponse(error: GatewayServerError, generationId?: string): Response {
  const type = ERROR_TYPE_BY_STATUS[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  if (generationId) headers['request-id'] = generationId;
  return jsonResponse({ type: 'error', error: { type, message: error.message }, ...(generationId ? { request_id: generationId } : {}) }, { status: error.status, headers });
}
