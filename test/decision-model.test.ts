/**
 * Decision models (V4 only) through ai 7's `experimental_decide`, against a mock gateway,
 * beside @ai-sdk/gateway 4 making the same calls: the same wire and the same results.
 */
import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import {
  APICallError,
  Experimental_DecisionUnsupportedQuestionTypeError as DecisionUnsupportedQuestionTypeError,
  experimental_decide as decide,
  experimental_evaluate as evaluate,
  type Experimental_DecisionModel as DecisionModel,
} from 'ai-v7';
import { createGateway as createPublicGateway } from 'gateway-v4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGateway,
  GatewayModelNotFoundError,
  GatewayPaymentRequiredError,
  GatewayRateLimitError,
  GatewayResponseError,
  registerGateway,
  type GatewayProviderOptions,
  type GatewayUsageRecord,
} from '../src/v4';
import { failure, json, mockGateway, wireOf } from './support/mock-gateway';

const BASE = 'https://gateway.test/v4/ai';
const gateway = mockGateway();
const modelgate = createGateway({ baseURL: BASE, apiKey: 'test-key' });
const publicClient = createPublicGateway({ baseURL: BASE, apiKey: 'test-key' });

beforeEach(() => {
  globalThis.AI_SDK_LOG_WARNINGS = false;
});
afterEach(() => {
  delete globalThis.AI_SDK_DEFAULT_PROVIDER;
  delete globalThis.AI_SDK_LOG_WARNINGS;
});


const questions = {
  sentiment: { type: 'choice', instructions: 'Overall sentiment', criteria: { positive: 'Happy', negative: null } },
  quality: { type: 'score', criteria: ['poor', 'fine', { level: 'great' }] },
  spam: { type: 'boolean', criteria: { true: 'Unsolicited advertising' } },
} as const;

const answers = {
  sentiment: { type: 'choice', choice: 'positive', probabilities: { positive: 0.9, negative: 0.1 } },
  quality: { type: 'score', score: 1.5, probabilities: { '0': 0, '1': 0.5, '2': 0.5 } },
  spam: { type: 'boolean', probability: 0.02 },
};

const decisionBody = {
  answers,
  model: 'liquid/d1-ultra',
  rounding: { probabilityDecimals: 2 },
  usage: { inputTokens: 42, outputTokens: 3 },
  warnings: [{ type: 'unsupported', feature: 'reasoning', details: 'ignored' }],
  providerMetadata: { gateway: { cost: '0.0004', routing: { modelAttempts: [{ model: 'liquid/d1' }] } } },
};

type Provider = { decisionModel(id: string): DecisionModel };

const bothClients = <T>(run: (provider: Provider) => Promise<T>) => gateway.both(() => run(modelgate), () => run(publicClient));

/** What a decide result holds, without the timestamp each call takes when it returns. */
const comparable = ({ response: { timestamp, ...response }, ...result }: Awaited<ReturnType<typeof decide>>) => ({
  ...result,
  response,
  timestampIsDate: timestamp instanceof Date,
});

