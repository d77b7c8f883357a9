#!/usr/bin/env node
// Memory per stream: how much heap an open modelgate stream holds, and how much a
// finished one leaves behind (should be ~0: anything more is a leak).
//
//   npm run build && node --expose-gc bench/stream-memory.mjs [--streams 500] [--parts 200] [--rounds 3]
//                                                              [--client modelgate|ai-sdk-gateway]
//
// --client ai-sdk-gateway measures the public @ai-sdk/gateway client the same way, for comparison.
//
// Streams go through the real `ai` package (streamText) to a local SSE server on
// 127.0.0.1 over real sockets. Prints a table and one JSON line (for CI diffs).
// This is a measurement, not a test: it never fails on a number.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { streamText } from 'ai';

if (typeof globalThis.gc !== 'function') {
  console.error('run with: node --expose-gc bench/stream-memory.mjs');
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    streams: { type: 'string', default: '500' },
    parts: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    client: { type: 'string', default: 'modelgate' },
  },
});
const clients = { modelgate: 'modelgate', 'ai-sdk-gateway': '@ai-sdk/gateway' };
if (!(values.client in clients)) {
  console.error(`--client must be one of: ${Object.keys(clients).join(', ')}`);
  process.exit(2);
}
const { createGateway } = await import(clients[values.client]);
const STREAMS = Math.max(1, Number(values.streams));
const PARTS = Math.max(2, Number(values.parts));
const ROUNDS = Math.max(1, Number(values.rounds));

// ---- a minimal gateway stand-in -------------------------------------------------
const event = (part) => `data: ${JSON.stringify(part)}\n\n`;
const head = [
  { type: 'stream-start', warnings: [] },
  { type: 'response-metadata', id: 'resp', modelId: 'bench/model', timestamp: new Date(0).toISOString() },
  { type: 'text-start', id: 't' },
]
  .map(event)
  .join('');
const delta = event({ type: 'text-delta', id: 't', delta: 'lorem ipsum dolor sit amet ' });
const tail = [
  { type: 'text-end', id: 't' },
  { type: 'finish', finishReason: 'stop', usage: { inputTokens: 5, outputTokens: PARTS, totalTokens: PARTS + 5 } },
]
  .map(event)
  .join('');

/** Responses parked half-way (for the in-flight measurement), released all at once. */
const parked = new Set();
let parkHalfway = false;

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const half = delta.repeat(Math.floor(PARTS / 2));
    const rest = delta.repeat(PARTS - Math.floor(PARTS / 2)) + tail;
    res.write(head + half);
    const finish = () => res.end(rest);
    if (parkHalfway) parked.add(finish);
    else finish();
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseURL = `http://127.0.0.1:${server.address().port}/v1/ai`;
const gateway = createGateway({ baseURL, apiKey: 'bench-key' });

// ---- measurement helpers --------------------------------------------------------
async function settledHeap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function consume(result) {
  let chars = 0;
  for await (const text of result.textStream) chars += text.length;
  return chars;
}

function start() {
  return streamText({ model: gateway('bench/model'), prompt: 'memory', maxRetries: 0 });
}

const expectedChars = 'lorem ipsum dolor sit amet '.length * PARTS;

/** Runs `count` streams to completion, `concurrency` at a time. */
async function runToCompletion(count, concurrency = 50) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const chars = await consume(start());
      if (chars !== expectedChars) throw new Error(`stream delivered ${chars} chars, expected ${expectedChars}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

// ---- 1. in flight: STREAMS streams open at once, each half-way through its body --
await runToCompletion(50); // warm up: JIT, connection pool, module state
const baseline = await settledHeap();

parkHalfway = true;
const open = Array.from({ length: STREAMS }, () => start());
const reading = open.map((r) => consume(r));
while (parked.size < STREAMS) await new Promise((r) => setTimeout(r, 10));
await new Promise((r) => setTimeout(r, 100)); // let the first halves be read
const whileOpen = await settledHeap();
parkHalfway = false;
for (const finish of parked) finish();
parked.clear();
const chars = await Promise.all(reading);
if (chars.some((c) => c !== expectedChars)) throw new Error('an in-flight stream lost data');
open.length = 0;
reading.length = 0;
const afterOpen = await settledHeap();

// ---- 2. retained: ROUNDS rounds of STREAMS finished streams ---------------------
const rounds = [];
let before = await settledHeap();
for (let round = 1; round <= ROUNDS; round++) {
  await runToCompletion(STREAMS);
  const after = await settledHeap();
  rounds.push({ round, streams: STREAMS, growthBytes: after - before });
  before = after;
}
const total = rounds.reduce((sum, r) => sum + r.growthBytes, 0);
// The first round may still fill caches; later rounds show a steady-state leak.
const steady = rounds.slice(1);
const steadyPerStream =
  steady.length > 0 ? steady.reduce((s, r) => s + r.growthBytes, 0) / (steady.length * STREAMS) : total / STREAMS;

server.close();
server.closeAllConnections?.();

const report = {
  client: values.client,
  node: process.version,
  streams: STREAMS,
  partsPerStream: PARTS,
  inFlightBytesPerStream: Math.round((whileOpen - baseline) / STREAMS),
  heapAfterOpenStreamsClosedBytes: afterOpen - baseline,
  retainedBytesPerFinishedStream: Math.round(steadyPerStream),
  rounds,
};

console.log(`stream memory: ${values.client} (node ${process.version}, ${STREAMS} streams x ${PARTS} parts)`);
console.log(`  heap baseline                       ${kb(baseline)} KiB`);
console.log(`  in flight, per open stream          ${kb(report.inFlightBytesPerStream)} KiB`);
console.log(`  after the open streams finished     ${kb(report.heapAfterOpenStreamsClosedBytes)} KiB above baseline`);
for (const r of rounds) {
  console.log(`  round ${r.round}: ${r.streams} finished streams  ${kb(r.growthBytes)} KiB growth (${(r.growthBytes / r.streams).toFixed(0)} B/stream)`);
}
console.log(`  retained per finished stream        ${report.retainedBytesPerFinishedStream} B (steady state)`);
console.log(JSON.stringify(report));
