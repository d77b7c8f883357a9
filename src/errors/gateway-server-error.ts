const MARKER = Symbol.for('modelgate.server.error');

export interface GatewayServerErrorOptions {
  status: number;
  /** The protocol's `error.type`, e.g. `model_not_found`. */
  type: string;
  message: string;
  param?: Record<string, unknown> | string;
  code?: string;
  /** Seconds, sent as `retry-after`. */
  retryAfter?: number;
  /** Extra top-level fields of the error body (e.g. the routing attempts). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * A failure the gateway server answers with the protocol's error body
 * (`{ error: { message, type, param?, code? }, generationId? }`) and status.
 * Its message is sent to the client, so it must never hold a secret.
 */
export class GatewayServerError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: Record<string, unknown> | string | undefined;
  readonly code: string | undefined;
  readonly retryAfter: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(options: GatewayServerErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'GatewayServerError';
    this.status = options.status;
    this.type = options.type;
    this.param = options.param;
    this.code = options.code;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
    (this as unknown as Record<symbol, boolean>)[MARKER] = true;
  }

  static isInstance(error: unknown): error is GatewayServerError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
