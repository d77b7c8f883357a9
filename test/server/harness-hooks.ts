// What the client-API test files share around one scenario harness: its lifecycle, the fakes'
// reply text and the usage-log entry of a generation.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { GATEWAY_KEY, startHarness, type Harness, type HarnessOverrides } from './scenario-harness';

/**
 * One harness for a whole test file: started before the first test (`onStart` builds the file's
 * clients), reset before each test, closed after the last; `overrides` as `startHarness` takes them.
 */
export function useHarness(onStart: (harness: Harness) => void, startTimeoutMs = 30_000, overrides?: HarnessOverrides): void {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(overrides);
    onStart(harness);
  }, startTimeoutMs);
  afterAll(() => harness?.close());
  beforeEach(() => harness!.reset());
}

/** The fakes' answer to a plain prompt (test/fakes/deterministic.ts). */
export const fakeReply = (prompt: string, upstream: string, model: string) => `You said: ${prompt} This reply comes from ${upstream} model ${model}.`;

/** The usage-log entry of one generation, as GET /v1/generation serves it to the harness's key. */
export async function generationRecord(harness: Harness, id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${harness.url}/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: Record<string, unknown> }).data;
}

/** The official `openai` client on the harness's /v1, with the harness's key and no retries. */
export const openAIClient = (harness: Harness) => new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });

/** `providerMetadata.gateway` as the compatible APIs send it (outside the official clients' types). */
export interface GatewayMetadata {
  generationId: string;
  cost: string;
  routing: { finalProvider: string; originalModelId: string; attempts: Array<{ provider: string; credentialType: 'system' | 'byok'; success: boolean; statusCode?: number; error?: string }> };
}
