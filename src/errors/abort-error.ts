import { isAbortError } from './create-gateway-error';

/**
 * The error a call ends with once its `abortSignal` is aborted: the signal's reason when
 * that already is an abort (`AbortError`, `TimeoutError`), else an `AbortError` carrying
 * the reason as `cause`. `abort(reason)` with a string or a plain Error thus still reads
 * as an abort to `ai` and to callers that check `error.name`, never as a gateway failure.
 */
export function abortErrorFrom(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (isAbortError(reason)) return reason;
  const error = new Error('The operation was aborted.', { cause: reason });
  error.name = 'AbortError';
  return error;
}