describe('experimental_decide: same wire and result as @ai-sdk/gateway 4', () => {
  it('text state, every question type, options, headers and a conditional fallback', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json(decisionBody, { headers: { 'x-request-id': 'r1' } }));
    const providerOptions = {
      gateway: {
        models: [{ model: 'liquid/d1-ultra', when: { any: [{ question: 'sentiment', confidenceBelow: 0.8 }, { probabilityBetween: [0.3, 0.7] }] } }, 'google/gemini-decision-1'],
        user: 'u-1',
        tags: ['feature:triage'],
      } satisfies GatewayProviderOptions<keyof typeof questions>,
    };
    const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) =>
      decide({
        model: provider.decisionModel('liquid/d1'),
        state: 'Great product, fast delivery! Buy now at example.com',
        questions,
        maxOutputTokens: 50,
        reasoning: 'low',
        headers: { 'x-trace': 'abc' },
        providerOptions,
      }),
    );
    expect(oursWire).toEqual(theirsWire);
    expect(oursWire[0]).toMatchObject({
      url: `${BASE}/decision-model`,
      headers: { 'ai-decision-model-specification-version': '4', 'ai-model-id': 'liquid/d1', 'x-trace': 'abc' },
      body: { stateParts: [{ type: 'text', text: 'Great product, fast delivery! Buy now at example.com' }], questions, maxOutputTokens: 50, reasoning: 'low', providerOptions },
    });
    expect(comparable(ours)).toEqual(comparable(theirs));
    // The fallback that answered names the response, as the gateway reported it.
    expect(ours.response.modelId).toBe('liquid/d1-ultra');
    expect(ours.answers.sentiment).toEqual(answers.sentiment);
    expect(ours.usage).toEqual({ inputTokens: 42, outputTokens: 3, totalTokens: 45 });
  });

  it('JSON state and file state: bytes go as base64 in `stateParts`', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ answers: { spam: answers.spam } }));
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
    for (const state of [
      { subject: 'Hello', links: 3 },
      [
        { type: 'text' as const, text: 'Is this image spam?' },
        { type: 'file' as const, data: png, mediaType: 'image/png', filename: 'a.png' },
        { type: 'json' as const, value: { sender: 'x@example.com' } },
      ],
    ]) {
      const { ours, theirs, oursWire, theirsWire } = await bothClients((provider) =>
        decide({ model: provider.decisionModel('google/gemini-decision-1'), state, questions: { spam: questions.spam } }),
      );
      expect(oursWire).toEqual(theirsWire);
      expect(comparable(ours)).toEqual(comparable(theirs));
    }
    const fileBody = (await bothClients((provider) =>
      decide({
        model: provider.decisionModel('google/gemini-decision-1'),
        state: [{ type: 'file', data: png, mediaType: 'image/png' }],
        questions: { spam: questions.spam },
      }),
    )).oursWire[0]!.body;
    expect(fileBody.stateParts).toEqual([{ type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw0KGgo=' } }]);
  });

  it('the deprecated evaluation aliases and experimental_evaluate', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ answers: { spam: answers.spam } }));
    const call = (model: DecisionModel) => evaluate({ model, state: 'Buy now!', questions: { spam: questions.spam } });
    const viaEvaluation = await bothClients((provider) => call((provider as typeof modelgate).evaluationModel('liquid/d1')));
    const viaEvaluationShort = await bothClients((provider) => call((provider as typeof modelgate).evaluation('liquid/d1')));
    expect(viaEvaluation.oursWire).toEqual(viaEvaluation.theirsWire);
    expect(viaEvaluationShort.oursWire).toEqual(viaEvaluation.oursWire);
    expect(viaEvaluation.ours.answers).toEqual({ spam: answers.spam });

    const model = modelgate.evaluationModel('liquid/d1');
    const direct = await model.doEvaluate({ state: [{ type: 'text', text: 'Buy now!' }], questions: { spam: questions.spam } });
    expect(direct.answers).toEqual({ spam: answers.spam });
    expect(modelgate.decision('liquid/d1')).toMatchObject({ provider: 'gateway', specificationVersion: 'v4', modelId: 'liquid/d1' });
  });

  it('a plain model id string resolves through the registered provider', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ answers: { spam: answers.spam } }));
    registerGateway(modelgate);
    const result = await decide({ model: 'liquid/d1', state: 'hi', questions: { spam: questions.spam } });
    expect(result.answers.spam).toEqual(answers.spam);
    expect(gateway.requests[0]!.headers['ai-model-id']).toBe('liquid/d1');
  });

  it('box questions are refused before anything is sent, as the reference does', async () => {
    const error = await failure(
      decide({ model: modelgate.decisionModel('liquid/d1'), state: 'x', questions: { where: { type: 'box' } } }),
    );
    expect(DecisionUnsupportedQuestionTypeError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(0);
  });

  it('file state by URL is refused with an error saying to pass the bytes', async () => {
    const error = await failure(
      modelgate.decisionModel('liquid/d1').doDecide({
        state: [{ type: 'file', mediaType: 'image/png', data: { type: 'url', url: new URL('https://example.com/a.png') } }],
        questions: { spam: questions.spam },
      }),
    );
    expect(UnsupportedFunctionalityError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/inline data, not url data/);
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('conditional fallbacks in providerOptions.gateway.models', () => {
  const send = (gatewayOptions: unknown) =>
    modelgate.decisionModel('liquid/d1').doDecide({
      state: [{ type: 'text', text: 'x' }],
      questions: { q: questions.spam },
      providerOptions: { gateway: gatewayOptions as GatewayProviderOptions },
    });
  const sendPublic = (gatewayOptions: unknown) =>
    publicClient.decisionModel('liquid/d1').doDecide({
      state: [{ type: 'text', text: 'x' }],
      questions: { q: questions.spam },
      providerOptions: { gateway: gatewayOptions as GatewayProviderOptions },
    });

  const nested = (depth: number): unknown =>
    depth === 1 ? { confidenceBelow: 0.5 } : { all: [nested(depth - 1)] };

  it.each([
    ['strings only', { models: ['a/b', 'c/d'] }],
    ['a conditional first entry', { models: [{ model: 'a/b', when: { confidenceBelow: 0.7 } }, 'c/d'] }],
    ['probabilityBetween with a question', { models: [{ model: 'a/b', when: { question: 'q', probabilityBetween: [0.2, 0.2] } }] }],
    ['atLeast', { models: [{ model: 'a/b', when: { atLeast: { count: 2, conditions: [{ confidenceBelow: 0.5 }, { confidenceBelow: 0.6 }] } } }] }],
    ['groups five levels deep', { models: [{ model: 'a/b', when: nested(5) }] }],
    ['20 conditions in a list', { models: [{ model: 'a/b', when: { any: Array.from({ length: 20 }, () => ({ confidenceBelow: 1 })) } }] }],
    ['a 256-character question id', { models: [{ model: 'a/b', when: { question: 'q'.repeat(256), confidenceBelow: 0 } }] }],
  ])('accepts %s, and sends it as the reference does', async (_name, gatewayOptions) => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ answers: { q: answers.spam } }));
    await send(gatewayOptions);
    await sendPublic(gatewayOptions);
    const [ours, theirs] = gateway.requests.map(wireOf);
    expect(ours).toEqual(theirs);
    expect(ours!.body.providerOptions).toEqual({ gateway: gatewayOptions });
  });

  it.each([
    ['models not an array', { models: 'a/b' }, 'providerOptions.gateway.models', 'must be an array of model ids'],
    ['a conditional entry after the first', { models: ['a/b', { model: 'c/d', when: { confidenceBelow: 0.5 } }] }, 'providerOptions.gateway.models.1', 'only the first entry may be a conditional fallback'],
    ['two conditional entries', { models: [{ model: 'a/b', when: { confidenceBelow: 0.5 } }, { model: 'c/d', when: { confidenceBelow: 0.5 } }] }, 'providerOptions.gateway.models.1', 'only the first entry'],
    ['no model', { models: [{ when: { confidenceBelow: 0.5 } }] }, 'providerOptions.gateway.models.0.model', 'must be the fallback model id'],
    ['an unknown key', { models: [{ model: 'a/b', when: { confidenceBelow: 0.5 }, priority: 1 }] }, 'providerOptions.gateway.models.0.priority', 'has only model and when'],
    ['no condition', { models: [{ model: 'a/b' }] }, 'providerOptions.gateway.models.0.when', 'must be a condition object'],
    ['an empty condition', { models: [{ model: 'a/b', when: {} }] }, 'providerOptions.gateway.models.0.when', 'must have one of confidenceBelow, probabilityBetween, any, all, atLeast'],
    ['two shapes in one condition', { models: [{ model: 'a/b', when: { confidenceBelow: 0.5, any: [{ confidenceBelow: 1 }] } }] }, 'providerOptions.gateway.models.0.when', 'has confidenceBelow and any'],
    ['confidenceBelow over 1', { models: [{ model: 'a/b', when: { confidenceBelow: 1.5 } }] }, 'providerOptions.gateway.models.0.when.confidenceBelow', 'must be a number from 0 to 1'],
    ['probabilityBetween reversed', { models: [{ model: 'a/b', when: { probabilityBetween: [0.8, 0.2] } }] }, 'providerOptions.gateway.models.0.when.probabilityBetween', 'the smaller first'],
    ['probabilityBetween of three', { models: [{ model: 'a/b', when: { probabilityBetween: [0.1, 0.2, 0.3] } }] }, 'providerOptions.gateway.models.0.when.probabilityBetween', 'must be [minimum, maximum]'],
    ['an empty question id', { models: [{ model: 'a/b', when: { question: '', confidenceBelow: 0.5 } }] }, 'providerOptions.gateway.models.0.when.question', '1 to 256 characters'],
    ['a 257-character question id', { models: [{ model: 'a/b', when: { question: 'q'.repeat(257), confidenceBelow: 0.5 } }] }, 'providerOptions.gateway.models.0.when.question', '1 to 256 characters'],
    ['a question on a group', { models: [{ model: 'a/b', when: { question: 'q', any: [{ confidenceBelow: 0.5 }] } }] }, 'providerOptions.gateway.models.0.when.question', 'has only any'],
    ['an empty group', { models: [{ model: 'a/b', when: { all: [] } }] }, 'providerOptions.gateway.models.0.when.all', '1 to 20 conditions'],
    ['21 conditions in a list', { models: [{ model: 'a/b', when: { any: Array.from({ length: 21 }, () => ({ confidenceBelow: 1 })) } }] }, 'providerOptions.gateway.models.0.when.any', '1 to 20 conditions'],
    ['groups six levels deep', { models: [{ model: 'a/b', when: nested(6) }] }, 'providerOptions.gateway.models.0.when.all.0.all.0.all.0.all.0', 'more than 5 levels deep'],
    ['atLeast count above the conditions', { models: [{ model: 'a/b', when: { atLeast: { count: 3, conditions: [{ confidenceBelow: 0.5 }] } } }] }, 'providerOptions.gateway.models.0.when.atLeast.count', 'from 1 to the number of conditions'],
    ['atLeast count 0', { models: [{ model: 'a/b', when: { atLeast: { count: 0, conditions: [{ confidenceBelow: 0.5 }] } } }] }, 'providerOptions.gateway.models.0.when.atLeast.count', 'whole number'],
    ['a bad nested condition', { models: [{ model: 'a/b', when: { any: [{ confidenceBelow: 0.5 }, { all: [{ probabilityBetween: 'half' }] }] } }] }, 'providerOptions.gateway.models.0.when.any.1.all.0.probabilityBetween', 'must be [minimum, maximum]'],
  ])('rejects %s before sending, naming the path, as the reference rejects it', async (_name, gatewayOptions, path, message) => {
    const error = await failure(send(gatewayOptions));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe(path);
    expect(error.message).toContain(`Invalid ${path}: `);
    expect(error.message).toContain(message);
    expect(error.message).toContain('Example: { models: [{ model:');
    // The reference refuses the same options (with a less specific message).
    expect(InvalidArgumentError.isInstance(await failure(sendPublic(gatewayOptions)))).toBe(true);
    expect(gateway.requests).toHaveLength(0);
  });

  it('checks the other gateway options as for every call', async () => {
    const error = await failure(send({ models: ['a/b'], order: 'anthropic' }));
    expect(error.argument).toBe('providerOptions.gateway.order');
  });

  it('language models refuse a conditional entry (only decision calls take one)', async () => {
    const error = await failure(
      modelgate('openai/gpt-5.4').doGenerate({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        providerOptions: { gateway: { models: [{ model: 'a/b', when: { confidenceBelow: 0.5 } }] } },
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('providerOptions.gateway.models.0');
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('decision errors, aborts and secrets', () => {
  const model = modelgate.decisionModel('liquid/d1');
  const call = (options: Partial<Parameters<typeof decide>[0]> = {}) =>
    decide({ model, state: 'x', questions: { spam: questions.spam }, ...options });

  it('429 with retry-after is a rate-limit error that ai retries', async () => {
    gateway.on(
      'post',
      `${BASE}/decision-model`,
      () => json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' } }, { status: 429, headers: { 'retry-after': '0' } }),
      () => json({ answers: { spam: answers.spam } }),
    );
    const result = await call();
    expect(result.answers.spam).toEqual(answers.spam);
    expect(gateway.requests).toHaveLength(2);
  });

  it('429 surfaces as GatewayRateLimitError with its retry-after header', async () => {
    gateway.on('post', `${BASE}/decision-model`, () =>
      json({ error: { message: 'Slow down', type: 'rate_limit_exceeded' }, generationId: 'gen_1' }, { status: 429, headers: { 'retry-after': '7' } }),
    );
    const error = await failure(model.doDecide({ state: [{ type: 'text', text: 'x' }], questions: { spam: questions.spam } }));
    expect(GatewayRateLimitError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.responseHeaders['retry-after']).toBe('7');
    expect(error.message).toContain('[gen_1]');
  });

  it('402 is a payment error that is not retried', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ error: { message: 'Out of credits', type: 'payment_required' } }, { status: 402 }));
    const error = await failure(call());
    expect(GatewayPaymentRequiredError.isInstance(error)).toBe(true);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(gateway.requests).toHaveLength(1);
  });

  it('an unknown model is GatewayModelNotFoundError', async () => {
    gateway.on('post', `${BASE}/decision-model`, () =>
      json({ error: { message: 'No such model', type: 'model_not_found', param: { modelId: 'liquid/d2' } } }, { status: 404 }),
    );
    gateway.on('get', `${BASE}/config`, () => json({ models: [] }));
    const error = await failure(call({ model: modelgate.decisionModel('liquid/d2') }));
    expect(GatewayModelNotFoundError.isInstance(error)).toBe(true);
    expect(error.modelId).toBe('liquid/d2');
  });

  it('an answer without `answers` is a response error', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json({ result: 'yes' }));
    const error = await failure(model.doDecide({ state: [{ type: 'text', text: 'x' }], questions: { spam: questions.spam } }));
    expect(GatewayResponseError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/without an `answers` object/);
  });

  it('an abort stops the call with the abort error, not a gateway error', async () => {
    const controller = new AbortController();
    gateway.on('post', `${BASE}/decision-model`, async () => {
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      return json({ answers: { spam: answers.spam } });
    });
    const error = await failure(call({ abortSignal: controller.signal, maxRetries: 0 }));
    expect(error.name).toBe('AbortError');
  });

  it('BYOK credentials and the API key never show in errors', async () => {
    const secret = 'sk-ant-very-secret-value-123';
    gateway.on('post', `${BASE}/decision-model`, () =>
      json({ error: { message: `Invalid key ${secret} for test-key-abcdef`, type: 'invalid_request_error' } }, { status: 400 }),
    );
    const client = createGateway({ baseURL: BASE, apiKey: 'test-key-abcdef' });
    const error = await failure(
      client.decisionModel('liquid/d1').doDecide({
        state: [{ type: 'text', text: 'x' }],
        questions: { spam: questions.spam },
        providerOptions: { gateway: { byok: { anthropic: [{ apiKey: secret }] } } },
      }),
    );
    const shown = JSON.stringify({ message: error.message, body: error.responseBody, values: error.requestBodyValues });
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain('test-key-abcdef');
    expect(error.requestBodyValues.providerOptions.gateway.byok).toEqual({ anthropic: [{ apiKey: '[REDACTED]' }] });
    // It was sent, of course.
    expect(gateway.requests[0]!.body.providerOptions.gateway.byok.anthropic[0].apiKey).toBe(secret);
  });

  it('onUsage gets a `decide` record under the model that answered', async () => {
    gateway.on('post', `${BASE}/decision-model`, () => json(decisionBody));
    const records: GatewayUsageRecord[] = [];
    const client = createGateway({ baseURL: BASE, apiKey: 'k', onUsage: (record) => void records.push(record) });
    await decide({ model: client.decisionModel('liquid/d1'), state: 'x', questions });
    expect(records).toEqual([
      expect.objectContaining({ kind: 'decide', modelId: 'liquid/d1-ultra', usage: { inputTokens: 42, outputTokens: 3 }, costUsd: 0.0004 }),
    ]);
  });
});
