// The Portkey comparison of `npm run bench:server` (phase `portkey`; `--portkey` runs only this):
// modelgate's gateway server and the Portkey AI gateway (@portkey-ai/gateway, its Node server),
// each in its own process, in front of the same zero-delay fake OpenAI upstream, reached through
// each gateway's OpenAI-compatible POST /v1/chat/completions. Method: bench/README.md ("Portkey").
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import { buildBenchGateway } from './server-bench-build';
import { percentile, rotate, spread, type Spread } from './stats';
import { BENCH_GATEWAY_KEY, BENCH_MODELS, PACED_CHUNK_MS, PACED_DELTAS, UPSTREAM_MODEL, type GatewayMessage, type UpstreamUrls } from './server-bench-shared';

const here = path.dirname(fileURLToPath(import.meta.url));
const PORTKEY_SERVER = path.join(here, '..', 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');

/** Concurrency 1: per round, each path makes BLOCKS × BLOCK_CALLS sequential calls, block by block, the order rotating. */
const BLOCKS = 16;
const BLOCK_CALLS = 25;
const CONCURRENCY = 64;
const CONCURRENT_CALLS = 2_000;
/** Stream capacity: the levels stepped through (each held for a whole paced stream); a stall is no chunk for STALL_MS. */
export const STREAM_LEVELS = [250, 500, 1_000, 1_500, 2_000];
const STALL_MS = 2_000;
/** Streams are opened this many at a time (a larger burst of connects overflows a listen backlog of 511). */
const OPEN_WAVE = 100;

export interface PortkeyOptions {
  upstreams: UpstreamUrls;
  /** Rounds of the latency and throughput steps. */
  rounds: number;
  /** Rounds of the stream-capacity step (each steps through STREAM_LEVELS for both gateways). */
  streamRounds: number;
  write: boolean;
  /** Profile modelgate's gateway process (node --cpu-prof into bench/profiles/). */
  cpuProf: boolean;
  /** How modelgate reaches the upstream: src/cli/node-fetch.ts as `modelgate serve` by default, or Node's own fetch (`--fetch undici`). */
  gatewayFetch: 'node' | 'undici';
}

type GatewayName = 'modelgate' | 'portkey';
type PathName = 'direct' | GatewayName;
const GATEWAYS: GatewayName[] = ['modelgate', 'portkey'];
const PATHS: PathName[] = ['direct', 'modelgate', 'portkey'];

// ------------------------------------------------------------------ processes

interface Gateway {
  name: GatewayName;
  url: string;
  process: ChildProcess;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** modelgate's bench gateway (server-bench-gateway.ts), a fresh process so its peak RSS is this comparison's alone. */
async function startModelgate(upstreams: UpstreamUrls, cpuProf: boolean, gatewayFetch: 'node' | 'undici'): Promise<Gateway> {
  const execArgv = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(here, 'profiles')] : [];
  const child = fork(await buildBenchGateway(), [JSON.stringify(upstreams), gatewayFetch], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<GatewayMessage>((resolve, reject) => {
    child.once('message', (message: GatewayMessage) => resolve(message));
    child.once('exit', (code) => reject(new Error(`server-bench-gateway.ts exited with code ${code} before it was ready`)));
  });
  if (ready.type !== 'ready') throw new Error('the modelgate gateway did not start');
  return {
    name: 'modelgate',
    url: ready.url,
    process: child,
    close: async () => {
      child.disconnect();
      await exited(child);
    },
  };
}

/** Portkey's Node server (`node build/start-server.js --port=N --headless`), as its README starts it. */
async function startPortkey(): Promise<Gateway> {
  if (!fs.existsSync(PORTKEY_SERVER)) throw new Error(`${PORTKEY_SERVER} is missing: run npm install (it is a devDependency)`);
  const port = await freePort();
  const child = spawn(process.execPath, [PORTKEY_SERVER, `--port=${port}`, '--headless'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`Portkey exited with code ${child.exitCode} before it was ready`);
    try {
      await fetch(url);
      break;
    } catch {
      if (attempt > 200) throw new Error('Portkey did not start listening within 20 s');
      await sleep(100);
    }
  }
  return {
    name: 'portkey',
    url,
    process: child,
    close: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** Peak (VmHWM) and current (VmRSS) resident set size of a process, bytes (Linux /proc). */
function rssOf(pid: number): { peak: number; now: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

/** User + system CPU time of a process so far, µs (Linux /proc; clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

// ------------------------------------------------------------------ requests

const PROMPT = 'Say hello to the benchmark.';

interface Target {
  url: string;
  headers: Record<string, string>;
  body: (stream: boolean) => string;
}

function targets(upstreams: UpstreamUrls, gateways: Record<GatewayName, Gateway>, upstream: 'quick' | 'paced'): Record<PathName, Target> {
  const openaiBody = (stream: boolean) => JSON.stringify({ model: UPSTREAM_MODEL, messages: [{ role: 'user', content: PROMPT }], ...(stream ? { stream: true } : {}) });
  return {
    direct: { url: `${upstreams[upstream]}/v1/chat/completions`, headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}` }, body: openaiBody },
    modelgate: {
      url: `${gateways.modelgate.url}/v1/chat/completions`,
      headers: { authorization: `Bearer ${BENCH_GATEWAY_KEY}` },
      body: (stream) => JSON.stringify({ model: BENCH_MODELS[upstream], messages: [{ role: 'user', content: PROMPT }], ...(stream ? { stream: true } : {}) }),
    },
    portkey: {
      url: `${gateways.portkey.url}/v1/chat/completions`,
      // Portkey's per-request routing: provider and base URL in headers, the provider key as the bearer token.
      headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreams[upstream]}/v1` },
      body: openaiBody,
    },
  };
}

/** One non-streamed chat completion; returns the reply text (checked to be the same on every path). */
async function complete(target: Target): Promise<string> {
  const response = await fetch(target.url, { method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body: target.body(false) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target.url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  const content = (JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }> }).choices?.[0]?.message?.content;
  if (!content) throw new Error(`${target.url}: no message content in ${text.slice(0, 300)}`);
  return content;
}

// ------------------------------------------------------------------ statistics

const byPath = <T>(make: (name: PathName) => T) => Object.fromEntries(PATHS.map((name) => [name, make(name)])) as Record<PathName, T>;
const byGateway = <T>(make: (name: GatewayName) => T) => Object.fromEntries(GATEWAYS.map((name) => [name, make(name)])) as Record<GatewayName, T>;

// ------------------------------------------------------------------ steps

interface LatencyRound {
  p50: Record<PathName, number>;
  p99: Record<PathName, number>;
  /** Gateway process CPU per call, µs. */
  cpuMicros: Record<GatewayName, number>;
}

async function latencyRound(paths: Record<PathName, Target>, gateways: Record<GatewayName, Gateway>, round: number): Promise<LatencyRound> {
  const samples = byPath((): number[] => []);
  const cpu = byGateway(() => 0);
  for (let block = 0; block < BLOCKS; block++) {
    for (const name of rotate(PATHS, round + block)) {
      const pid = name === 'direct' ? undefined : gateways[name].process.pid!;
      const before = pid ? cpuOf(pid) : 0;
      for (let call = 0; call < BLOCK_CALLS; call++) {
        const started = performance.now();
        await complete(paths[name]);
        samples[name].push(performance.now() - started);
      }
      if (pid && name !== 'direct') cpu[name] += cpuOf(pid) - before;
    }
  }
  return {
    p50: byPath((name) => percentile(samples[name], 50)),
    p99: byPath((name) => percentile(samples[name], 99)),
    cpuMicros: byGateway((name) => cpu[name] / samples[name].length),
  };
}

interface ThroughputRun {
  perSecond: number;
  p50: number;
  p99: number;
  cpuMicros: number;
}

async function throughputRun(target: Target, pid: number | undefined, total: number): Promise<ThroughputRun> {
  const latencies = new Float64Array(total);
  let next = 0;
  const before = pid ? cpuOf(pid) : 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const index = next++;
        const callStarted = performance.now();
        await complete(target);
        latencies[index] = performance.now() - callStarted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMicros: pid ? (cpuOf(pid) - before) / total : 0 };
}

interface StreamLevel {
  streams: number;
  /** Streams that ended with `data: [DONE]` after every delta. */
  completed: number;
  /** Streams with a gap of more than STALL_MS between chunks (or before the first). */
  stalled: number;
  failed: number;
  /** The most streams open at once, as the load generator counted them. */
  peakOpen: number;
  maxGapMs: number;
  /** Of maxGapMs: the longest wait from a stream's request to its first chunk, and the longest gap after that. */
  maxFirstChunkMs: number;
  maxLaterGapMs: number;
  /** Gateway RSS (bytes) sampled while the streams were open, highest. */
  peakRss: number;
  /** Gateway CPU (µs) per delta the upstream sent, over the whole level. */
  cpuPerDeltaMicros: number;
  held: boolean;
}

const streamAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * `count` paced streams (a delta every PACED_CHUNK_MS) through one path, opened OPEN_WAVE at a time,
 * each read to its end; held when every stream completes, none stalls, and all were open at once.
 */
async function streamLevel(target: Target, pid: number | undefined, count: number): Promise<StreamLevel> {
  let open = 0;
  let peakOpen = 0;
  let completed = 0;
  let stalled = 0;
  let failed = 0;
  let maxGapMs = 0;
  let maxFirstChunkMs = 0;
  let maxLaterGapMs = 0;
  let peakRss = 0;
  const sampler = pid ? setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid).now)), 250) : undefined;
  const cpuBefore = pid ? cpuOf(pid) : 0;
  const url = new URL(target.url);
  const body = target.body(true);
  const finished: Array<Promise<void>> = [];
  const openOne = () =>
    new Promise<void>((opened) => {
      let last = performance.now();
      let gap = 0;
      let tail = '';
      const done = new Promise<void>((resolve) => {
        const request = http.request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: streamAgent, headers: { ...target.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (response) => {
            open += 1;
            peakOpen = Math.max(peakOpen, open);
            opened();
            response.setEncoding('utf8');
            let first = true;
            response.on('data', (chunk: string) => {
              const now = performance.now();
              gap = Math.max(gap, now - last);
              if (first) maxFirstChunkMs = Math.max(maxFirstChunkMs, now - last);
              else maxLaterGapMs = Math.max(maxLaterGapMs, now - last);
              first = false;
              last = now;
              tail = (tail + chunk).slice(-64);
            });
            response.on('end', () => {
              open -= 1;
              gap = Math.max(gap, performance.now() - last);
              maxGapMs = Math.max(maxGapMs, gap);
              if (response.statusCode !== 200) failed += 1;
              else if (!tail.trimEnd().endsWith('data: [DONE]')) failed += 1;
              else if (gap > STALL_MS) stalled += 1;
              else completed += 1;
              resolve();
            });
            response.on('error', () => {
              open -= 1;
              failed += 1;
              resolve();
            });
          },
        );
        request.on('error', () => {
          failed += 1;
          opened();
          resolve();
        });
        request.end(body);
      });
      finished.push(done);
    });
  for (let started = 0; started < count; started += OPEN_WAVE) {
    await Promise.all(Array.from({ length: Math.min(OPEN_WAVE, count - started) }, openOne));
  }
  await Promise.all(finished);
  if (sampler) clearInterval(sampler);
  const cpuPerDeltaMicros = pid ? (cpuOf(pid) - cpuBefore) / (count * PACED_DELTAS) : 0;
  return { streams: count, completed, stalled, failed, peakOpen, maxGapMs, maxFirstChunkMs, maxLaterGapMs, peakRss, cpuPerDeltaMicros, held: completed === count && peakOpen === count };
}

