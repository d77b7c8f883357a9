// The gateway's own CPU, with nothing else in the process: `npx tsx bench/server-overhead.ts [rounds] [generate|stream]`.
// createGatewayServer's fetch handler called in-process (no HTTP, no listener) in front of an
// upstream model that costs nothing (a V4 model answering from memory), so what is measured is
// the gateway's own work: key check, call decoding, routing, metadata, conversions, encoding,
// Request/Response objects. Per small generate call, and per 20,000-delta stream read to the end.
// Rounds alternate; medians (range) of CPU per call and per stream are printed.
import type { LanguageModelV4, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createGatewayServer } from '../src/server';

const KEY = 'overhead-key-0123456789';
const DELTAS = 20_000;
/** Parts reach the gateway in bursts, as they do from a socket read. */
const BURST = 100;
const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

const model: LanguageModelV4 = {
  specificationVersion: 'v4',
  provider: 'memory',
  modelId: 'memory',
  supportedUrls: {},
  async doGenerate() {
    return {
      content: [{ type: 'text', text: 'Hello from the benchmark.' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage,
      warnings: [],
      response: { id: 'up-1', modelId: 'memory', timestamp: new Date(0) },
    };
  },
  async doStream() {
    let sent = 0;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        controller.enqueue({ type: 'stream-start', warnings: [] });
        controller.enqueue({ type: 'response-metadata', id: 'up-1', modelId: 'memory', timestamp: new Date(0) });
        controller.enqueue({ type: 'text-start', id: '0' });
      },
      async pull(controller) {
        await Promise.resolve();
        for (let i = 0; i < BURST && sent < DELTAS; i += 1, sent += 1) controller.enqueue({ type: 'text-delta', id: '0', delta: `w${sent} ` });
        if (sent === DELTAS) {
          controller.enqueue({ type: 'text-end', id: '0' });
          controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage });
          controller.close();
        }
      },
    });
    return { stream };
  },
};

const gateway = createGatewayServer({
  providers: { memory: { languageModel: () => model } },
  models: { 'memory/model': { providers: [{ provider: 'memory', model: 'memory', pricing: { input: '0.000001', output: '0.000002' } }] } },
  keys: [{ name: 'bench', key: KEY }],
});

const body = JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello to the benchmark.' }] }] });
const request = (streaming: boolean) =>
  new Request('http://127.0.0.1:8080/v4/ai/language-model', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': 'memory/model',
      'ai-language-model-streaming': String(streaming),
    },
    body,
  });

async function generate() {
  const response = await gateway.fetch(request(false));
  if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

async function stream() {
  const response = await gateway.fetch(request(true));
  if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
  const reader = response.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  if (bytes < DELTAS * 20) throw new Error(`stream too short: ${bytes} bytes`);
}

async function cpu(run: () => Promise<void>, times: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i += 1) await run();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounds = Number(process.argv[2] ?? 7);
const only = process.argv[3];
const calls: number[] = [];
const streams: number[] = [];
await cpu(generate, 500);
await cpu(stream, 2);
for (let round = 0; round < rounds; round += 1) {
  if (only !== 'stream') calls.push(await cpu(generate, 1_000));
  if (only !== 'generate') streams.push((await cpu(stream, 3)) / 1_000);
}
const show = (values: number[], digits: number) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
if (calls.length) console.log(`gateway CPU per small generate call: ${show(calls, 0)} µs`);
if (streams.length) console.log(`gateway CPU per ${DELTAS.toLocaleString('en')}-delta stream: ${show(streams, 1)} ms`);
