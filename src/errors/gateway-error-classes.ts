import { GatewayError, hasMarker, type GatewayErrorOptions } from './gateway-error';

/** The marker `@ai-sdk/gateway` puts on its authentication errors. */
const AI_SDK_AUTHENTICATION_MARKER = 'vercel.ai.gateway.error.GatewayAuthenticationError';

/** 401: the API key or OIDC token was missing, invalid or expired. */
export class GatewayAuthenticationError extends GatewayError {
  static override readonly errorName = 'GatewayAuthenticationError';
  static override readonly defaultStatusCode = 401;
  static override readonly defaultType = 'authentication_error';
  static override readonly defaultMessage = 'Authentication with the AI Gateway failed.';

  // Not the gateway's own marker: `ai` replaces any error carrying that one with an
  // untyped Error of its own (and crashes doing so where `process` is missing).
  static override get marker(): string {
    return 'modelgate.gateway.error.GatewayAuthenticationError';
  }

  /** Also true for `@ai-sdk/gateway`'s own authentication errors, as before. */
  static override isInstance<T extends typeof GatewayError>(this: T, error: unknown): error is InstanceType<T> {
    return GatewayError.isInstance.call(this, error) || hasMarker(error, AI_SDK_AUTHENTICATION_MARKER);
  }
}

/** 400: the gateway rejected the request as malformed. */
export class GatewayInvalidRequestError extends GatewayError {
  static override readonly errorName = 'GatewayInvalidRequestError';
  static override readonly defaultStatusCode = 400;
  static override readonly defaultType = 'invalid_request_error';
  static override readonly defaultMessage = 'The AI Gateway rejected the request as invalid.';
}

/** 402: credits are exhausted or a hard budget was reached. Not retryable. */
export class GatewayPaymentRequiredError extends GatewayError {
  static override readonly errorName = 'GatewayPaymentRequiredError';
  static override readonly defaultStatusCode = 402;
  static override readonly defaultType = 'payment_required';
  static override readonly defaultMessage =
    'The AI Gateway needs payment: credits are exhausted or a budget limit was reached.';
}

/** 403: a rule (budget, allow-list, …) forbids this request. */
export class GatewayForbiddenError extends GatewayError {
  static override readonly errorName = 'GatewayForbiddenError';
  static override readonly defaultStatusCode = 403;
  static override readonly defaultType = 'forbidden';
  static override readonly defaultMessage = 'The AI Gateway refused the request.';
  /** Id of the rule that refused the request, when the gateway named one. */
  readonly ruleId: string | undefined;
  constructor(options: GatewayErrorOptions & { ruleId?: string } = {}) {
    super(options);
    this.ruleId = options.ruleId;
  }
}

/** 404 with `model_not_found`: the gateway does not know this model id. */
export class GatewayModelNotFoundError extends GatewayError {
  static override readonly errorName = 'GatewayModelNotFoundError';
  static override readonly defaultStatusCode = 404;
  static override readonly defaultType = 'model_not_found';
  static override readonly defaultMessage = 'The AI Gateway does not know this model.';
  readonly modelId: string | undefined;
  constructor(options: GatewayErrorOptions & { modelId?: string } = {}) {
    super(options);
    this.modelId = options.modelId;
  }
}

/** 404: the resource (e.g. a generation id) does not exist. */
export class GatewayNotFoundError extends GatewayError {
  static override readonly errorName = 'GatewayNotFoundError';
  static override readonly defaultStatusCode = 404;
  static override readonly defaultType = 'not_found';
  static override readonly defaultMessage = 'The AI Gateway found no such resource.';
}

/** 408: the request timed out before the gateway answered. */
export class GatewayTimeoutError extends GatewayError {
  static override readonly errorName = 'GatewayTimeoutError';
  static override readonly defaultStatusCode = 408;
  static override readonly defaultType = 'timeout_error';
  static override readonly defaultMessage = 'The AI Gateway request timed out.';
}

/** 424: every upstream provider the gateway tried failed. */
export class GatewayFailedDependencyError extends GatewayError {
  static override readonly errorName = 'GatewayFailedDependencyError';
  static override readonly defaultStatusCode = 424;
  static override readonly defaultType = 'failed_dependency';
  static override readonly defaultMessage = 'An upstream provider behind the AI Gateway failed.';
}

/** 429: a rate limit was hit; `responseHeaders['retry-after']` says when to retry. */
export class GatewayRateLimitError extends GatewayError {
  static override readonly errorName = 'GatewayRateLimitError';
  static override readonly defaultStatusCode = 429;
  static override readonly defaultType = 'rate_limit_exceeded';
  static override readonly defaultMessage = 'The AI Gateway rate limit was exceeded.';
}

/** 5xx, or an error type this client does not know. */
export class GatewayInternalServerError extends GatewayError {
  static override readonly errorName = 'GatewayInternalServerError';
  static override readonly defaultStatusCode = 500;
  static override readonly defaultType = 'internal_server_error';
  static override readonly defaultMessage = 'The AI Gateway had an internal error.';
}

/** The gateway's answer was not in the shape the protocol promises (HTML, empty, cut short). */
export class GatewayResponseError extends GatewayError {
  static override readonly errorName = 'GatewayResponseError';
  static override readonly defaultType = 'response_error';
  static override readonly defaultMessage = 'The AI Gateway sent a response modelgate could not read.';
}
