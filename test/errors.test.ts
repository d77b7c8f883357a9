import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  createGateway,
  GatewayAuthenticationError,
  GatewayError,
  GatewayFailedDependencyError,
  GatewayForbiddenError,
  GatewayInternalServerError,
  GatewayInvalidRequestError,
  GatewayModelNotFoundError,
  GatewayNotFoundError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
  GatewayTimeoutError,
} from '../src';
import { BASE, json, mockGateway, failure } from './support/mock-gateway';

const gateway = mockGateway();
const model = createGateway({ baseURL: BASE, apiKey: 'test-key' })('openai/gpt-5.4');
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

async function failWith(response: () => Response) {
  gateway.on('post', `${BASE}/language-model`, response);
  return model.doGenerate({ prompt }).then(
    () => expect.fail('expected the call to fail'),
    (error) => error,
  );
}

const errorBody = (type: string, message = `${type} happened`, extra: object = {}) => ({
  error: { message, type, ...extra },
  generationId: 'gen_err',
});

describe('error mapping', () => {
  it.each([
    ['invalid_request_error', 400, GatewayInvalidRequestError, false],
    ['rate_limit_exceeded', 429, GatewayRateLimitError, true],
    ['not_found', 404, GatewayNotFoundError, false],
    ['failed_dependency', 424, GatewayFailedDependencyError, false],
    ['internal_server_error', 500, GatewayInternalServerError, true],
    ['some_new_type', 503, GatewayInternalServerError, true],
  ] as const)('%s (%i) becomes %s', async (type, status, ErrorClass, retryable) => {
    const error = await failWith(() => json(errorBody(type), { status }));
    expect(ErrorClass.isInstance(error)).toBe(true);
    expect(GatewayError.isInstance(error)).toBe(true);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: ErrorClass.errorName,
      statusCode: status,
      type,
      generationId: 'gen_err',
      isRetryable: retryable,
      url: `${BASE}/language-model`,
    });
    expect(error.message).toContain(`${type} happened`);
    expect(Reflect.get(error, Symbol.for('vercel.ai.gateway.error'))).toBe(true);
  });

  it('isInstance tells the classes apart', async () => {
    const error = await failWith(() => json(errorBody('rate_limit_exceeded'), { status: 429 }));
    expect(GatewayRateLimitError.isInstance(error)).toBe(true);
    expect(GatewayInternalServerError.isInstance(error)).toBe(false);
    expect(GatewayAuthenticationError.isInstance(error)).toBe(false);
    expect(GatewayRateLimitError.isInstance(new Error('plain'))).toBe(false);
  });

  it('402 becomes a non-retryable payment-required error that says what to do', async () => {
    const error = await failWith(() =>
      json(errorBody('insufficient_funds', 'Insufficient funds'), { status: 402 }),
    );
    expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(402);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(/Insufficient funds.*credits/);
  });

  it('429 keeps retry-after in responseHeaders, as the gateway docs snippet reads it', async () => {
    const error = await failWith(() =>
      json(errorBody('rate_limit_exceeded'), { status: 429, headers: { 'retry-after': '7' } }),
    );
    // The snippet from the gateway docs, verbatim:
    let retryAfter: string | undefined;
    if (APICallError.isInstance(error) && error.statusCode === 429) {
      retryAfter = error.responseHeaders?.['retry-after'];
    }
    expect(retryAfter).toBe('7');
  });

  it('authentication errors explain how to fix the credential that was used', async () => {
    const error = await failWith(() => json(errorBody('authentication_error', 'Invalid API key'), { status: 401 }));
    expect(GatewayAuthenticationError.isInstance(error)).toBe(true);
    expect(Reflect.get(error, Symbol.for('vercel.ai.gateway.error.GatewayAuthenticationError'))).toBe(true);
    expect(error.message).toContain('Invalid API key');
    expect(error.message).toContain('AI_GATEWAY_API_KEY');
    expect(error.isRetryable).toBe(false);
  });

  it('model_not_found carries the model id; forbidden carries the rule id', async () => {
    gateway.on('get', `${BASE}/config`, () => json({ models: [] }));
    const notFound = await failWith(() =>
      json(errorBody('model_not_found', 'Model not found', { param: { modelId: 'openai/gpt-9' } }), { status: 404 }),
    );
    expect(GatewayModelNotFoundError.isInstance(notFound)).toBe(true);
    expect(notFound.modelId).toBe('openai/gpt-9');
    const forbidden = await failWith(() =>
      json(errorBody('forbidden', 'Budget rule', { param: { ruleId: 'rule_1' } }), { status: 403 }),
    );
    expect(GatewayForbiddenError.isInstance(forbidden)).toBe(true);
    expect(forbidden.ruleId).toBe('rule_1');
  });

  it('a non-JSON 502 becomes a retryable response error quoting the body', async () => {
    const error = await failWith(
      () => new Response('<html><body>Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(502);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('HTTP 502');
    expect(error.message).toContain('Bad Gateway');
  });

  it('an empty error body is reported as such', async () => {
    const error = await failWith(() => new Response(null, { status: 500 }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toContain('empty body');
  });

  it('reads a huge error body only up to a bound', async () => {
    const huge = JSON.stringify({ error: { message: 'x'.repeat(5_000_000), type: 'internal_server_error' } });
    const error = await failWith(() => new Response(huge, { status: 500 }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.responseBody.length).toBeLessThanOrEqual(64 * 1024);
    expect(error.message.length).toBeLessThan(1000);
  });

  it('a network failure becomes a retryable response error with the cause kept', async () => {
    const failing = createGateway({
      baseURL: BASE,
      apiKey: 'k',
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      },
    });
    const error: any = await failure(failing('a/b').doGenerate({ prompt }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('undici timeouts become 408 timeout errors', async () => {
    const failing = createGateway({
      baseURL: BASE,
      apiKey: 'k',
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('Headers Timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' }) });
      },
    });
    const error: any = await failure(failing('a/b').doGenerate({ prompt }));
    expect(GatewayTimeoutError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(408);
    expect(error.isRetryable).toBe(true);
  });

  it('abort errors pass through untouched', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const failing = createGateway({ baseURL: BASE, apiKey: 'k', fetch: async () => Promise.reject(abort) });
    await expect(failing('a/b').doGenerate({ prompt })).rejects.toBe(abort);
  });

  it('error classes can be constructed directly with sensible defaults', () => {
    const error = new GatewayRateLimitError({ message: 'slow down' });
    expect(error.statusCode).toBe(429);
    expect(error.type).toBe('rate_limit_exceeded');
    expect(error.isRetryable).toBe(true);
    expect(new GatewayPaymentRequiredError().isRetryable).toBe(false);
  });
});
