/**
 * Decision models through the server: `POST /v4/ai/decision-model` routed to the upstream provider's
 * `decisionModel` (spec v4, as @ai-sdk/openai and @ai-sdk/anthropic offer it), with failover, cost and the
 * conditional fallback. Through `ai` 7's `experimental_decide` with modelgate's client and the public
 * @ai-sdk/gateway 4, over a real socket; the condition rule directly.
 */
import type { Experimental_DecisionModelV4 as DecisionModelV4, Experimental_DecisionModelV4CallOptions as DecisionCall } from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import { experimental_decide as decide } from 'ai-v7';
import { createGateway as createPublicGateway } from 'gateway-v4';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../src/cli/node-listener';
import { decisionConditionHolds, type DecisionFallbackCondition } from '../../src/protocol/decision-fallback';
import { createGatewayServer } from '../../src/server';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import { createGateway } from '../../src/v4';

const KEY = 'mg-decision-test-key-7d1c0a';
const calls: Array<{ provider: string; modelId: string; call: DecisionCall }> = [];
let flakyFailures = 0;

/** A spec v4 decision model: `team` is a choice whose certainty the model id sets (`sure` 0.95, otherwise 0.6). */
function decisionModel(provider: string, modelId: string): DecisionModelV4 {
  return {
    specificationVersion: 'v4',
    provider,
    modelId,
    supportedQuestionTypes: ['choice', 'score', 'boolean'],
    async doDecide(call) {
      calls.push({ provider, modelId, call });
      if (provider === 'flaky' && flakyFailures > 0) {
        flakyFailures -= 1;
        throw new APICallError({ message: 'overloaded', url: 'http://flaky.test/decisions', requestBodyValues: {}, statusCode: 503, isRetryable: true });
      }
      const sure = modelId.endsWith('sure') ? 0.95 : 0.6;
      return {
        answers: {
          team: { type: 'choice', choice: 'shipping', probabilities: { shipping: sure, billing: 1 - sure } },
          angry: { type: 'boolean', probability: 0.8 },
        },
        usage: { inputTokens: 100, outputTokens: 4 },
        warnings: [],
        providerMetadata: { [provider]: { servedBy: modelId } },
      };
    },
  };
}

const provider = (slug: string) => ({ languageModel: () => ({}), decisionModel: (modelId: string) => decisionModel(slug, modelId) });
const usage = new MemoryUsageStore();
const gateway = createGatewayServer(
  {
    providers: { flaky: provider('flaky'), steady: provider('steady'), large: provider('large') },
    models: {
      'acme/decider': { type: 'decision', providers: [{ provider: 'flaky', model: 'd1' }, { provider: 'steady', model: 'd1', pricing: { input: '0.000001', output: '0.00001' } }] },
      'acme/decider-large': { type: 'decision', providers: [{ provider: 'large', model: 'd1-sure', pricing: { input: '0.000004', output: '0.00004' } }] },
    },
    keys: [{ name: 'test', key: KEY }],
    demoteUnhealthy: false,
    env: {},
  },
  { usage },
);

let server: Server;
let baseURL: string;
beforeAll(async () => {
  const listening = await listen(gateway.fetch);
  server = listening.server;
  baseURL = `${listening.url}/v4/ai`;
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});
beforeEach(() => {
  calls.length = 0;
  flakyFailures = 0;
});

const questions = {
  team: { type: 'choice', criteria: { billing: 'invoices refunds', shipping: 'parcels couriers' } },
  angry: { type: 'boolean', criteria: { true: 'upset' } },
} as const;

describe('decisionConditionHolds', () => {
  const answers = {
    team: { type: 'choice' as const, choice: 'a', probabilities: { a: 0.6, b: 0.4 } },
    level: { type: 'score' as const, score: 2 },
    angry: { type: 'boolean' as const, probability: 0.55 },
    refused: { type: 'refusal' as const },
  };
  const cases: Array<[DecisionFallbackCondition, boolean]> = [
    [{ confidenceBelow: 0.7 }, true],
    [{ confidenceBelow: 0.6 }, false],
    [{ question: 'level', confidenceBelow: 0.99 }, false],
    [{ probabilityBetween: [0.4, 0.6] }, true],
    [{ question: 'angry', probabilityBetween: [0.6, 1] }, false],
    [{ question: 'refused', confidenceBelow: 1 }, false],
    [{ any: [{ confidenceBelow: 0.1 }, { probabilityBetween: [0.5, 0.6] }] }, true],
    [{ all: [{ confidenceBelow: 0.7 }, { probabilityBetween: [0.9, 1] }] }, false],
    [{ atLeast: { count: 2, conditions: [{ confidenceBelow: 0.7 }, { probabilityBetween: [0.5, 0.6] }, { confidenceBelow: 0.1 }] } }, true],
  ];
  it.each(cases)('%j → %s', (condition, holds) => {
    expect(decisionConditionHolds(condition, answers)).toBe(holds);
  });
});

