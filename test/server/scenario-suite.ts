/**
 * Item 6 of issue 11: the gateway server proven with real clients over real sockets. The same
 * scenarios run for every client (see scenario-clients.ts); each test file picks the clients of
 * one `ai` major, so files run in parallel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayAuthenticationError,
  GatewayInternalServerError,
  GatewayModelNotFoundError,
  GatewayRateLimitError,
} from '../../src/errors';
import { embeddingFor, FAKE_PNG_BASE64 } from '../fakes/deterministic';
import type { FakeUpstream, RecordedRequest } from '../fakes/openai-upstream';
import {
  FAKE_PNG,
  FIRST_TOKEN_TIMEOUT_MS,
  ATTEMPT_TIMEOUT_MS,
  CREDIT_BALANCE,
  GATEWAY_KEY,
  MODELS,
  OPENAI_BYOK_KEY,
  OPENAI_SYSTEM_KEY,
  AZURE_SYSTEM_KEY,
  PRICES,
  SECRETS,
  startHarness,
  type Harness,
} from './scenario-harness';
import { RECIPE_OBJECT, WEATHER_RESULT, type ScenarioClient } from './scenario-clients';

/** A BYOK key the fake OpenAI rejects (401), as a revoked user key would be. */
const REVOKED_BYOK_KEY = 'sk-user-revoked-openai-0d6e5a';
const ALL_SECRETS = [...SECRETS, REVOKED_BYOK_KEY];

/** Starts the harness for this file and checks, after every test, that no secret left the server. */
export function useHarness(): { readonly current: Harness } {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    if (!harness) return;
    const bodies = [...(await harness.settledBodies())];
    // Reset first, so one failing test leaves the next one a clean harness.
    harness.reset();
    for (const body of bodies) {
      for (const secret of ALL_SECRETS) {
        expect(body.text, `${body.path} (${body.status}) leaks a secret`).not.toContain(secret);
      }
    }
  });
  return {
    get current() {
      if (!harness) throw new Error('the harness starts in beforeAll');
      return harness;
    },
  };
}

// ---------------------------------------------------------------- expectations

interface AttemptExpectation {
  provider: string;
  success: boolean;
  credentialType?: 'system' | 'byok';
  statusCode?: number;
  error?: RegExp;
  providerTimeout?: boolean;
}

