// `npm run bench:server`: what the modelgate gateway server adds over calling the same
// upstream directly through the same AI SDK provider (@ai-sdk/openai's chat model).
// Method, topology and targets: bench/README.md ("Server"). Three processes: this one
// (the load generator), the fake OpenAI upstream (server-bench-upstream.ts) and the
// gateway (server-bench-gateway.ts), all on 127.0.0.1.
//
// Options: --rounds N        rounds of the latency and stream phases (default 11)
//          --phases a,b      latency, concurrent, stream, memory, portkey (default: all)
//          --portkey         only the Portkey comparison (= --phases portkey; server-bench-portkey.ts)
//          --portkey-rounds N, --stream-rounds N   rounds of its latency/throughput and stream-capacity steps (default 5, 3)
//          --no-write        print only; do not touch bench/RESULTS.md or server-results.json
//          --cpu-prof        profile the gateway process (node --cpu-prof; files in bench/profiles/,
//                            summarise with `node bench/cpuprofile-summary.mjs <file>`)
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { createOpenAI } from '@ai-sdk/openai';
import { createGateway } from '../src/v4';
import { buildBenchGateway } from './server-bench-build';
import { runPortkeyComparison } from './server-bench-portkey';
import { median, percentile, rotate, spread, type Spread } from './stats';
import { DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import {
  BENCH_GATEWAY_KEY,
  BENCH_MODELS,
  gatewayCpu,
  LONG_STREAM_DELTAS,
  SLOW_CHUNK_MS,
  UPSTREAM_MODEL,
  type GatewayMessage,
  type UpstreamMessage,
  type UpstreamUrls,
} from './server-bench-shared';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const ROUNDS = Number(option('--rounds') ?? 11);
const PHASES = new Set((args.includes('--portkey') ? 'portkey' : (option('--phases') ?? 'latency,concurrent,stream,memory,portkey')).split(','));
const PORTKEY_ROUNDS = Number(option('--portkey-rounds') ?? 5);
const STREAM_ROUNDS = Number(option('--stream-rounds') ?? 3);
const WRITE = !args.includes('--no-write');
const CPU_PROF = args.includes('--cpu-prof');
/** How the gateway reaches its upstream: node (node-fetch.ts, as `modelgate serve` by default) or undici (`--fetch undici`). */
const GATEWAY_FETCH = option('--fetch') === 'undici' ? 'undici' : 'node';

/** Concurrency 1: per round, each path makes LATENCY_BLOCKS × LATENCY_BLOCK_CALLS sequential calls, block by block. */
const LATENCY_BLOCKS = 16;
const LATENCY_BLOCK_CALLS = 25;
const CONCURRENCY = 64;
const CONCURRENT_CALLS = 1_000;
const CONCURRENT_ROUNDS = Math.max(3, Math.round(ROUNDS / 2));
const MEMORY_ROUNDS = 3;
const MEMORY_LEVELS = [100, 500, 1_000];
/** Streams are opened this many at a time (1,000 connects at once overflow the listen backlog of 511). */
const OPEN_WAVE = 100;
/** How long the memory phase keeps the streams open between its two samples. */
const MEMORY_HOLD_MS = 5_000;

const TARGETS = { addedP50Ms: 0.5, addedP99Ms: 2, streamRatio: 1.3 };

// ------------------------------------------------------------------ processes

/** Forks a bench process: a TypeScript file of bench/ through tsx, or an absolute path to built JavaScript. */
function start<M>(file: string, argv: string[], extraExecArgv: string[] = []): { child: ChildProcess; ready: Promise<M> } {
  const built = path.isAbsolute(file);
  const execArgv = ['--expose-gc', ...(built ? [] : ['--import', 'tsx']), ...extraExecArgv];
  const child = fork(built ? file : path.join(here, file), argv, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<M>((resolve, reject) => {
    child.once('message', (message: M) => resolve(message));
    child.once('exit', (code) => reject(new Error(`${file} exited with code ${code} before it was ready`)));
  });
  return { child, ready };
}

type MemoryMessage = Extract<GatewayMessage, { type: 'memory' }>;

/** The gateway's memory after two GCs, and how many requests it has open. */
function measureGateway(gateway: ChildProcess): Promise<MemoryMessage> {
  return new Promise((resolve) => {
    const onMessage = (message: GatewayMessage) => {
      if (message.type !== 'memory') return;
      gateway.off('message', onMessage);
      resolve(message);
    };
    gateway.on('message', onMessage);
    gateway.send({ type: 'measure' });
  });
}

// ------------------------------------------------------------------ the ways to call

const PROMPT_TEXT = 'Say hello to the benchmark.';
const callOptions: LanguageModelV4CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT_TEXT }] }] };

interface Paths {
  /** @ai-sdk/openai chat model → upstream. */
  directSdk: LanguageModelV4;
  /** modelgate's client (modelgate/v4) → gateway server → @ai-sdk/openai chat model → upstream. */
  serverSdk: LanguageModelV4;
  directUrl: string;
  serverUrl: string;
  /** The pass-through proxy (the floor) in the gateway's process. */
  floorUrl: string;
  /** The bare node:http proxy (the floor of any Node HTTP hop) in the gateway's process. */
  bareUrl: string;
}