// ------------------------------------------------------------------ run

export interface PortkeyResults {
  date: string;
  versions: { modelgate: string; portkey: string; honoNodeServer: string; node: string };
  gatewayFetch: 'node' | 'undici';
  latency: LatencyRound[];
  throughput: Array<Record<PathName, ThroughputRun>>;
  /** Per round, per gateway: the levels tried, in order, up to the first one not held. */
  streams: Array<Record<GatewayName, StreamLevel[]>>;
  /** The direct control: the highest level straight to the upstream (the load generator and upstream can hold it). */
  directControl: StreamLevel;
  rss: Record<GatewayName, { idle: number; peak: number }>;
  loadStart: number[];
  loadEnd: number[];
  seconds: number;
}

const versionOf = (pkg: string, under = '') => (JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', under, pkg, 'package.json'), 'utf8')) as { version: string }).version;
/** The copy Portkey runs with: its own nested one when the root package.json overrides it (see bench/README.md). */
const portkeyHonoVersion = () =>
  fs.existsSync(path.join(here, '..', 'node_modules', '@portkey-ai/gateway/node_modules/@hono/node-server')) ? versionOf('@hono/node-server', '@portkey-ai/gateway/node_modules') : versionOf('@hono/node-server');

export async function runPortkeyComparison(options: PortkeyOptions): Promise<void> {
  const startedAt = performance.now();
  const loadStart = os.loadavg();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const log = (line: string) => console.log(`portkey comparison: ${line}`);
  const modelgate = await startModelgate(options.upstreams, options.cpuProf, options.gatewayFetch);
  const portkey = await startPortkey();
  const gateways = { modelgate, portkey };
  try {
    const quick = targets(options.upstreams, gateways, 'quick');
    const paced = targets(options.upstreams, gateways, 'paced');
    // Every path gives the same answer.
    const answers = await Promise.all(PATHS.map((name) => complete(quick[name])));
    if (new Set(answers).size !== 1) throw new Error(`the paths answer differently: ${JSON.stringify(answers)}`);
    // Warm-up: JIT and connection pools, so round 1 is not the first use.
    for (const name of PATHS) await throughputRun(quick[name], undefined, 500);
    const idle = byGateway((name) => rssOf(gateways[name].process.pid!).now);

    const latency: LatencyRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const result = await latencyRound(quick, gateways, round);
      latency.push(result);
      log(`latency ${round}/${options.rounds}: p50 ${PATHS.map((n) => `${n} ${result.p50[n].toFixed(2)}`).join(', ')} ms; p99 ${PATHS.map((n) => `${n} ${result.p99[n].toFixed(2)}`).join(', ')} ms`);
    }

    const throughput: Array<Record<PathName, ThroughputRun>> = [];
    for (let round = 1; round <= options.rounds; round++) {
      const runs = {} as Record<PathName, ThroughputRun>;
      for (const name of rotate(PATHS, round)) runs[name] = await throughputRun(quick[name], name === 'direct' ? undefined : gateways[name].process.pid, CONCURRENT_CALLS);
      throughput.push(runs);
      log(`concurrency ${CONCURRENCY}, ${round}/${options.rounds}: ${PATHS.map((n) => `${n} ${runs[n].perSecond.toFixed(0)}/s`).join(', ')}`);
    }

    const topLevel = STREAM_LEVELS.at(-1)!;
    const directControl = await streamLevel(paced.direct, undefined, topLevel);
    log(`streams, direct control: ${describeLevel(directControl)}`);
    const streams: Array<Record<GatewayName, StreamLevel[]>> = [];
    for (let round = 1; round <= options.streamRounds; round++) {
      const levels = byGateway((): StreamLevel[] => []);
      for (const count of STREAM_LEVELS) {
        for (const name of rotate(GATEWAYS, round)) {
          // A gateway stops stepping up at its first level not held.
          if (levels[name].some((level) => !level.held)) continue;
          const level = await streamLevel(paced[name], gateways[name].process.pid, count);
          levels[name].push(level);
          log(`streams ${round}/${options.streamRounds}, ${name}: ${describeLevel(level)}`);
          await sleep(1_000);
        }
      }
      streams.push(levels);
    }
    const rss = byGateway((name) => ({ idle: idle[name], peak: rssOf(gateways[name].process.pid!).peak }));
    const results: PortkeyResults = {
      date,
      versions: { modelgate: ownVersion(), portkey: versionOf('@portkey-ai/gateway'), honoNodeServer: portkeyHonoVersion(), node: process.version },
      gatewayFetch: options.gatewayFetch,
      latency,
      throughput,
      streams,
      directControl,
      rss,
      loadStart,
      loadEnd: os.loadavg(),
      seconds: (performance.now() - startedAt) / 1000,
    };
    const summary = summarize(results);
    const section = report(summary, results);
    console.log(`\n${section}\n`);
    if (options.write) writeResults(section, summary, results);
  } finally {
    await Promise.all([modelgate.close(), portkey.close()]);
  }
}