interface GatewayMetadata {
  routing: {
    originalModelId: string;
    resolvedProvider: string;
    finalProvider?: string;
    fallbacksAvailable: string[];
    attempts: Array<Record<string, unknown>>;
    modelAttempts: Array<Record<string, unknown>>;
    totalProviderAttemptCount: number;
  };
  cost: string;
  generationId: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `providerMetadata.gateway`, checked for the fields every gateway answer carries. */
function gatewayMetadata(providerMetadata: unknown): GatewayMetadata {
  expect(isRecord(providerMetadata), 'providerMetadata is an object').toBe(true);
  const gateway = (providerMetadata as Record<string, unknown>).gateway;
  expect(gateway).toMatchObject({
    routing: { attempts: expect.any(Array), fallbacksAvailable: expect.any(Array) },
    cost: expect.stringMatching(/^\d+(\.\d+)?$/),
    generationId: expect.stringMatching(/^gen_[0-9A-HJKMNP-TV-Z]{26}$/),
  });
  return gateway as GatewayMetadata;
}

function expectRouting(
  providerMetadata: unknown,
  expected: { model: string; finalProvider: string; fallbacksAvailable: string[]; attempts: AttemptExpectation[] },
): GatewayMetadata {
  const gateway = gatewayMetadata(providerMetadata);
  const { routing } = gateway;
  expect(routing.originalModelId).toBe(expected.model);
  expect(routing.finalProvider).toBe(expected.finalProvider);
  expect(routing.fallbacksAvailable).toEqual(expected.fallbacksAvailable);
  expect(routing.attempts).toHaveLength(expected.attempts.length);
  expect(routing.totalProviderAttemptCount).toBe(expected.attempts.length);
  expected.attempts.forEach((attempt, index) => {
    const actual = routing.attempts[index]!;
    expect(actual).toMatchObject({
      provider: attempt.provider,
      success: attempt.success,
      credentialType: attempt.credentialType ?? 'system',
      startTime: expect.any(Number),
      endTime: expect.any(Number),
    });
    expect(actual.endTime as number).toBeGreaterThanOrEqual(actual.startTime as number);
    if (attempt.statusCode !== undefined) expect(actual.statusCode).toBe(attempt.statusCode);
    if (attempt.success) expect(actual.error).toBeUndefined();
    else expect(actual.error).toEqual(expect.any(String));
    if (attempt.error) expect(actual.error).toMatch(attempt.error);
    if (attempt.providerTimeout) expect(actual).toMatchObject({ providerTimeout: true, configuredTimeoutMs: expect.any(Number) });
  });
  return gateway;
}

/** The reply convention of the fakes (test/fakes/deterministic.ts). */
const reply = (prompt: string, upstream: string, model: string, files = '') =>
  `You said: ${prompt}${files} This reply comes from ${upstream} model ${model}.`;

function expectCost(gateway: GatewayMetadata, usage: { inputTokens?: number; outputTokens?: number }, price: { input: string; output: string }) {
  expect(usage.inputTokens).toBeGreaterThan(0);
  expect(usage.outputTokens).toBeGreaterThan(0);
  const expected = usage.inputTokens! * Number(price.input) + usage.outputTokens! * Number(price.output);
  expect(Number(gateway.cost)).toBeCloseTo(expected, 12);
}

/**
 * The gateway's response id is the generation id. Streams carry it to every client (the
 * `response-metadata` part); on generate results only modelgate keeps it, because the public
 * clients replace `response` with the HTTP headers and body, and ai then makes up an id.
 */
function expectResponseId(client: ScenarioClient, responseId: string | undefined, gateway: GatewayMetadata) {
  if (client.isModelgate) expect(responseId).toBe(gateway.generationId);
  else expect(responseId).toMatch(/^ai(txt|obj)-/);
}

const modelRequests = (upstream: FakeUpstream): RecordedRequest[] => upstream.requests.filter((request) => request.method === 'POST');

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** Everything a client shows of an error: none of it may hold a secret. */
function expectNoSecrets(error: unknown) {
  const seen = [
    error instanceof Error ? error.message : String(error),
    isRecord(error) && typeof error.responseBody === 'string' ? error.responseBody : '',
    JSON.stringify(error, Object.getOwnPropertyNames(isRecord(error) ? error : {})) ?? '',
  ].join('\n');
  for (const secret of ALL_SECRETS) expect(seen).not.toContain(secret);
}

function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  return String(error);
}

// ---------------------------------------------------------------- the scenarios

/** The language models of the scenarios: which upstream serves each, under which model id. */
const LANGUAGE_ROUTES = [
  { label: 'openai (Responses API)', model: MODELS.responses, upstream: 'openai', upstreamModel: 'gpt-4o-mini', fallbacks: ['azure'], price: PRICES.openai },
  { label: 'azure (Chat Completions)', model: MODELS.chat, upstream: 'azure', upstreamModel: 'gpt-4.1-mini', fallbacks: [], price: PRICES.azure },
  { label: 'anthropic (Messages API)', model: MODELS.anthropic, upstream: 'anthropic', upstreamModel: 'claude-sonnet-4-6', fallbacks: ['azure'], price: PRICES.anthropic },
] as const;

/** Two shapes of first provider failing over to the OpenAI-shaped azure (Chat Completions). */
const FAILOVER_ROUTES = [
  {
    label: 'openai (Responses) → azure (Chat Completions)',
    model: MODELS.responses,
    first: { name: 'openai', model: 'gpt-4o-mini' },
    second: { name: 'azure', model: 'gpt-4o-mini', price: PRICES.azure },
  },
  {
    label: 'anthropic (Messages) → azure (Chat Completions)',
    model: MODELS.anthropic,
    first: { name: 'anthropic', model: 'claude-sonnet-4-6' },
    second: { name: 'azure', model: 'claude-sonnet-4-6', price: PRICES.anthropic },
  },
] as const;