function paths(upstreams: UpstreamUrls, gatewayUrl: string, floorUrl: string, bareUrl: string, which: keyof UpstreamUrls): Paths {
  return {
    directSdk: createOpenAI({ baseURL: `${upstreams[which]}/v1`, apiKey: DEFAULT_OPENAI_KEY }).chat(UPSTREAM_MODEL),
    serverSdk: createGateway({ baseURL: `${gatewayUrl}/v4/ai`, apiKey: BENCH_GATEWAY_KEY }).languageModel(BENCH_MODELS[which]),
    directUrl: `${upstreams[which]}/v1/chat/completions`,
    serverUrl: `${gatewayUrl}/v4/ai/language-model`,
    floorUrl: `${floorUrl}/${which}`,
    bareUrl: `${bareUrl}/${which}`,
  };
}

/** What @ai-sdk/openai's chat model sends for the prompt, as plain fetch sends it. */
function directRequest(streaming: boolean): RequestInit {
  const body = { model: UPSTREAM_MODEL, messages: [{ role: 'user', content: PROMPT_TEXT }], ...(streaming ? { stream: true, stream_options: { include_usage: true } } : {}) };
  return { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The gateway protocol's request for the same call, as modelgate's client sends it. */
function gatewayRequest(modelId: string, streaming: boolean): RequestInit {
  return {
    method: 'POST',
    headers: {
      authorization: `Bearer ${BENCH_GATEWAY_KEY}`,
      'content-type': 'application/json',
      'ai-gateway-protocol-version': '0.0.1',
      'ai-gateway-auth-method': 'api-key',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': modelId,
      'ai-language-model-streaming': String(streaming),
    },
    body: JSON.stringify({ prompt: callOptions.prompt }),
  };
}

async function rawText(url: string, init: RequestInit): Promise<string> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.text();
}

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  const reader = body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

/** Reads a streamed body to the end; returns its length. */
async function rawStream(url: string, init: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return drain(response.body);
}

async function sdkGenerate(model: LanguageModelV4): Promise<string> {
  const result = await model.doGenerate(callOptions);
  const text = result.content.find((part) => part.type === 'text');
  if (!text || text.type !== 'text' || !text.text) throw new Error(`${model.provider}: no text in the answer`);
  return text.text;
}

/** Reads a doStream to the end; returns the number of non-empty text deltas (OpenAI opens with an empty one). */
async function sdkStream(model: LanguageModelV4): Promise<number> {
  const { stream } = await model.doStream(callOptions);
  const reader = stream.getReader();
  let deltas = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return deltas;
    if (value.type === 'text-delta' && value.delta !== '') deltas += 1;
    else if (value.type === 'error') throw new Error(`${model.provider}: stream error ${JSON.stringify(value.error)}`);
  }
}

type PathName = 'directSdk' | 'serverSdk' | 'directRaw' | 'bareRaw' | 'floorRaw' | 'serverRaw';
const PATH_NAMES: PathName[] = ['directSdk', 'serverSdk', 'directRaw', 'bareRaw', 'floorRaw', 'serverRaw'];
const LABELS: Record<PathName, string> = {
  directSdk: 'direct, @ai-sdk/openai',
  serverSdk: 'server, modelgate client',
  directRaw: 'direct, plain fetch',
  bareRaw: 'bare node:http proxy, plain fetch',
  floorRaw: 'pass-through proxy, plain fetch',
  serverRaw: 'server, plain fetch',
};

function generateCalls(p: Paths): Record<PathName, () => Promise<unknown>> {
  const direct = directRequest(false);
  const gateway = gatewayRequest(BENCH_MODELS.quick, false);
  return {
    directSdk: () => sdkGenerate(p.directSdk),
    serverSdk: () => sdkGenerate(p.serverSdk),
    directRaw: () => rawText(p.directUrl, direct),
    bareRaw: () => rawText(p.bareUrl, direct),
    floorRaw: () => rawText(p.floorUrl, direct),
    serverRaw: () => rawText(p.serverUrl, gateway),
  };
}

function streamCalls(p: Paths): Record<PathName, () => Promise<number>> {
  const direct = directRequest(true);
  const gateway = gatewayRequest(BENCH_MODELS.long, true);
  return {
    directSdk: () => sdkStream(p.directSdk),
    serverSdk: () => sdkStream(p.serverSdk),
    directRaw: () => rawStream(p.directUrl, direct),
    bareRaw: () => rawStream(p.bareUrl, direct),
    floorRaw: () => rawStream(p.floorUrl, direct),
    serverRaw: () => rawStream(p.serverUrl, gateway),
  };
}

// ------------------------------------------------------------------ statistics

const cpuMicros = (usage: NodeJS.CpuUsage) => usage.user + usage.system;
const byPath = <T>(make: (name: PathName) => T) => Object.fromEntries(PATH_NAMES.map((name) => [name, make(name)])) as Record<PathName, T>;

// ------------------------------------------------------------------ phases

interface LatencyRound {
  p50: Record<PathName, number>;
  p99: Record<PathName, number>;
  /** Gateway process CPU per call (µs): what a call costs the server, whatever the load. */
  gatewayCpuMicros: Record<PathName, number>;
  /** This process's CPU per call (µs): what it costs the caller. */
  clientCpuMicros: Record<PathName, number>;
}