const describeLevel = (level: StreamLevel) =>
  `${level.streams} streams: ${level.held ? 'held' : 'NOT held'} (completed ${level.completed}, stalled ${level.stalled}, failed ${level.failed}, ` +
  `peak open ${level.peakOpen}, longest gap ${level.maxGapMs.toFixed(0)} ms (to the first chunk ${level.maxFirstChunkMs.toFixed(0)} ms, after it ${level.maxLaterGapMs.toFixed(0)} ms)${level.peakRss ? `, RSS ${(level.peakRss / 2 ** 20).toFixed(0)} MB, ${level.cpuPerDeltaMicros.toFixed(0)} µs CPU per delta` : ''})`;

const ownVersion = () => (JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as { version: string }).version;

// ------------------------------------------------------------------ summary and report

/** The largest level held in a round (0 when the first was not). */
const heldInRound = (levels: StreamLevel[]) => Math.max(0, ...levels.filter((level) => level.held).map((level) => level.streams));

export function summarize(results: PortkeyResults) {
  const addedP50 = byGateway((name) => spread(results.latency.map((round) => round.p50[name] - round.p50.direct)));
  const addedP99 = byGateway((name) => spread(results.latency.map((round) => round.p99[name] - round.p99.direct)));
  return {
    addedP50,
    addedP99,
    p50: byPath((name) => spread(results.latency.map((round) => round.p50[name]))),
    p99: byPath((name) => spread(results.latency.map((round) => round.p99[name]))),
    latencyCpu: byGateway((name) => spread(results.latency.map((round) => round.cpuMicros[name]))),
    throughput: byPath((name) => spread(results.throughput.map((round) => round[name].perSecond))),
    throughputCpu: byGateway((name) => spread(results.throughput.map((round) => round[name].cpuMicros))),
    streamsHeld: byGateway((name) => spread(results.streams.map((round) => heldInRound(round[name])))),
    streamRss: byGateway((name) => spread(results.streams.map((round) => Math.max(0, ...round[name].map((level) => level.peakRss))))),
    /** At the first level, which both gateways run in every round. */
    streamCpu: byGateway((name) => spread(results.streams.map((round) => round[name][0]!.cpuPerDeltaMicros))),
    rss: results.rss,
  };
}
type Summary = ReturnType<typeof summarize>;