/** Waits (briefly) until no upstream response is still being written. */
async function expectUpstreamStreamsClosed(harness: Harness) {
  const deadline = Date.now() + 500;
  while (harness.openUpstreamStreams() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(harness.openUpstreamStreams(), 'upstream streams still open').toBe(0);
}

/**
 * Defines every scenario for one client. With `plainStrings`, the client resolves plain
 * 'provider/model' strings through ai's global provider to the very model objects a named
 * client of the same file uses, so only what depends on the resolution runs: every kind of
 * call, one failover each way, and the auth and model errors. Routing, BYOK, timeouts, aborts
 * and the account endpoints run once per file, through the named clients.
 */
export function defineScenarios(
  label: string,
  harnessRef: { readonly current: Harness },
  makeClient: (gatewayUrl: string, apiKey: string) => ScenarioClient,
  options: { plainStrings?: boolean } = {},
): void {
  const named = !options.plainStrings;
  // Plain strings cannot carry gateway options or provider keys, so these scenarios are not
  // registered for them at all (`?.` skips the whole registration chain when undefined).
  const itNamed = named ? it : undefined;
  const describeNamed = named ? describe : undefined;
  describe(label, () => {
    let client: ScenarioClient;
    const harness = () => harnessRef.current;
    const upstream = (name: string) => harness().upstreams[name as keyof Harness['upstreams']];
    beforeAll(() => {
      client = makeClient(harness().url, GATEWAY_KEY);
    });

    describe.each(LANGUAGE_ROUTES)('via $label', (route) => {
      const prompt = `Hello from ${label}`;

      it('text: generateText returns the upstream reply with gateway metadata', async () => {
        const result = await client.generate({ model: route.model, prompt });
        expect(result.text).toBe(reply(prompt, route.upstream, route.upstreamModel));
        const gateway = expectRouting(result.providerMetadata, {
          model: route.model,
          finalProvider: route.upstream,
          fallbacksAvailable: [...route.fallbacks],
          attempts: [{ provider: route.upstream, success: true, statusCode: 200 }],
        });
        expectResponseId(client, result.responseId, gateway);
        expectCost(gateway, result.usage, route.price);
        expect(modelRequests(upstream(route.upstream))).toHaveLength(1);
      });

      it('stream: streamText streams the upstream reply, metadata on finish', async () => {
        const result = await client.stream({ model: route.model, prompt });
        expect(result.errors).toEqual([]);
        expect(result.text).toBe(reply(prompt, route.upstream, route.upstreamModel));
        expect(result.deltas.length).toBeGreaterThan(3);
        const gateway = expectRouting(result.providerMetadata, {
          model: route.model,
          finalProvider: route.upstream,
          fallbacksAvailable: [...route.fallbacks],
          attempts: [{ provider: route.upstream, success: true }],
        });
        expect(result.responseId).toBe(gateway.generationId);
        // Clients can read the generation id early: it rides on the first text part.
        expect(result.firstTextMetadata).toMatchObject({ gateway: { generationId: gateway.generationId } });
        expectCost(gateway, result.usage, route.price);
        expect(modelRequests(upstream(route.upstream))).toMatchObject([{ stream: true }]);
      });

      it.each([false, true])('tools: a tool call round trip (stream: %s)', async (stream) => {
        const result = await client.toolRoundTrip({ model: route.model, stream });
        expect(result.steps).toBe(2);
        expect(result.toolCalls).toEqual([{ toolName: 'weather', input: { city: 'Paris' } }]);
        expect(result.toolResults).toEqual([WEATHER_RESULT]);
        expect(result.text).toBe(`Tool weather returned ${JSON.stringify(WEATHER_RESULT)}.`);
        // The second request carried the tool result back to the upstream.
        const requests = modelRequests(upstream(route.upstream));
        expect(requests).toHaveLength(2);
        expect(JSON.stringify(requests[1]!.body)).toContain('celsius');
      });

      it('structured output: the object matches the schema', async () => {
        const result = await client.object({ model: route.model, prompt: 'A recipe, please.' });
        expect(result.object).toEqual(RECIPE_OBJECT);
        expectResponseId(client, result.responseId, gatewayMetadata(result.providerMetadata));
        // The schema reached the upstream.
        expect(JSON.stringify(modelRequests(upstream(route.upstream))[0]!.body)).toContain('servings');
      });

      it('files: an image in the prompt reaches the upstream as bytes', async () => {
        const result = await client.generate({
          model: route.model,
          prompt: 'What is in this picture?',
          image: { data: FAKE_PNG, mediaType: 'image/png' },
        });
        expect(result.text).toBe(
          reply('What is in this picture?', route.upstream, route.upstreamModel, ` Files received: image/png (${FAKE_PNG.length} bytes).`),
        );
        const [request] = modelRequests(upstream(route.upstream));
        expect(JSON.stringify(request!.body)).toContain(FAKE_PNG_BASE64);
      });
    });

    it.each([false, true])('reasoning: anthropic thinking reaches the client (stream: %s)', async (stream) => {
      const prompt = 'Think first';
      const input = {
        model: MODELS.anthropic,
        prompt,
        providerOptions: { anthropic: { thinking: { type: 'enabled' as const, budgetTokens: 1024 } } },
      };
      const result = stream ? await client.stream(input) : await client.generate(input);
      expect(result.reasoningText).toBe(`Thinking about: ${prompt}`);
      expect(result.text).toBe(reply(prompt, 'anthropic', 'claude-sonnet-4-6'));
      // The provider's own options reached it; the gateway's did not.
      const [request] = modelRequests(upstream('anthropic'));
      expect(request!.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    });

    describeNamed?.('routing options', () => {
      const prompt = 'Route me';

      it('order: the listed provider goes first', async () => {
        const result = await client.generate({ model: MODELS.responses, prompt, providerOptions: { gateway: { order: ['azure'] } } });
        expect(result.text).toBe(reply(prompt, 'azure', 'gpt-4o-mini'));
        expectRouting(result.providerMetadata, {
          model: MODELS.responses,
          finalProvider: 'azure',
          fallbacksAvailable: ['openai'],
          attempts: [{ provider: 'azure', success: true }],
        });
        expect(modelRequests(upstream('openai'))).toHaveLength(0);
      });

      it('only: no failover outside the listed providers', async () => {
        upstream('openai').script.push({ kind: 'status', status: 500, message: 'openai is down' });
        const error = await caught(client.generate({ model: MODELS.responses, prompt, providerOptions: { gateway: { only: ['openai'] } } }));
        expect(errorMessageOf(error)).toContain(`The only attempt for '${MODELS.responses}' failed: openai (gpt-4o-mini, system): HTTP 500: openai is down`);
        expect(modelRequests(upstream('azure'))).toHaveLength(0);
      });

      it('models: a fallback model serves when every provider of the first fails', async () => {
        upstream('openai').script.push({ kind: 'status', status: 500 });
        upstream('azure').script.push({ kind: 'status', status: 502 });
        const result = await client.generate({ model: MODELS.responses, prompt, providerOptions: { gateway: { models: [MODELS.anthropic] } } });
        expect(result.text).toBe(reply(prompt, 'anthropic', 'claude-sonnet-4-6'));
        const gateway = expectRouting(result.providerMetadata, {
          model: MODELS.responses,
          finalProvider: 'anthropic',
          fallbacksAvailable: ['azure'],
          attempts: [
            { provider: 'openai', success: false, statusCode: 500 },
            { provider: 'azure', success: false, statusCode: 502 },
            { provider: 'anthropic', success: true },
          ],
        });
        expect(gateway.routing.modelAttempts).toMatchObject([
          { modelId: MODELS.responses, success: false, providerAttemptCount: 2 },
          { modelId: MODELS.anthropic, success: true, providerAttemptCount: 1 },
        ]);
        // Billed at the price of the model and provider that served.
        expectCost(gateway, result.usage, PRICES.anthropic);
      });
    });

    describe('embeddings and images', () => {
      it('embed: one vector, with gateway metadata', async () => {
        const result = await client.embed(MODELS.embedding, 'sunny day');
        expect(result.embeddings).toEqual([embeddingFor('sunny day', 1536)]);
        const gateway = expectRouting(result.providerMetadata, {
          model: MODELS.embedding,
          finalProvider: 'openai',
          fallbacksAvailable: ['azure'],
          attempts: [{ provider: 'openai', success: true }],
        });
        expect(Number(gateway.cost)).toBeGreaterThan(0);
      });

      it('embedMany: a vector per value, in order', async () => {
        const values = ['rain', 'snow', 'fog'];
        const result = await client.embedMany(MODELS.embedding, values);
        expect(result.embeddings).toEqual(values.map((value) => embeddingFor(value, 1536)));
        expect(modelRequests(upstream('openai'))[0]!.body).toMatchObject({ input: values });
      });

      it('embeddings fail over: openai 500 → azure', async () => {
        upstream('openai').script.push({ kind: 'status', status: 500 });
        const result = await client.embed(MODELS.embedding, 'sunny day');
        expect(result.embeddings).toEqual([embeddingFor('sunny day', 1536)]);
        expectRouting(result.providerMetadata, {
          model: MODELS.embedding,
          finalProvider: 'azure',
          fallbacksAvailable: ['azure'],
          attempts: [
            { provider: 'openai', success: false, statusCode: 500 },
            { provider: 'azure', success: true },
          ],
        });
      });

      it('images: generateImage returns the upstream PNGs, priced per image', async () => {
        const result = await client.image(MODELS.image, 'a checkerboard', 2);
        expect(result.images).toEqual([FAKE_PNG, FAKE_PNG]);
        expect(result.mediaTypes).toEqual(['image/png', 'image/png']);
        const gateway = expectRouting(result.providerMetadata, {
          model: MODELS.image,
          finalProvider: 'openai',
          fallbacksAvailable: ['azure'],
          attempts: [{ provider: 'openai', success: true }],
        });
        expect(gateway.cost).toBe('0.08');
        expect(modelRequests(upstream('openai'))[0]!.body).toMatchObject({ prompt: 'a checkerboard', n: 2 });
      });
    });

    describe.each(FAILOVER_ROUTES)('failover $label', (route) => {
      const { model, first, second } = route;
      const prompt = 'Are you there?';
      const fromSecond = reply(prompt, second.name, second.model);
      const fallbacksAvailable = [second.name];

      it.each([false, true])('first provider 500 → second (stream: %s)', async (stream) => {
        upstream(first.name).script.push({ kind: 'status', status: 500, message: `The ${first.name} fake is down.` });
        const result = stream ? await client.stream({ model, prompt }) : await client.generate({ model, prompt });
        expect(result.text).toBe(fromSecond);
        const gateway = expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false, statusCode: 500, error: new RegExp(`The ${first.name} fake is down`) },
            { provider: second.name, success: true },
          ],
        });
        if (stream) expect(result.responseId).toBe(gateway.generationId);
        else expectResponseId(client, result.responseId, gateway);
        expectCost(gateway, result.usage, second.price);
        expect(modelRequests(upstream(first.name))).toHaveLength(1);
        expect(modelRequests(upstream(second.name))).toHaveLength(1);
      });

      itNamed?.('429 → next provider', async () => {
        upstream(first.name).script.push({ kind: 'status', status: 429, retryAfter: 7 });
        const result = await client.generate({ model, prompt });
        expect(result.text).toBe(fromSecond);
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false, statusCode: 429 },
            { provider: second.name, success: true },
          ],
        });
      });

      itNamed?.each([401, 404])("the provider rejects the server's own setup (%i) → next provider", async (status) => {
        // A revoked server key, or a model id the provider does not have: another provider may still serve.
        upstream(first.name).script.push({ kind: 'status', status, message: `${first.name} says ${status}` });
        const result = await client.generate({ model, prompt });
        expect(result.text).toBe(fromSecond);
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false, statusCode: status },
            { provider: second.name, success: true },
          ],
        });
      });

      itNamed?.('network error → next provider', async () => {
        upstream(first.name).script.push({ kind: 'networkError' });
        const result = await client.stream({ model, prompt });
        expect(result.errors).toEqual([]);
        expect(result.text).toBe(fromSecond);
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false },
            { provider: second.name, success: true },
          ],
        });
      });

      itNamed?.('stream dies before the first token → next provider', async () => {
        upstream(first.name).script.push({ kind: 'dropBeforeFirstToken' });
        const result = await client.stream({ model, prompt });
        expect(result.errors).toEqual([]);
        expect(result.text).toBe(fromSecond);
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false },
            { provider: second.name, success: true },
          ],
        });
        expect(modelRequests(upstream(first.name))).toMatchObject([{ outcome: 'dropBeforeFirstToken' }]);
      });

      itNamed?.('stream stalls past the first-token timeout → next provider', async () => {
        upstream(first.name).script.push({ kind: 'stallBeforeFirstToken', ms: 10_000 });
        const started = Date.now();
        const result = await client.stream({ model, prompt });
        const elapsed = Date.now() - started;
        expect(result.errors).toEqual([]);
        expect(result.text).toBe(fromSecond);
        expect(elapsed).toBeGreaterThanOrEqual(FIRST_TOKEN_TIMEOUT_MS - 5);
        expect(elapsed).toBeLessThan(5_000);
        const gateway = expectRouting(result.providerMetadata, {
          model,
          finalProvider: second.name,
          fallbacksAvailable,
          attempts: [
            { provider: first.name, success: false, providerTimeout: true },
            { provider: second.name, success: true },
          ],
        });
        expect(gateway.routing.attempts[0]!.configuredTimeoutMs).toBe(FIRST_TOKEN_TIMEOUT_MS);
        // The stalled upstream stream was abandoned, not left open.
        await expectUpstreamStreamsClosed(harness());
      });

      itNamed?.each([
        ['an error event', false],
        ['a cut connection', true],
      ])('error after content (%s) → in-band error, no failover', async (_, cut) => {
        upstream(first.name).script.push({ kind: 'errorAfterContent', afterDeltas: 2, cut, message: `The ${first.name} fake broke mid-reply.` });
        const result = await client.stream({ model, prompt });
        // The first two deltas reached the client, then one error; the second provider was never asked.
        expect(result.text).toBe('You said: ');
        expect(result.errors).toHaveLength(1);
        if (!cut) expect(errorMessageOf(result.errors[0])).toContain(`The ${first.name} fake broke mid-reply.`);
        else expect(errorMessageOf(result.errors[0])).toContain('The provider stream failed after content was sent');
        // The stream still ends with its finish part, which carries the routing.
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: first.name,
          fallbacksAvailable,
          attempts: [{ provider: first.name, success: true }],
        });
        expect(modelRequests(upstream(first.name))).toHaveLength(1);
        expect(modelRequests(upstream(second.name))).toHaveLength(0);
      });

      itNamed?.each([false, true])('all attempts fail → one gateway error listing them (stream: %s)', async (stream) => {
        upstream(first.name).script.push({ kind: 'status', status: 500, message: `${first.name} is down` });
        upstream(second.name).script.push({ kind: 'status', status: 503, message: `${second.name} is overloaded` });
        const error = stream
          ? await client.stream({ model, prompt }).then((result) => {
              expect(result.text).toBe('');
              expect(result.errors).toHaveLength(1);
              return result.errors[0];
            })
          : await caught(client.generate({ model, prompt }));
        expect(GatewayInternalServerError.isInstance(error), `${String(error)}`).toBe(true);
        expect(error).toMatchObject({ statusCode: 500 });
        const message = errorMessageOf(error);
        expect(message).toContain(`All 2 attempts for '${model}' failed`);
        expect(message).toContain(`${first.name} (${first.model}, system): HTTP 500: ${first.name} is down`);
        expect(message).toContain(`${second.name} (${second.model}, system): HTTP 503: ${second.name} is overloaded`);
        expectNoSecrets(error);
      });

      itNamed?.('every provider rate limited → 429 rate_limit_exceeded with retry-after', async () => {
        upstream(first.name).script.push({ kind: 'status', status: 429, retryAfter: 9 });
        upstream(second.name).script.push({ kind: 'status', status: 429, retryAfter: 4 });
        const error = await caught(client.generate({ model, prompt }));
        expect(GatewayRateLimitError.isInstance(error), String(error)).toBe(true);
        expect(error).toMatchObject({ statusCode: 429 });
        const bodies = await harness().settledBodies();
        expect(bodies.at(-1)).toMatchObject({ status: 429, headers: { 'retry-after': '4' } });
      });

      itNamed?.('the client aborts mid-stream → the upstream stream is closed too', async () => {
        // Slow deltas, so the upstream would still be streaming for a while after the abort.
        const behavior = upstream(first.name).behavior;
        behavior.chunkDelayMs = 100;
        try {
          const { deltas } = await client.streamThenAbort({ model, prompt });
          expect(deltas).toEqual(['You ']);
          await expectUpstreamStreamsClosed(harness());
        } finally {
          behavior.chunkDelayMs = 0;
        }
      });
    });

    // Non-streaming calls have one timeout for the whole answer; the provider's shape does not matter to it.
    describeNamed?.('attempt timeout', () => {
      const prompt = 'Are you there?';
      it('generate stalls past the attempt timeout → next provider', async () => {
        upstream('openai').script.push({ kind: 'stallBeforeFirstToken', ms: 10_000 });
        const result = await client.generate({ model: MODELS.responses, prompt });
        expect(result.text).toBe(reply(prompt, 'azure', 'gpt-4o-mini'));
        const gateway = expectRouting(result.providerMetadata, {
          model: MODELS.responses,
          finalProvider: 'azure',
          fallbacksAvailable: ['azure'],
          attempts: [
            { provider: 'openai', success: false, providerTimeout: true },
            { provider: 'azure', success: true },
          ],
        });
        expect(gateway.routing.attempts[0]!.configuredTimeoutMs).toBe(ATTEMPT_TIMEOUT_MS);
      });
    });

    describeNamed?.('account', () => {
      it('catalog with pricing, the generation by its id, and credits', async () => {
        const account = client.account!;
        const { models } = await account.getAvailableModels();
        expect(models.map((entry) => entry.id).sort()).toEqual(Object.values(MODELS).sort());
        expect(models.find((entry) => entry.id === MODELS.responses)).toMatchObject({
          modelType: 'language',
          pricing: { input: PRICES.openai.input, output: PRICES.openai.output },
        });
        expect(models.find((entry) => entry.id === MODELS.embedding)).toMatchObject({
          modelType: 'embedding',
          pricing: { input: PRICES.embedding.input, output: '0' },
        });

        const result = await client.stream({ model: MODELS.chat, prompt: 'Count me' });
        const gateway = gatewayMetadata(result.providerMetadata);
        const info = await account.getGenerationInfo({ id: gateway.generationId });
        expect(info).toMatchObject({
          id: gateway.generationId,
          model: MODELS.chat,
          providerName: 'azure',
          isByok: false,
          streamed: true,
          finishReason: 'stop',
        });
        expect(info.totalCost).toBeGreaterThan(0);
        expect(info.totalCost).toBeCloseTo(Number(gateway.cost), 12);

        const credits = await account.getCredits();
        expect(Number(credits.totalUsed)).toBeGreaterThanOrEqual(info.totalCost);
        expect(Number(credits.balance) + Number(credits.totalUsed)).toBeCloseTo(CREDIT_BALANCE, 9);
      });
    });

    describe('authentication and model errors', () => {
      it('a bad key → 401 authentication_error', async () => {
        const wrongKey = 'mg-not-a-key-of-this-gateway-123';
        const error = await caught(makeClient(harness().url, wrongKey).generate({ model: MODELS.responses, prompt: 'hi' }));
        // ai 7 rewraps the public client's authentication error into a plain Error of that name.
        expect(error.name).toBe('GatewayAuthenticationError');
        if (client.isModelgate) {
          expect(GatewayAuthenticationError.isInstance(error), String(error)).toBe(true);
          expect(error).toMatchObject({ statusCode: 401 });
        }
        const bodies = await harness().settledBodies();
        expect(JSON.parse(bodies.at(-1)!.text)).toMatchObject({ error: { type: 'authentication_error' } });
        expect(error.message).not.toContain(wrongKey);
        expect(modelRequests(upstream('openai'))).toHaveLength(0);
      });

      itNamed?.('a model of another kind → 400 invalid_request_error', async () => {
        const error = await caught(client.generate({ model: MODELS.embedding, prompt: 'hi' }));
        expect(error).toMatchObject({ statusCode: 400 });
        expect(error.message).toContain(`Model '${MODELS.embedding}' is a embedding model`);
        const bodies = await harness().settledBodies();
        expect(JSON.parse(bodies.at(-1)!.text)).toMatchObject({ error: { type: 'invalid_request_error' } });
      });

      it("an unknown model → 404 model_not_found (modelgate adds the slug hint)", async () => {
        const error = await caught(client.generate({ model: 'anthropic/claude-sonnet-4-6', prompt: 'hi' }));
        expect(GatewayModelNotFoundError.isInstance(error), String(error)).toBe(true);
        expect(error).toMatchObject({ statusCode: 404 });
        expect(error.message).toContain('anthropic/claude-sonnet-4-6');
        if (client.isModelgate) expect(error.message).toContain('Did you mean `anthropic/claude-sonnet-4.6`?');
        const bodies = await harness().settledBodies();
        const notFound = bodies.find((body) => body.status === 404)!;
        expect(JSON.parse(notFound.text)).toMatchObject({
          error: { type: 'model_not_found', param: { modelId: 'anthropic/claude-sonnet-4-6' } },
        });
      });
    });

    describeNamed?.('BYOK', () => {
      const model = MODELS.responses;
      const prompt = 'With my own key';
      const byok = (apiKey: string) => ({ gateway: { byok: { openai: [{ apiKey }] } } });

      it.each([false, true])("the user's key reaches the upstream (stream: %s)", async (stream) => {
        const input = { model, prompt, providerOptions: byok(OPENAI_BYOK_KEY) };
        const result = stream ? await client.stream(input) : await client.generate(input);
        expect(result.text).toBe(reply(prompt, 'openai', 'gpt-4o-mini'));
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: 'openai',
          fallbacksAvailable: ['azure'],
          attempts: [{ provider: 'openai', success: true, credentialType: 'byok' }],
        });
        expect(modelRequests(upstream('openai')).map((request) => request.keyIndex)).toEqual([1]);
      });

      it("a rejected user key falls back to the system key", async () => {
        const result = await client.generate({ model, prompt, providerOptions: byok(REVOKED_BYOK_KEY) });
        expect(result.text).toBe(reply(prompt, 'openai', 'gpt-4o-mini'));
        expectRouting(result.providerMetadata, {
          model,
          finalProvider: 'openai',
          fallbacksAvailable: ['azure'],
          attempts: [
            { provider: 'openai', success: false, credentialType: 'byok', statusCode: 401 },
            { provider: 'openai', success: true, credentialType: 'system' },
          ],
        });
        expect(modelRequests(upstream('openai')).map((request) => request.keyIndex)).toEqual([undefined, 0]);
        expect(modelRequests(upstream('azure'))).toHaveLength(0);
      });

      it('upstream errors that echo keys reach the client scrubbed', async () => {
        const echo = (status: number, key: string) => ({ kind: 'status' as const, status, message: `Upstream refused the key ${key} today` });
        upstream('openai').script.push(echo(500, OPENAI_BYOK_KEY), echo(500, OPENAI_SYSTEM_KEY));
        upstream('azure').script.push(echo(503, AZURE_SYSTEM_KEY));
        const error = await caught(client.generate({ model, prompt, providerOptions: byok(OPENAI_BYOK_KEY) }));
        expect(GatewayInternalServerError.isInstance(error), String(error)).toBe(true);
        expect(errorMessageOf(error)).toContain('All 3 attempts');
        expect(errorMessageOf(error)).toContain('Upstream refused the key');
        expectNoSecrets(error);
        // the afterEach check reads every body the server sent
      });
    });
  });
}
