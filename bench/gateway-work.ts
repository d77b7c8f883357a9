// The gateway's own work per small generate call, as `listen` hands requests over: `npx tsx bench/gateway-work.ts [calls]`.
// createGatewayServer's fetch handler called in-process with requests marked as the Node listener marks its own
// (so the gateway takes the paths it takes under `modelgate serve`: answers without a body, records after the
// answer, controllers made ahead), their body and headers at hand, and the answer taken as the listener takes it,
// in front of a V4 model answering from memory. No HTTP, no provider package, no undici Request or Response: what
// is left is the key check, routing, conversions, metadata and encoding. Prints the median wall time per call, in
// µs, of rounds alternating with a setImmediate between calls (as the listener's deferred work runs then); run it
// in two checkouts to compare them.
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createGatewayServer } from '../src/server';
import { FROM_NODE_LISTENER } from '../src/server/listener-request';
import { takeWholeAnswer } from '../src/server/response-body';

const KEY = 'gateway-work-key-0123456789';
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

/** Answers as @ai-sdk/openai's chat model does, fresh objects each time (raw usage, provider metadata, response with a Date). */
const model: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'memory',
  modelId: 'memory',
  supportedUrls: {},
  async doGenerate() {
    return {
      content: [{ type: 'text', text: 'Hello from the benchmark.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { ...usage, raw: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
      warnings: [],
      providerMetadata: { openai: { acceptedPredictionTokens: 0, rejectedPredictionTokens: 0 } },
      response: { id: 'chatcmpl-1', modelId: 'memory', timestamp: new Date(), headers: { 'content-type': 'application/json' }, body: { id: 'chatcmpl-1' } },
    };
  },
  async doStream() {
    throw new Error('not used');
  },
};

const gateway = createGatewayServer({
  providers: { memory: { languageModel: () => model } },
  models: { 'memory/model': { providers: [{ provider: 'memory', model: 'memory', pricing: { input: '0.000001', output: '0.000002' } }] } },
  keys: [{ name: 'bench', key: KEY }],
});

const body = JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello to the benchmark.' }] }] });
const headerList: Array<[string, string]> = [
  ['host', '127.0.0.1:8080'],
  ['authorization', `Bearer ${KEY}`],
  ['content-type', 'application/json'],
  ['ai-gateway-protocol-version', '0.0.1'],
  ['ai-language-model-specification-version', '4'],
  ['ai-language-model-id', 'memory/model'],
  ['ai-language-model-streaming', 'false'],
];

/** What the gateway reads of a listener's request: method, url, headers, signal and the body as JSON. */
function listenerRequest(): Request {
  const bytes = new TextEncoder().encode(body);
  const request = {
    method: 'POST',
    url: `http://127.0.0.1:8080${'/v4/ai/language-model'}`,
    headers: new Headers(headerList),
    signal: new AbortController().signal,
    json: async () => JSON.parse(new TextDecoder().decode(bytes)),
    text: async () => new TextDecoder().decode(bytes),
    [FROM_NODE_LISTENER]: true,
  };
  // Only the members the gateway reads on this path; the listener's Request has the rest.
  return request as unknown as Request;
}

async function call(): Promise<number> {
  const request = listenerRequest();
  const started = performance.now();
  const answer = takeWholeAnswer(await gateway.fetch(request));
  const elapsed = performance.now() - started;
  if (!answer) throw new Error('the gateway answered without a whole JSON answer');
  // The listener's deferred work (the usage record, spare controllers) runs between calls, as it does after a write.
  await new Promise((resolve) => setImmediate(resolve));
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const calls = Number(process.argv[2] ?? 20_000);
for (let index = 0; index < 3_000; index++) await call();
const rounds: number[] = [];
for (let round = 0; round < 5; round++) {
  const times: number[] = [];
  for (let index = 0; index < calls / 5; index++) times.push(await call());
  rounds.push(median(times) * 1000);
}
console.log(`gateway work per small generate call: ${median(rounds).toFixed(1)} µs (rounds ${rounds.map((value) => value.toFixed(1)).join(', ')})`);