async function latencyRound(gateway: ChildProcess, calls: Record<PathName, () => Promise<unknown>>, round: number, pooled: Record<PathName, number[]>): Promise<LatencyRound> {
  const samples = byPath((): number[] => []);
  const cpu = byPath(() => 0);
  const clientCpu = byPath(() => 0);
  for (let block = 0; block < LATENCY_BLOCKS; block++) {
    for (const name of rotate(PATH_NAMES, round + block)) {
      const call = calls[name];
      const cpuBefore = await gatewayCpu(gateway);
      const clientBefore = process.cpuUsage();
      for (let index = 0; index < LATENCY_BLOCK_CALLS; index++) {
        const started = performance.now();
        await call();
        samples[name].push(performance.now() - started);
      }
      clientCpu[name] += cpuMicros(process.cpuUsage(clientBefore));
      cpu[name] += (await gatewayCpu(gateway)) - cpuBefore;
    }
  }
  for (const name of PATH_NAMES) pooled[name].push(...samples[name]);
  return {
    p50: byPath((name) => percentile(samples[name], 50)),
    p99: byPath((name) => percentile(samples[name], 99)),
    gatewayCpuMicros: byPath((name) => cpu[name] / samples[name].length),
    clientCpuMicros: byPath((name) => clientCpu[name] / samples[name].length),
  };
}

interface ConcurrentRun {
  perSecond: number;
  p50: number;
  p99: number;
  gatewayCpuMicros: number;
}

/** `total` calls, `inFlight` at a time. */
async function concurrentRun(gateway: ChildProcess, call: () => Promise<unknown>, total: number, inFlight: number): Promise<ConcurrentRun> {
  const latencies = new Float64Array(total);
  let next = 0;
  const cpuBefore = await gatewayCpu(gateway);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const index = next++;
        const callStarted = performance.now();
        await call();
        latencies[index] = performance.now() - callStarted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const gatewayCpuMicros = ((await gatewayCpu(gateway)) - cpuBefore) / total;
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), gatewayCpuMicros };
}

interface MemorySample {
  heapUsed: number;
  external: number;
  rss: number;
}

interface MemoryLevel {
  streams: number;
  /** The settled gateway before the streams were opened. */
  idle: MemorySample;
  opened: MemorySample;
  held: MemorySample;
  /** (V8 heap used + external) growth over idle per open stream, just after opening and after the hold. */
  perStreamOpened: number;
  perStreamHeld: number;
  rssPerStreamHeld: number;
  openSeconds: number;
}

const live = (sample: MemorySample) => sample.heapUsed + sample.external;
const asSample = (message: MemoryMessage): MemorySample => ({ heapUsed: message.heapUsed, external: message.external, rss: message.rss });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the gateway has no request open and its live memory stops falling (cancelled streams take a moment to unwind). */
async function settledGateway(gateway: ChildProcess): Promise<MemorySample> {
  let sample = await measureGateway(gateway);
  for (let attempt = 0; sample.openRequests > 0 && attempt < 200; attempt++) {
    await sleep(100);
    sample = await measureGateway(gateway);
  }
  let lowest = asSample(sample);
  for (let attempt = 0; attempt < 20; attempt++) {
    await sleep(500);
    const next = asSample(await measureGateway(gateway));
    const falling = live(next) < live(lowest) - 2 ** 20;
    if (live(next) < live(lowest)) lowest = next;
    if (!falling) break;
  }
  return lowest;
}

/** Opens `count` streams, OPEN_WAVE at a time, each read to its end in the background. */
async function openStreams(count: number, open: (signal: AbortSignal) => Promise<ReadableStream<unknown>>) {
  const controller = new AbortController();
  const readers: Array<Promise<unknown>> = [];
  const started = performance.now();
  for (let opened = 0; opened < count; opened += OPEN_WAVE) {
    const bodies = await Promise.all(Array.from({ length: Math.min(OPEN_WAVE, count - opened) }, () => open(controller.signal)));
    // Read and drop, as a client does.
    for (const body of bodies) {
      const reader = body.getReader();
      const read = async (): Promise<void> => {
        while (!(await reader.read()).done);
      };
      readers.push(read().catch(() => {}));
    }
  }
  return {
    openSeconds: (performance.now() - started) / 1000,
    close: async () => {
      controller.abort();
      await Promise.all(readers);
    },
  };
}

/** `count` slow streams through the server: its memory with all of them open, again after the hold, then they are cancelled. */
async function memoryLevel(gateway: ChildProcess, serverUrl: string, count: number): Promise<MemoryLevel> {
  const idle = await settledGateway(gateway);
  const request = gatewayRequest(BENCH_MODELS.slow, true);
  // The server answers once the upstream's first content part arrived: each stream is open and primed.
  const streams = await openStreams(count, async (signal) => {
    const response = await fetch(serverUrl, { ...request, signal });
    if (!response.ok || !response.body) throw new Error(`slow stream: HTTP ${response.status}`);
    return response.body;
  });
  const opened = asSample(await measureGateway(gateway));
  await sleep(MEMORY_HOLD_MS);
  const held = asSample(await measureGateway(gateway));
  await streams.close();
  return {
    streams: count,
    idle,
    opened,
    held,
    perStreamOpened: (live(opened) - live(idle)) / count,
    perStreamHeld: (live(held) - live(idle)) / count,
    rssPerStreamHeld: (held.rss - idle.rss) / count,
    openSeconds: streams.openSeconds,
  };
}