interface Figure {
  label: string;
  unit: string;
  better: 'lower' | 'higher';
  values: Record<GatewayName, number>;
  ranges?: Record<GatewayName, Spread>;
}

function figures(summary: Summary): Figure[] {
  const mb = (bytes: number) => bytes / 2 ** 20;
  return [
    { label: 'added p50 latency, concurrency 1', unit: 'ms', better: 'lower', values: byGateway((n) => summary.addedP50[n].median), ranges: summary.addedP50 },
    { label: 'added p99 latency, concurrency 1', unit: 'ms', better: 'lower', values: byGateway((n) => summary.addedP99[n].median), ranges: summary.addedP99 },
    { label: `throughput, concurrency ${CONCURRENCY}`, unit: 'req/s', better: 'higher', values: byGateway((n) => summary.throughput[n].median), ranges: byGateway((n) => summary.throughput[n]) },
    { label: 'SSE streams held without a stall', unit: 'streams', better: 'higher', values: byGateway((n) => summary.streamsHeld[n].median), ranges: summary.streamsHeld },
    { label: 'peak RSS of the gateway process', unit: 'MB', better: 'lower', values: byGateway((n) => mb(summary.rss[n].peak)) },
  ];
}

const fmt = (value: number) => (Number.isInteger(value) ? String(value) : Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
const withRange = (s: Spread) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
const ahead = (figure: Figure) => {
  const { modelgate, portkey } = figure.values;
  if (modelgate === portkey) return 'tie';
  return (figure.better === 'lower' ? modelgate < portkey : modelgate > portkey) ? 'modelgate' : 'Portkey';
};

const SECTION_BEGIN = '<!-- portkey: written by `npm run bench:server` (phase portkey); do not edit by hand -->';
const SECTION_END = '<!-- /portkey -->';
const CHART = 'portkey.svg';

function report(summary: Summary, results: PortkeyResults): string {
  const cpus = os.cpus();
  const md: string[] = [SECTION_BEGIN, '', '## Server: modelgate vs Portkey (`npm run bench:server -- --portkey`)', ''];
  md.push(`- Date: ${results.date}; ${results.seconds.toFixed(0)} s in all`);
  md.push(`- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, nproc ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; ${os.type()} ${os.release()}; Node ${results.versions.node}`);
  md.push(
    `- Load average at the start ${results.loadStart.map((x) => x.toFixed(1)).join(', ')}, at the end ${results.loadEnd.map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min): ` +
      'other jobs shared the cores; the comparisons are within rounds, the gateways alternating.',
  );
  md.push(
    `- modelgate ${results.versions.modelgate} (its server from src/ compiled by esbuild, on plain node; @ai-sdk/openai's chat model upstream, reached through ${results.gatewayFetch === 'node' ? "src/cli/node-fetch.ts (undici's dispatcher directly) as modelgate serve does by default" : "Node's own fetch (--fetch undici)"}) vs @portkey-ai/gateway ${results.versions.portkey} ` +
      `(\`node build/start-server.js --headless\`, with @hono/node-server ${results.versions.honoNodeServer}; see bench/README.md), each its own process, ` +
      'both in front of the same zero-delay fake OpenAI upstream, both reached at POST /v1/chat/completions by plain `fetch` / `node:http` from the load generator',
  );
  md.push(
    `- Concurrency 1: ${results.latency.length} rounds of ${BLOCKS * BLOCK_CALLS} calls per path in blocks of ${BLOCK_CALLS}, the order rotating; ` +
      `added latency = the gateway's percentile − the direct percentile in the same round. Concurrency ${CONCURRENCY}: ${results.throughput.length} rounds of ${CONCURRENT_CALLS.toLocaleString('en')} calls per path. ` +
      `Streams: ${results.streams.length} rounds stepping ${STREAM_LEVELS.map((n) => n.toLocaleString('en')).join(', ')} concurrent streams of ${PACED_DELTAS} deltas, one per ${PACED_CHUNK_MS} ms, opened ${OPEN_WAVE} at a time; ` +
      `a level is held when every stream was open at once, ended with \`[DONE]\`, and never went ${STALL_MS / 1000} s without a chunk. Figures: median (range) over rounds.`,
  );
  md.push('');
  md.push('| figure | modelgate | Portkey | better | ahead |');
  md.push('|---|---|---|---|---|');
  for (const figure of figures(summary)) {
    const cell = (name: GatewayName) => (figure.ranges ? withRange(figure.ranges[name]) : fmt(figure.values[name]));
    md.push(`| ${figure.label} (${figure.unit}) | ${cell('modelgate')} | ${cell('portkey')} | ${figure.better} | **${ahead(figure)}** |`);
  }
  md.push('');
  md.push('Context:', '');
  md.push('| figure | direct to the upstream | modelgate | Portkey |');
  md.push('|---|---|---|---|');
  md.push(`| p50 latency, concurrency 1 (ms) | ${withRange(summary.p50.direct)} | ${withRange(summary.p50.modelgate)} | ${withRange(summary.p50.portkey)} |`);
  md.push(`| p99 latency, concurrency 1 (ms) | ${withRange(summary.p99.direct)} | ${withRange(summary.p99.modelgate)} | ${withRange(summary.p99.portkey)} |`);
  md.push(`| gateway CPU per call, concurrency 1 (µs) | — | ${withRange(summary.latencyCpu.modelgate)} | ${withRange(summary.latencyCpu.portkey)} |`);
  md.push(`| throughput, concurrency ${CONCURRENCY} (req/s) | ${withRange(summary.throughput.direct)} | ${withRange(summary.throughput.modelgate)} | ${withRange(summary.throughput.portkey)} |`);
  md.push(`| gateway CPU per call, concurrency ${CONCURRENCY} (µs) | — | ${withRange(summary.throughputCpu.modelgate)} | ${withRange(summary.throughputCpu.portkey)} |`);
  md.push(`| gateway CPU per streamed delta, ${STREAM_LEVELS[0]} streams (µs) | — | ${withRange(summary.streamCpu.modelgate)} | ${withRange(summary.streamCpu.portkey)} |`);
  md.push(`| RSS after warm-up, idle (MB) | — | ${fmt(summary.rss.modelgate.idle / 2 ** 20)} | ${fmt(summary.rss.portkey.idle / 2 ** 20)} |`);
  md.push(`| highest RSS sampled during the stream step (MB) | — | ${withRange(mbSpread(summary.streamRss.modelgate))} | ${withRange(mbSpread(summary.streamRss.portkey))} |`);
  md.push(`| ${STREAM_LEVELS.at(-1)!.toLocaleString('en')} streams straight to the upstream (control) | ${describeLevel(results.directControl)} | | |`);
  md.push('');
  md.push('Stream levels per round (held ✓ / not held ✗: completed, stalled, failed, longest gap; then the longest wait for a first chunk and the longest gap after one):', '');
  results.streams.forEach((round, index) => {
    for (const name of GATEWAYS) {
      md.push(`- round ${index + 1}, ${name}: ${round[name].map((level) => `${level.streams.toLocaleString('en')} ${level.held ? '✓' : `✗ (${level.completed}/${level.stalled}/${level.failed}, ${(level.maxGapMs / 1000).toFixed(1)} s)`} [${(level.maxFirstChunkMs / 1000).toFixed(1)} s / ${(level.maxLaterGapMs / 1000).toFixed(1)} s]`).join(', ')}`);
    }
  });
  md.push('', `![modelgate vs Portkey](${CHART})`, '', SECTION_END);
  return md.join('\n');
}

const mbSpread = (s: Spread): Spread => ({ median: s.median / 2 ** 20, min: s.min / 2 ** 20, max: s.max / 2 ** 20, rounds: s.rounds.map((x) => x / 2 ** 20) });

// ------------------------------------------------------------------ chart

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS: Record<GatewayName, string> = { modelgate: '#2563eb', portkey: '#9ca3af' };
const NAMES: Record<GatewayName, string> = { modelgate: 'modelgate', portkey: 'Portkey' };

/** One panel per figure, two bars each (modelgate, Portkey), on its own scale from 0. Dependency-free SVG. */
export function renderComparisonChart(title: string, list: Figure[]): string {
  const labelW = 110;
  const plotW = 420;
  const rightPad = 120;
  const barH = 18;
  const panelH = 26 + 2 * (barH + 6) + 14;
  const top = 60;
  const width = labelW + plotW + rightPad;
  const height = top + list.length * panelH + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${width / 2}" y="42" text-anchor="middle" fill="#4b5563">median of rounds; each panel on its own scale from 0</text>`,
  ];
  list.forEach((figure, index) => {
    const y0 = top + index * panelH;
    const max = Math.max(...GATEWAYS.map((name) => Math.max(0, figure.values[name])), 1e-9);
    out.push(`<text x="10" y="${y0 + 16}" font-weight="bold">${esc(`${figure.label} (${figure.unit}), ${figure.better} is better`)}</text>`);
    GATEWAYS.forEach((name, row) => {
      const value = figure.values[name];
      const y = y0 + 26 + row * (barH + 6);
      const w = Math.max(1, (Math.max(0, value) / max) * plotW);
      out.push(`<text x="${labelW - 8}" y="${y + barH - 5}" text-anchor="end">${NAMES[name]}</text>`);
      out.push(`<rect x="${labelW}" y="${y}" width="${w}" height="${barH}" fill="${COLORS[name]}"/>`);
      out.push(`<text x="${labelW + w + 6}" y="${y + barH - 5}">${esc(`${fmt(value)} ${figure.unit}`)}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function writeResults(section: string, summary: Summary, results: PortkeyResults) {
  const file = path.join(here, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const begin = old.indexOf(SECTION_BEGIN);
  const end = old.indexOf(SECTION_END);
  const next = begin >= 0 && end > begin ? old.slice(0, begin) + section + old.slice(end + SECTION_END.length) : `${old.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(file, next);
  fs.writeFileSync(path.join(here, CHART), renderComparisonChart(`modelgate vs Portkey gateway, ${results.date.slice(0, 10)}`, figures(summary)));
  fs.writeFileSync(path.join(here, 'portkey-results.json'), JSON.stringify({ summary, results }, null, 2) + '\n');
  console.log(`wrote the Portkey section of bench/RESULTS.md, bench/${CHART} and bench/portkey-results.json`);
}
