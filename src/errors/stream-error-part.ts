import { isRecord } from '@ai-sdk/provider-utils';
import { ERROR_STATUS, type GatewayErrorType } from '../protocol/wire';
import { gatewayErrorFromResponse, scrubSecrets, type GatewayErrorContext } from './create-gateway-error';
import { GatewayResponseError } from './gateway-error-classes';
import type { GatewayError } from './gateway-error';

// A WebSocket has no HTTP status: error parts of these types get the status the type usually comes with.
const STREAM_ERROR_TYPES: readonly GatewayErrorType[] = [
  'authentication_error',
  'failed_dependency',
  'forbidden',
  'internal_server_error',
  'invalid_request_error',
  'model_not_found',
  'rate_limit_exceeded',
];

const isStreamErrorType = (type: unknown): type is GatewayErrorType =>
  STREAM_ERROR_TYPES.some((known) => known === type);

/**
 * The error for the payload of a stream's `error` part: the gateway error class of its
 * `type` when it is `{ type, message }` with a known type, else a response error quoting
 * the message. Secrets in `context` never reach the message.
 */
export function gatewayErrorFromErrorPart(
  payload: unknown,
  context: GatewayErrorContext,
  streamName: string,
): GatewayError {
  const part = isRecord(payload) ? payload : {};
  const message = typeof part.message === 'string' ? part.message : undefined;
  if (message !== undefined && isStreamErrorType(part.type)) {
    return gatewayErrorFromResponse(
      {
        statusCode: ERROR_STATUS[part.type],
        bodyText: JSON.stringify({ error: { message, type: part.type } }),
        responseHeaders: {},
      },
      context,
    );
  }
  let text = message;
  if (text === undefined) {
    try {
      text = JSON.stringify(payload) ?? String(payload);
    } catch {
      text = String(payload);
    }
  }
  return new GatewayResponseError({
    message: `AI Gateway ${streamName} stream failed: ${scrubSecrets(text, context.secrets)}`,
    url: context.url,
    isRetryable: false,
  });
}