function ownLiveMemory(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:server does)');
  gc();
  gc();
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.external;
}

/** The comparison: `count` slow doStreams of @ai-sdk/openai, directly, in this process; growth per open stream. */
async function directStreamsMemory(model: LanguageModelV4, count: number): Promise<number> {
  await sleep(1_000);
  const before = ownLiveMemory();
  const streams = await openStreams(count, async (signal) => (await model.doStream({ ...callOptions, abortSignal: signal })).stream);
  await sleep(1_000);
  const perStream = (ownLiveMemory() - before) / count;
  await streams.close();
  return perStream;
}

// ------------------------------------------------------------------ results

interface StreamRound {
  ms: Record<PathName, number>;
  gatewayCpuMs: Record<PathName, number>;
  clientCpuMs: Record<PathName, number>;
}

interface Results {
  latency?: { rounds: LatencyRound[]; pooled: { p50: Record<PathName, number>; p99: Record<PathName, number> } };
  concurrent?: Array<Record<PathName, ConcurrentRun>>;
  stream?: StreamRound[];
  /** idle[0]: settled, before the first round; idle[r]: after round r. */
  memory?: { rounds: MemoryLevel[][]; directPerStream: number[]; idle: MemorySample[] };
}

/** The server's added latency three ways (see bench/README.md), per round. */
const ADDED = {
  raw: { label: 'plain fetch → server vs plain fetch → upstream', through: 'serverRaw', direct: 'directRaw' },
  sdk: { label: 'modelgate client → server vs @ai-sdk/openai → upstream', through: 'serverSdk', direct: 'directSdk' },
  hop: { label: 'plain fetch → server vs @ai-sdk/openai → upstream', through: 'serverRaw', direct: 'directSdk' },
  floor: { label: 'plain fetch → pass-through proxy vs plain fetch → upstream', through: 'floorRaw', direct: 'directRaw' },
  bare: { label: 'plain fetch → bare node:http proxy vs plain fetch → upstream', through: 'bareRaw', direct: 'directRaw' },
} as const satisfies Record<string, { label: string; through: PathName; direct: PathName }>;
type AddedName = keyof typeof ADDED;
const ADDED_NAMES = Object.keys(ADDED) as AddedName[];

function added(rounds: Array<Record<PathName, number>>, name: AddedName): Spread {
  const { through, direct } = ADDED[name];
  return spread(rounds.map((round) => round[through] - round[direct]));
}

const ratios = (rounds: Array<Record<PathName, number>>, through: PathName, direct: PathName) => spread(rounds.map((round) => round[through] / round[direct]));

function summarize(results: Results) {
  const latency = results.latency && {
    p50: byPath((name) => spread(results.latency!.rounds.map((round) => round.p50[name]))),
    p99: byPath((name) => spread(results.latency!.rounds.map((round) => round.p99[name]))),
    cpu: byPath((name) => spread(results.latency!.rounds.map((round) => round.gatewayCpuMicros[name]))),
    clientCpu: byPath((name) => spread(results.latency!.rounds.map((round) => round.clientCpuMicros[name]))),
    addedP50: Object.fromEntries(ADDED_NAMES.map((name) => [name, added(results.latency!.rounds.map((round) => round.p50), name)])) as Record<AddedName, Spread>,
    addedP99: Object.fromEntries(ADDED_NAMES.map((name) => [name, added(results.latency!.rounds.map((round) => round.p99), name)])) as Record<AddedName, Spread>,
  };
  const concurrent = results.concurrent && {
    perSecond: byPath((name) => spread(results.concurrent!.map((round) => round[name].perSecond))),
    p50: byPath((name) => spread(results.concurrent!.map((round) => round[name].p50))),
    p99: byPath((name) => spread(results.concurrent!.map((round) => round[name].p99))),
    cpu: byPath((name) => spread(results.concurrent!.map((round) => round[name].gatewayCpuMicros))),
    addedP50: Object.fromEntries(ADDED_NAMES.map((name) => [name, added(results.concurrent!.map((round) => byPath((path) => round[path].p50)), name)])) as Record<AddedName, Spread>,
    addedP99: Object.fromEntries(ADDED_NAMES.map((name) => [name, added(results.concurrent!.map((round) => byPath((path) => round[path].p99)), name)])) as Record<AddedName, Spread>,
    throughputRatio: Object.fromEntries(
      ADDED_NAMES.map((name) => [name, ratios(results.concurrent!.map((round) => byPath((path) => round[path].perSecond)), ADDED[name].through, ADDED[name].direct)]),
    ) as Record<AddedName, Spread>,
  };
  const stream = results.stream && {
    ms: byPath((name) => spread(results.stream!.map((round) => round.ms[name]))),
    gatewayCpuMs: byPath((name) => spread(results.stream!.map((round) => round.gatewayCpuMs[name]))),
    clientCpuMs: byPath((name) => spread(results.stream!.map((round) => round.clientCpuMs[name]))),
    // CPU of the caller and the gateway together (the upstream's is the same both ways).
    cpuRatio: spread(results.stream.map((round) => (round.clientCpuMs.serverSdk + round.gatewayCpuMs.serverSdk) / (round.clientCpuMs.directSdk + round.gatewayCpuMs.directSdk))),
    ratio: Object.fromEntries(ADDED_NAMES.map((name) => [name, ratios(results.stream!.map((round) => round.ms), ADDED[name].through, ADDED[name].direct)])) as Record<AddedName, Spread>,
  };
  const memory = results.memory && {
    levels: MEMORY_LEVELS.map((streams, index) => {
      const rounds = results.memory!.rounds.map((round) => round[index]!);
      return {
        streams,
        perStreamOpened: spread(rounds.map((level) => level.perStreamOpened)),
        perStreamHeld: spread(rounds.map((level) => level.perStreamHeld)),
        heldGrowth: spread(rounds.map((level) => level.perStreamHeld - level.perStreamOpened)),
        rssPerStream: spread(rounds.map((level) => level.rssPerStreamHeld)),
        idle: spread(rounds.map((level) => live(level.idle))),
        openSeconds: spread(rounds.map((level) => level.openSeconds)),
      };
    }),
    directPerStream: spread(results.memory.directPerStream),
    idle: results.memory.idle.map(live),
    /** Settled idle memory after the last round minus after the first: growth across rounds. */
    idleGrowth: live(results.memory.idle[results.memory.idle.length - 1]!) - live(results.memory.idle[1]!),
  };
  return { latency, concurrent, stream, memory };
}
type Summary = ReturnType<typeof summarize>;