describe('POST /v4/ai/decision-model over a socket', () => {
  it("ai 7 with modelgate's client: the upstream gets the state and questions; a 503 fails over; cost, routing and the usage log", async () => {
    flakyFailures = 1;
    const result = await decide({ model: createGateway({ baseURL, apiKey: KEY }).decisionModel('acme/decider'), state: 'My parcel is lost and I am upset.', questions });
    expect(result.answers.team).toMatchObject({ type: 'choice', choice: 'shipping' });
    expect(result.answers.angry).toMatchObject({ type: 'boolean', probability: 0.8 });
    expect(calls.map((entry) => entry.provider)).toEqual(['flaky', 'steady']);
    expect(calls[1]!.call.state).toEqual([{ type: 'text', text: 'My parcel is lost and I am upset.' }]);
    expect(Object.keys(calls[1]!.call.questions)).toEqual(['team', 'angry']);
    const metadata = result.providerMetadata?.gateway as { cost: string; generationId: string; routing: { finalProvider: string; attempts: Array<{ provider: string; success: boolean }> } };
    expect(metadata.routing.finalProvider).toBe('steady');
    expect(metadata.routing.attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([['flaky', false], ['steady', true]]);
    expect(Number(metadata.cost)).toBeCloseTo(100 * 0.000001 + 4 * 0.00001, 12);
    expect(result.providerMetadata?.steady).toEqual({ servedBy: 'd1' });
    await gateway.flushUsage();
    expect(await usage.get(metadata.generationId)).toMatchObject({ kind: 'decision', model: 'acme/decider', provider: 'steady', inputTokens: 100, outputTokens: 4, status: 200 });
  });

  it('the public @ai-sdk/gateway 4: the conditional fallback reruns on the larger model when the first answer is unsure, and both calls are charged', async () => {
    const result = await decide({
      model: createPublicGateway({ baseURL, apiKey: KEY }).decisionModel('acme/decider'),
      state: [{ type: 'text', text: 'Where is my order?' }],
      questions,
      providerOptions: { gateway: { models: [{ model: 'acme/decider-large', when: { question: 'team', confidenceBelow: 0.9 } }] } },
    });
    expect(calls.map((entry) => `${entry.provider}:${entry.modelId}`)).toEqual(['flaky:d1', 'large:d1-sure']);
    expect(result.response.modelId).toBe('acme/decider-large');
    expect(result.answers.team).toMatchObject({ probabilities: { shipping: 0.95 } });
    const gatewayMetadata = result.providerMetadata?.gateway as { cost: string; routing: { modelAttempts: Array<{ modelId: string; success: boolean; triggeredBy?: unknown }> } };
    expect(gatewayMetadata.routing.modelAttempts.map((entry) => [entry.modelId, entry.success, entry.triggeredBy])).toEqual([
      ['acme/decider', true, undefined],
      ['acme/decider-large', true, { question: 'team', confidenceBelow: 0.9 }],
    ]);
    // The flaky provider has no price; the larger model's call is charged at its own. Both calls' tokens are logged.
    expect(Number(gatewayMetadata.cost)).toBeCloseTo(100 * 0.000004 + 4 * 0.00004, 12);
    await gateway.flushUsage();
    expect(await usage.get((result.providerMetadata?.gateway as { generationId: string }).generationId)).toMatchObject({ model: 'acme/decider', provider: 'large', inputTokens: 200, outputTokens: 8 });
  });

  it('a sure first answer keeps it; a malformed fallback or body answers 400 naming the field; another kind of model is refused', async () => {
    const kept = await decide({
      model: createGateway({ baseURL, apiKey: KEY }).decisionModel('acme/decider-large'),
      state: 'Where is my order?',
      questions,
      providerOptions: { gateway: { models: [{ model: 'acme/decider', when: { confidenceBelow: 0.9 } }] } },
    });
    expect(kept.response.modelId).toBe('acme/decider-large');
    expect(calls).toHaveLength(1);

    const raw = (body: unknown, modelId = 'acme/decider') =>
      fetch(`${baseURL}/decision-model`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', 'ai-decision-model-specification-version': '4', 'ai-model-id': modelId },
        body: JSON.stringify(body),
      });
    const badFallback = await raw({ stateParts: [], questions, providerOptions: { gateway: { models: ['acme/decider', { model: 'acme/decider-large', when: { confidenceBelow: 0.5 } }] } } });
    expect(badFallback.status).toBe(400);
    expect(((await badFallback.json()) as { error: { message: string } }).error.message).toContain('providerOptions.gateway.models.1');
    const noQuestions = await raw({ stateParts: [{ type: 'text', text: 'hi' }], questions: {} });
    expect(noQuestions.status).toBe(400);
    expect(((await noQuestions.json()) as { error: { message: string } }).error.message).toMatch(/questions.*at least one question/);
    const unknown = await raw({ stateParts: [], questions }, 'acme/nope');
    expect(unknown.status).toBe(404);
    expect(calls).toHaveLength(1);
  });
});
