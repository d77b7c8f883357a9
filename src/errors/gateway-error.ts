import { APICallError } from '@ai-sdk/provider';

// `ai` recognises gateway errors by these global symbols, not by class identity.
const GATEWAY_MARKER = 'vercel.ai.gateway.error';

export interface GatewayErrorOptions {
  message?: string;
  statusCode?: number;
  /** The gateway's `error.type`, e.g. `rate_limit_exceeded`. */
  type?: string;
  generationId?: string;
  cause?: unknown;
  url?: string;
  requestBodyValues?: unknown;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
}

export function hasMarker(error: unknown, marker: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[Symbol.for(marker)] === true
  );
}

/**
 * Base class of every error modelgate raises for a gateway call. It is an
 * `APICallError`, so `APICallError.isInstance(error)` holds and `ai` retries it
 * when `isRetryable` is true, honouring `retry-after` in `responseHeaders`.
 */
export class GatewayError extends APICallError {
  static readonly errorName: string = 'GatewayError';
  static readonly defaultStatusCode: number | undefined = undefined;
  static readonly defaultType: string | undefined = undefined;
  static readonly defaultMessage: string = 'The AI Gateway request failed.';

  /**
   * Name of the global symbol that marks instances of this class. The gateway's own
   * names (`vercel.ai.gateway.error.<Name>`), so `@ai-sdk/gateway`'s `isInstance` and
   * `ai` recognise modelgate's errors, except where a class overrides it.
   */
  static get marker(): string {
    return this.errorName === 'GatewayError' ? GATEWAY_MARKER : `${GATEWAY_MARKER}.${this.errorName}`;
  }

  /** The gateway's error type (`authentication_error`, `rate_limit_exceeded`, …). */
  readonly type: string | undefined;
  /** Id of the generation the gateway logged for this call, when it reported one. */
  readonly generationId: string | undefined;

  constructor(options: GatewayErrorOptions = {}) {
    const kind = new.target as typeof GatewayError;
    const statusCode = options.statusCode ?? kind.defaultStatusCode;
    super({
      message: options.message ?? kind.defaultMessage,
      url: options.url ?? '',
      requestBodyValues: options.requestBodyValues,
      statusCode,
      responseHeaders: options.responseHeaders,
      responseBody: options.responseBody,
      cause: options.cause,
      isRetryable: options.isRetryable,
    });
    this.name = kind.errorName;
    this.type = options.type ?? kind.defaultType;
    this.generationId = options.generationId;
    const self = this as unknown as Record<symbol, boolean>;
    self[Symbol.for(GATEWAY_MARKER)] = true;
    self[Symbol.for(kind.marker)] = true;
  }

  /** Marker check that works across bundles and package copies, unlike `instanceof`. */
  static override isInstance<T extends typeof GatewayError>(
    this: T,
    error: unknown,
  ): error is InstanceType<T> {
    // `this` is undefined when the method is passed around unbound: check the base marker.
    return hasMarker(error, this?.marker ?? GATEWAY_MARKER);
  }
}