interface Verdict {
  target: string;
  figure: string;
  met: boolean;
  by: string;
}

function verdicts(summary: Summary): Verdict[] {
  const out: Verdict[] = [];
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  if (summary.latency) {
    for (const [target, limit, figure] of [
      ['added p50 ≤ 0.5 ms at concurrency 1', TARGETS.addedP50Ms, summary.latency.addedP50],
      ['added p99 ≤ 2 ms at concurrency 1', TARGETS.addedP99Ms, summary.latency.addedP99],
    ] as const) {
      const value = figure.raw.median;
      out.push({
        target,
        figure: `${ms(value)} (plain fetch both ways; ${ms(figure.hop.median)} server hop vs @ai-sdk/openai, ${ms(figure.sdk.median)} client to client; a pass-through proxy on the same listener adds ${ms(figure.floor.median)}, a bare node:http proxy ${ms(figure.bare.median)})`,
        met: value <= limit,
        by: value <= limit ? `${ms(limit - value)} under` : `${ms(value - limit)} over (${(value / limit).toFixed(1)}× the target)`,
      });
    }
  }
  if (summary.stream) {
    const value = summary.stream.ratio.sdk.median;
    out.push({
      target: `20,000-delta stream ≤ ${TARGETS.streamRatio}× direct`,
      figure:
        `${value.toFixed(2)}× in time (modelgate client through the server ÷ @ai-sdk/openai direct: the provider's parsing moves into the gateway process and runs beside the client's); ` +
        `${summary.stream.cpuRatio.median.toFixed(2)}× in CPU of caller + gateway, which is what the time would be with no core to spare`,
      met: value <= TARGETS.streamRatio,
      by: value <= TARGETS.streamRatio ? `${((1 - value / TARGETS.streamRatio) * 100).toFixed(0)}% under` : `${((value / TARGETS.streamRatio - 1) * 100).toFixed(0)}% over`,
    });
  }
  if (summary.memory) {
    const levels = summary.memory.levels;
    const last = levels[levels.length - 1]!;
    const perStreamSpread = Math.max(...levels.map((level) => level.perStreamOpened.median)) / Math.min(...levels.map((level) => level.perStreamOpened.median));
    // Judged at the largest level, where the GC's noise is smallest per stream.
    const heldGrowth = last.heldGrowth.median;
    const peak = last.perStreamOpened.median * last.streams;
    const bounded = perStreamSpread <= 1.25;
    const steady = heldGrowth <= 0.05 * last.perStreamOpened.median;
    const returns = summary.memory.idleGrowth <= 0.1 * peak;
    out.push({
      target: 'memory flat over 1,000 concurrent streams',
      figure:
        `${levels.map((level) => kb(level.perStreamOpened.median)).join(' / ')} per open stream at ${levels.map((level) => level.streams.toLocaleString('en')).join(' / ')}; ` +
        `${kb(heldGrowth)} per stream more after ${MEMORY_HOLD_MS / 1000} s of streaming at ${last.streams.toLocaleString('en')}; settled idle memory ${mb(summary.memory.idleGrowth)} from the end of round 1 to the end of round ${MEMORY_ROUNDS}`,
      met: bounded && steady && returns,
      by: `per-stream spread ${perStreamSpread.toFixed(2)}× (limit 1.25×), growth while open ${((heldGrowth / last.perStreamOpened.median) * 100).toFixed(1)}% (limit 5%), growth across rounds ${((summary.memory.idleGrowth / peak) * 100).toFixed(1)}% of the 1,000-stream peak (limit 10%)`,
    });
  }
  return out;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 2 ** 20).toFixed(1)} MB`;
const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const withRange = (s: Spread, unit = '') => `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;
const times = (s: Spread) => `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    nproc: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

const versionOf = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const ownVersion = () => (JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;

const SECTION_BEGIN = '<!-- server: written by `npm run bench:server`; do not edit by hand -->';
const SECTION_END = '<!-- /server -->';

function report(summary: Summary, run: { date: string; loadStart: number[]; loadEnd: number[]; seconds: number }): string {
  const m = machine();
  const md: string[] = [SECTION_BEGIN, '', '## Server: what `modelgate/server` adds (`npm run bench:server`)', ''];
  md.push(`- Date: ${run.date}; ${run.seconds.toFixed(0)} s in all`);
  md.push(`- Machine: ${m.cpu}, nproc ${m.nproc}, ${m.memory} RAM; ${m.os}; Node ${m.node}`);
  md.push(
    `- Load average at the start ${run.loadStart.map((x) => x.toFixed(1)).join(', ')}, at the end ${run.loadEnd.map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min): ` +
      'other jobs shared the 2 cores, so absolute times and tails are inflated; the comparisons are within rounds.',
  );
  md.push(
    `- modelgate ${ownVersion()} (the server built from src/ by esbuild and run on plain node, as modelgate serve runs dist/; the modelgate/v4 client from src/ through tsx ${versionOf('tsx')}), @ai-sdk/openai ${versionOf('@ai-sdk/openai')}; ` +
      `the gateway reaching the upstream through ${GATEWAY_FETCH === 'node' ? "undici's dispatcher directly (src/cli/node-fetch.ts, modelgate serve's default; the pass-through proxy uses the same fetch)" : "Node's own fetch (undici; `--fetch undici`)"}; ` +
      'three processes on 127.0.0.1: load generator, gateway (also serving the pass-through proxy and the bare node:http proxy), fake OpenAI upstream (zero delay)',
  );
  md.push(
    `- Concurrency 1: ${ROUNDS} rounds of ${LATENCY_BLOCKS * LATENCY_BLOCK_CALLS} calls per path, in blocks of ${LATENCY_BLOCK_CALLS} alternating path by path; ` +
      `concurrency ${CONCURRENCY}: ${CONCURRENT_ROUNDS} rounds of ${CONCURRENT_CALLS.toLocaleString('en')} calls per path; stream: ${ROUNDS} rounds; a warm-up round before each`,
  );
  md.push('');
  const cols: PathName[] = ['directSdk', 'serverSdk', 'directRaw', 'bareRaw', 'floorRaw', 'serverRaw'];
  md.push(`| figure (median of rounds, range) | ${cols.map((name) => LABELS[name]).join(' | ')} |`);
  md.push(`|---|${cols.map(() => '---|').join('')}`);
  const row = (label: string, cells: (name: PathName) => string) => md.push(`| ${label} | ${cols.map(cells).join(' | ')} |`);
  const serverSide = (name: PathName) => name === 'serverSdk' || name === 'serverRaw' || name === 'floorRaw' || name === 'bareRaw';
  if (summary.latency) {
    const l = summary.latency;
    row('small call, concurrency 1: p50 latency (ms)', (name) => withRange(l.p50[name]));
    row('small call, concurrency 1: p99 latency (ms)', (name) => withRange(l.p99[name]));
    row('small call, concurrency 1: gateway CPU per call (µs)', (name) => (serverSide(name) ? withRange(l.cpu[name]) : '—'));
    row('small call, concurrency 1: load generator CPU per call (µs)', (name) => withRange(l.clientCpu[name]));
  }
  if (summary.concurrent) {
    const c = summary.concurrent;
    row(`small call, concurrency ${CONCURRENCY}: throughput (calls/s)`, (name) => withRange(c.perSecond[name]));
    row(`small call, concurrency ${CONCURRENCY}: p50 latency (ms)`, (name) => withRange(c.p50[name]));
    row(`small call, concurrency ${CONCURRENCY}: p99 latency (ms)`, (name) => withRange(c.p99[name]));
    row(`small call, concurrency ${CONCURRENCY}: gateway CPU per call (µs)`, (name) => (serverSide(name) ? withRange(c.cpu[name]) : '—'));
  }
  if (summary.stream) {
    const s = summary.stream;
    row('20,000-delta stream: time (ms)', (name) => withRange(s.ms[name]));
    row('20,000-delta stream: gateway CPU (ms)', (name) => (serverSide(name) ? withRange(s.gatewayCpuMs[name]) : '—'));
    row('20,000-delta stream: load generator CPU (ms)', (name) => withRange(s.clientCpuMs[name]));
  }
  md.push('');
  md.push('What the server adds, per round, then the median (range) over rounds:', '');
  md.push('| figure | plain fetch → server − plain fetch → upstream | modelgate client → server − @ai-sdk/openai → upstream | plain fetch → server − @ai-sdk/openai → upstream (the hop) | pass-through proxy − plain fetch (the floor) | bare node:http proxy − plain fetch (any Node hop) | target |');
  md.push('|---|---|---|---|---|---|---|');
  const addedRow = (label: string, figure: Record<AddedName, Spread>, unit: string, target: string) =>
    md.push(`| ${label} | ${ADDED_NAMES.map((name) => withRange(figure[name], unit)).join(' | ')} | ${target} |`);
  if (summary.latency) {
    addedRow('added p50 latency, concurrency 1', summary.latency.addedP50, ' ms', `≤ ${TARGETS.addedP50Ms} ms (first column)`);
    addedRow('added p99 latency, concurrency 1', summary.latency.addedP99, ' ms', `≤ ${TARGETS.addedP99Ms} ms (first column)`);
  }
  if (summary.concurrent) {
    addedRow(`added p50 latency, concurrency ${CONCURRENCY}`, summary.concurrent.addedP50, ' ms', '');
    addedRow(`added p99 latency, concurrency ${CONCURRENCY}`, summary.concurrent.addedP99, ' ms', '');
    md.push(`| throughput, concurrency ${CONCURRENCY}, through ÷ direct | ${ADDED_NAMES.map((name) => times(summary.concurrent!.throughputRatio[name])).join(' | ')} |  |`);
  }
  if (summary.stream) {
    md.push(`| 20,000-delta stream, through ÷ direct | ${ADDED_NAMES.map((name) => times(summary.stream!.ratio[name])).join(' | ')} | ≤ ${TARGETS.streamRatio}× (second column) |`);
  }
  md.push('');
  if (summary.memory) {
    const mem = summary.memory;
    md.push(
      `Memory: the slow upstream sends a delta every ${SLOW_CHUNK_MS} ms; N streams are opened through the server (${OPEN_WAVE} at a time) and read by the load generator; ` +
        `the gateway's V8 heap used + external memory after two GCs, minus the settled idle figure before, per open stream; again after ${MEMORY_HOLD_MS / 1000} s of streaming; then the streams are cancelled. ${MEMORY_ROUNDS} rounds.`,
      '',
    );
    md.push('| open streams | per stream, just opened | per stream, after the hold | growth during the hold, per stream | RSS growth per stream (noisy) | settled idle before (MB) | time to open (s) |');
    md.push('|---|---|---|---|---|---|---|');
    for (const level of mem.levels) {
      md.push(
        `| ${level.streams.toLocaleString('en')} | ${withRange(spreadKb(level.perStreamOpened), ' KB')} | ${withRange(spreadKb(level.perStreamHeld), ' KB')} | ${withRange(spreadKb(level.heldGrowth), ' KB')} | ` +
          `${withRange(spreadKb(level.rssPerStream), ' KB')} | ${withRange(spreadMb(level.idle))} | ${withRange(level.openSeconds)} |`,
      );
    }
    md.push('');
    md.push(
      `For comparison, the same slow stream opened with @ai-sdk/openai directly (1,000 doStreams in the load generator) holds ${withRange(spreadKb(mem.directPerStream), ' KB')} per open stream: ` +
        'most of what the server holds per stream is the provider package\'s own stream pipeline. ' +
        `Settled idle memory (MB) before the first round and after each: ${mem.idle.map((bytes) => (bytes / 2 ** 20).toFixed(1)).join(', ')}.`,
      '',
    );
  }
  md.push('Verdicts:', '');
  for (const verdict of verdicts(summary)) md.push(`- **${verdict.met ? 'met' : 'not met'}**: ${verdict.target}: ${verdict.figure}; ${verdict.by}`);
  md.push('', 'Method, and where the time goes: [README.md](README.md), "Server: npm run bench:server".');
  md.push('', SECTION_END);
  return md.join('\n');
}

