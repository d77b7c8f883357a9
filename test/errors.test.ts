import { APICallError } from '@ai-sdk/provider';
import { generateText as generateText5 } from 'ai';
import { generateText as generateText7 } from 'ai-v7';
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
import { createGateway as createV4 } from '../src/v4';
import { majors, ORIGIN } from './support/majors';
import { BASE, json, mockGateway, failure } from './support/mock-gateway';

const V4_BASE = `${ORIGIN}/v4/ai`;

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
    // The gateway marker, so `ai` treats it as a gateway error; not @ai-sdk/gateway's
    // authentication marker, which would make `ai` replace it with an untyped Error.
    expect(Symbol.for('vercel.ai.gateway.error') in error).toBe(true);
    expect(Symbol.for('vercel.ai.gateway.error.GatewayAuthenticationError') in error).toBe(false);
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

describe.each(majors())('same error messages as the public client: $label', ({ version, base, ours, theirs }) => {
  const suffixed = version !== 'v2';
  const call = { prompt };
  async function bothFail(response: () => Response) {
    gateway.on('get', `${base}/config`, () => json({ models: [] }));
    gateway.on('post', `${base}/language-model`, response);
    const mine = await failure(ours('openai/gpt-5.4').doGenerate(call));
    const public_ = await failure(theirs('openai/gpt-5.4').doGenerate(call));
    return { mine, public_ };
  }

  it.each([
    ['invalid_request_error', 400],
    ['rate_limit_exceeded', 429],
    ['model_not_found', 404],
    ['not_found', 404],
    ['forbidden', 403],
    ['failed_dependency', 424],
    ['internal_server_error', 500],
    ['some_new_type', 503],
  ] as const)('%s (%i)', async (type, status) => {
    const { mine, public_ } = await bothFail(() => json(errorBody(type, `The ${type} message`), { status }));
    expect(mine.message).toBe(public_.message);
    expect(mine.message).toBe(suffixed ? `The ${type} message [gen_err]` : `The ${type} message`);
    expect(mine.generationId).toBe('gen_err');
    expect(mine.statusCode).toBe(public_.statusCode);
  });

  it('a generation id outside a gateway-shaped body still ends the message on v3/v4', async () => {
    const { mine, public_ } = await bothFail(() => json({ error: 'flat error', generationId: 'gen_flat' }, { status: 500 }));
    expect(GatewayResponseError.isInstance(mine)).toBe(true);
    expect(mine.generationId).toBe('gen_flat');
    expect(mine.message.endsWith(' [gen_flat]')).toBe(suffixed);
    expect(public_.message.endsWith(' [gen_flat]')).toBe(suffixed);
    // Differs on purpose: modelgate quotes the body instead of "Invalid error response format".
    expect(mine.message).toContain('flat error');
  });

  it('differs on purpose for 401 and 402: clearer messages and a 402 class, same generation id suffix', async () => {
    const auth = await bothFail(() => json(errorBody('authentication_error', 'Invalid API key'), { status: 401 }));
    expect(auth.mine.message).toContain('Invalid API key');
    expect(auth.mine.message).not.toBe(auth.public_.message);
    expect(auth.mine.message.endsWith(' [gen_err]')).toBe(suffixed);
    expect(auth.public_.message.endsWith(' [gen_err]')).toBe(suffixed);

    const payment = await bothFail(() => json(errorBody('insufficient_funds', 'Insufficient funds'), { status: 402 }));
    expect(GatewayPaymentRequiredError.isInstance(payment.mine)).toBe(true);
    expect(GatewayInternalServerError.isInstance(payment.public_)).toBe(true);
    expect(payment.mine.message).toMatch(/^Insufficient funds \(HTTP 402: add credits/);
    expect(payment.mine.message.endsWith(' [gen_err]')).toBe(suffixed);
    expect(payment.public_.message.endsWith(' [gen_err]')).toBe(suffixed);
  });

  it('"did you mean" goes before the generation id, which stays last', async () => {
    gateway.on('get', `${base}/config`, () =>
      json({
        models: [
          {
            id: 'anthropic/claude-sonnet-4.6',
            name: 'Claude Sonnet 4.6',
            specification: { specificationVersion: version, provider: 'anthropic', modelId: 'claude-sonnet-4.6' },
            modelType: 'language',
          },
        ],
      }),
    );
    gateway.on('post', `${base}/language-model`, () =>
      json(errorBody('model_not_found', 'Model not found', { param: { modelId: 'anthropic/claude-sonnet-4-6' } }), { status: 404 }),
    );
    // A provider of its own: the shared one has the empty catalog of the tests above cached.
    const fresh = majors().find((major) => major.version === version)!.ours;
    const error = await failure(fresh('anthropic/claude-sonnet-4-6').doGenerate(call));
    expect(error.message).toBe(
      `Model not found Did you mean \`anthropic/claude-sonnet-4.6\`?${suffixed ? ' [gen_err]' : ''}`,
    );
  });
});

describe('the generation id suffix reaches generateText callers', () => {
  it.each([
    ['ai 5 × v2', () => generateText5({ model: createGateway({ baseURL: BASE, apiKey: 'k' })('openai/gpt-5.4'), prompt: 'Hi' }), ''],
    [
      'ai 7 × v4',
      () => generateText7({ model: createV4({ baseURL: V4_BASE, apiKey: 'k' })('openai/gpt-5.4'), prompt: 'Hi' }),
      ' [gen_err]',
    ],
  ] as const)('%s', async (_label, run, suffix) => {
    for (const base of [BASE, V4_BASE]) {
      gateway.on('post', `${base}/language-model`, () => json(errorBody('invalid_request_error', 'Bad input'), { status: 400 }));
    }
    const error = await failure(run());
    expect(GatewayInvalidRequestError.isInstance(error)).toBe(true);
    expect(error.message).toBe(`Bad input${suffix}`);
  });
});
