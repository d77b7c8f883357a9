/**
 * What the edge tests run *inside* the edge runtime (workerd, or the edge VM):
 * the built ESM bundle (dist/index.js) with the real `ai` package, talking over
 * the runtime's own fetch to the fault server on 127.0.0.1. It returns a plain
 * JSON report; the Node-side tests assert on it.
 *
 * The fault server must be primed with `edgeFaults()` in order before this runs.
 */
import { APICallError, generateText, streamText } from 'ai';
import {
  createGateway,
  GatewayAuthenticationError,
  GatewayError,
  GatewayPaymentRequiredError,
  GatewayResponseError,
} from '../../dist/index.js';

export interface EdgeReport {
  globals: { Buffer: string; process: string; fetch: string; TextDecoderStream: string };
  generate: { text: string; finishReason: string };
  stream: { text: string; types: string[] };
  retried: { text: string };
  paymentRequired: {
    name: string;
    statusCode: number | undefined;
    isRetryable: boolean;
    isGatewayError: boolean;
    isPaymentRequired: boolean;
    isAPICallError: boolean;
    message: string;
  };
  cutStream: { text: string; errorName: string; isResponseError: boolean; message: string };
  abort: { name: string };
}

function describeError(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: String(error) };
}

export async function runScenario(baseURL: string): Promise<EdgeReport> {
  const gateway = createGateway({ baseURL, apiKey: 'edge-test-key' });
  const model = gateway('openai/gpt-edge');

  const generated = await generateText({ model, prompt: 'generate' });

  const streamed = streamText({ model, prompt: 'stream' });
  const types: string[] = [];
  for await (const part of streamed.fullStream) types.push(part.type);

  const retried = await generateText({ model, prompt: 'retry', maxRetries: 1 });

  let payment: unknown;
  try {
    await generateText({ model, prompt: 'payment', maxRetries: 0 });
  } catch (error) {
    payment = error;
  }
  const paymentError = payment as GatewayError;

  const cut = streamText({ model, prompt: 'cut', maxRetries: 0, onError: () => {} });
  let cutError: unknown;
  let cutText = '';
  for await (const part of cut.fullStream) {
    if (part.type === 'error') cutError = part.error;
    if (part.type === 'text-delta') cutText += part.text;
  }

  let abortError: unknown;
  try {
    await generateText({ model, prompt: 'slow', abortSignal: AbortSignal.timeout(200), maxRetries: 0 });
  } catch (error) {
    abortError = error;
  }

  return {
    globals: {
      Buffer: typeof (globalThis as Record<string, unknown>).Buffer,
      process: typeof (globalThis as Record<string, unknown>).process,
      fetch: typeof fetch,
      TextDecoderStream: typeof TextDecoderStream,
    },
    generate: { text: generated.text, finishReason: generated.finishReason },
    stream: { text: await streamed.text, types },
    retried: { text: retried.text },
    paymentRequired: {
      name: describeError(payment).name,
      statusCode: paymentError?.statusCode,
      isRetryable: paymentError?.isRetryable,
      isGatewayError: GatewayError.isInstance(payment),
      isPaymentRequired: GatewayPaymentRequiredError.isInstance(payment),
      isAPICallError: APICallError.isInstance(payment),
      message: describeError(payment).message,
    },
    cutStream: {
      text: cutText,
      errorName: describeError(cutError).name,
      isResponseError: GatewayResponseError.isInstance(cutError),
      message: describeError(cutError).message,
    },
    abort: { name: describeError(abortError).name },
  };
}

/** How an authentication failure reaches a caller of `ai`, as plain JSON. */
export interface AuthOutcome {
  name: string;
  message: string;
  statusCode: number | undefined;
  isAuthenticationError: boolean;
  isAPICallError: boolean;
}

export interface AuthReport {
  /** generateText against a gateway that answers 401. */
  rejectedKey: AuthOutcome;
  /** streamText against a gateway that answers 401: the error part and what `onError` got. */
  rejectedKeyStream: { part: AuthOutcome; onError: AuthOutcome };
  /** generateText with no apiKey (and no environment to read one from). */
  noCredentials: AuthOutcome;
}

function describeAuthError(error: unknown): AuthOutcome {
  return {
    ...describeError(error),
    statusCode: APICallError.isInstance(error) ? error.statusCode : undefined,
    isAuthenticationError: GatewayAuthenticationError.isInstance(error),
    isAPICallError: APICallError.isInstance(error),
  };
}

async function generateError(run: () => PromiseLike<unknown>): Promise<AuthOutcome> {
  try {
    await run();
    return { name: 'none', message: 'no error', statusCode: undefined, isAuthenticationError: false, isAPICallError: false };
  } catch (error) {
    return describeAuthError(error);
  }
}

/** Run against a fault server primed with two 401 answers. */
export async function runAuthScenario(baseURL: string): Promise<AuthReport> {
  const rejected = createGateway({ baseURL, apiKey: 'wrong-key' })('openai/gpt-edge');
  const rejectedKey = await generateError(() => generateText({ model: rejected, prompt: 'auth', maxRetries: 0 }));

  let onErrorGot: unknown;
  let partGot: unknown;
  const streamed = streamText({ model: rejected, prompt: 'auth', maxRetries: 0, onError: ({ error }) => void (onErrorGot = error) });
  for await (const part of streamed.fullStream) if (part.type === 'error') partGot = part.error;

  const noKey = createGateway({ baseURL })('openai/gpt-edge');
  const noCredentials = await generateError(() => generateText({ model: noKey, prompt: 'auth', maxRetries: 0 }));

  return {
    rejectedKey,
    rejectedKeyStream: { part: describeAuthError(partGot), onError: describeAuthError(onErrorGot) },
    noCredentials,
  };
}