const spreadKb = (s: Spread): Spread => ({ median: s.median / 1024, min: s.min / 1024, max: s.max / 1024, rounds: s.rounds.map((x) => x / 1024) });
const spreadMb = (s: Spread): Spread => ({ median: s.median / 2 ** 20, min: s.min / 2 ** 20, max: s.max / 2 ** 20, rounds: s.rounds.map((x) => x / 2 ** 20) });

function writeResults(section: string, json: unknown) {
  const file = path.join(here, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const begin = old.indexOf(SECTION_BEGIN);
  const end = old.indexOf(SECTION_END);
  const next = begin >= 0 && end > begin ? old.slice(0, begin) + section + old.slice(end + SECTION_END.length) : `${old.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
  fs.writeFileSync(path.join(here, 'server-results.json'), JSON.stringify(json, null, 2) + '\n');
  console.log('wrote the server section of bench/RESULTS.md and bench/server-results.json');
}

// ------------------------------------------------------------------ main

async function main() {
  const upstream = start<UpstreamMessage>('server-bench-upstream.ts', []);
  const upstreams = (await upstream.ready).urls;
  try {
    if ([...PHASES].some((phase) => phase !== 'portkey')) await serverPhases(upstreams);
    if (PHASES.has('portkey')) await runPortkeyComparison({ upstreams, rounds: PORTKEY_ROUNDS, streamRounds: STREAM_ROUNDS, write: WRITE, cpuProf: CPU_PROF, gatewayFetch: GATEWAY_FETCH });
  } finally {
    upstream.child.disconnect();
  }
}

/** The phases measuring what the server adds over calling the upstream directly. */
async function serverPhases(upstreams: UpstreamUrls) {
  const loadStart = os.loadavg();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const startedAt = performance.now();
  const profile = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.join(here, 'profiles')] : [];
  const gatewayProcess = start<GatewayMessage>(await buildBenchGateway(), [JSON.stringify(upstreams), GATEWAY_FETCH], profile);
  const ready = await gatewayProcess.ready;
  if (ready.type !== 'ready') throw new Error('the gateway did not start');
  const gateway = gatewayProcess.child;
  const results: Results = {};
  const log = (line: string) => console.log(line);
  try {
    const quick = paths(upstreams, ready.url, ready.floorUrl, ready.bareUrl, 'quick');
    const long = paths(upstreams, ready.url, ready.floorUrl, ready.bareUrl, 'long');
    const slow = paths(upstreams, ready.url, ready.floorUrl, ready.bareUrl, 'slow');
    const generate = generateCalls(quick);
    const stream = streamCalls(long);

    // Every path gives the same answer, and both SDK paths the same 20,000 deltas.
    const answers = await Promise.all([sdkGenerate(quick.directSdk), sdkGenerate(quick.serverSdk)]);
    if (answers[0] !== answers[1]) throw new Error(`direct and through-server answers differ: ${JSON.stringify(answers)}`);
    for (const name of ['directSdk', 'serverSdk'] as const) {
      const deltas = await stream[name]();
      if (deltas !== LONG_STREAM_DELTAS) throw new Error(`${LABELS[name]}: ${deltas} text deltas, expected ${LONG_STREAM_DELTAS}`);
    }

    if (PHASES.has('latency')) {
      const rounds: LatencyRound[] = [];
      const pooledSamples = byPath((): number[] => []);
      for (let round = 0; round <= ROUNDS; round++) {
        const result = await latencyRound(gateway, generate, round, round === 0 ? byPath((): number[] => []) : pooledSamples);
        if (round === 0) continue;
        rounds.push(result);
        log(`latency ${round}/${ROUNDS}: p50 ${PATH_NAMES.map((n) => `${n} ${fmt(result.p50[n])}`).join(', ')} ms; p99 ${PATH_NAMES.map((n) => `${n} ${fmt(result.p99[n])}`).join(', ')} ms`);
      }
      results.latency = {
        rounds,
        pooled: { p50: byPath((name) => percentile(pooledSamples[name], 50)), p99: byPath((name) => percentile(pooledSamples[name], 99)) },
      };
    }

    if (PHASES.has('concurrent')) {
      const rounds: Array<Record<PathName, ConcurrentRun>> = [];
      for (let round = 0; round <= CONCURRENT_ROUNDS; round++) {
        const runs = {} as Record<PathName, ConcurrentRun>;
        for (const name of rotate(PATH_NAMES, round)) runs[name] = await concurrentRun(gateway, generate[name], round === 0 ? 200 : CONCURRENT_CALLS, CONCURRENCY);
        if (round === 0) continue;
        rounds.push(runs);
        log(`concurrency ${CONCURRENCY}, ${round}/${CONCURRENT_ROUNDS}: ${PATH_NAMES.map((n) => `${n} ${runs[n].perSecond.toFixed(0)}/s`).join(', ')}`);
      }
      results.concurrent = rounds;
    }

    if (PHASES.has('stream')) {
      const rounds: StreamRound[] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        const times = byPath(() => 0);
        const cpu = byPath(() => 0);
        const clientCpu = byPath(() => 0);
        for (const name of rotate(PATH_NAMES, round)) {
          const cpuBefore = await gatewayCpu(gateway);
          const clientBefore = process.cpuUsage();
          const started = performance.now();
          await stream[name]();
          times[name] = performance.now() - started;
          clientCpu[name] = cpuMicros(process.cpuUsage(clientBefore)) / 1000;
          cpu[name] = ((await gatewayCpu(gateway)) - cpuBefore) / 1000;
        }
        if (round === 0) continue;
        rounds.push({ ms: times, gatewayCpuMs: cpu, clientCpuMs: clientCpu });
        log(`stream ${round}/${ROUNDS}: ${PATH_NAMES.map((n) => `${n} ${fmt(times[n])}`).join(', ')} ms`);
      }
      results.stream = rounds;
    }

    if (PHASES.has('memory')) {
      const idle = [await settledGateway(gateway)];
      const rounds: MemoryLevel[][] = [];
      const directPerStream: number[] = [];
      for (let round = 0; round < MEMORY_ROUNDS; round++) {
        const levels: MemoryLevel[] = [];
        for (const count of MEMORY_LEVELS) {
          const level = await memoryLevel(gateway, slow.serverUrl, count);
          levels.push(level);
          log(`memory ${round + 1}/${MEMORY_ROUNDS}, ${count} streams: ${kb(level.perStreamOpened)} per stream open, ${kb(level.perStreamHeld)} after the hold (opened in ${level.openSeconds.toFixed(1)} s)`);
        }
        rounds.push(levels);
        directPerStream.push(await directStreamsMemory(slow.directSdk, MEMORY_LEVELS[MEMORY_LEVELS.length - 1]!));
        log(`memory ${round + 1}/${MEMORY_ROUNDS}, direct @ai-sdk/openai: ${kb(directPerStream[round]!)} per stream open`);
        idle.push(await settledGateway(gateway));
      }
      results.memory = { rounds, directPerStream, idle };
    }
  } finally {
    gateway.disconnect();
  }

  const seconds = (performance.now() - startedAt) / 1000;
  const summary = summarize(results);
  const section = report(summary, { date, loadStart, loadEnd: os.loadavg(), seconds });
  console.log(`\n${section}\n`);
  if (WRITE) writeResults(section, { date, machine: machine(), loadStart, loadEnd: os.loadavg(), rounds: ROUNDS, summary, results });
}

await main();
