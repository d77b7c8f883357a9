// `npm run bench:governance`: what governance adds to a call through the gateway server.
// Two gateway processes in front of the same zero-delay fake OpenAI upstream (a third process):
//   on:  the embedded storage of `modelgate serve` (`openGatewayStorage({ embedded })`: memory
//        counters, the usage log written to PGlite in the background), per-key and per-user rate
//        limits (requests per minute, tokens per day, concurrent requests), a key budget and a
//        per-user budget, every call attributed to an end user and a tag;
//   off: the same gateway, models and calls with no limits, no budgets and a usage log that
//        drops its records (the least the server does).
// This process sends the calls (plain fetch, the gateway protocol, concurrency 1), alternating
// on/off block by block within each round; figures are medians over rounds. Method: bench/README.md.
//
// Options: --rounds N  (default 11)   --calls N  calls per gateway per round (default 400)
//          --no-write  print only; do not touch bench/RESULTS.md
//          --cpu-prof  profile the governed gateway (node --cpu-prof; files in bench/profiles/)
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { listen as listenNode } from '../src/cli/node-listener';
import { createGatewayServer, type GatewayServerConfig, type UsageStore } from '../src/server';
import { openGatewayStorage } from '../src/storage/open-storage';
import { listen } from '../test/fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import { percentile, spread } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

const KEY = 'bench-governance-key-0123456789';
const MODEL = 'openai/gpt-4o-mini';
const BLOCK = 25;
const TARGET_P50_MS = 0.3;

type Message = { type: 'ready'; url: string; storage?: string } | { type: 'cpu'; micros: number } | { type: 'flushed'; pending: number };

// ------------------------------------------------------------------ child processes

async function upstreamMain() {
  const upstream = createOpenAIUpstream({ recordRequests: false });
  const server = await listen(upstream.fetch);
  process.send!({ type: 'ready', url: server.url } satisfies Message);
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

/** A usage log that keeps nothing: the "off" gateway still builds and queues every record. */
const droppingUsage: UsageStore = {
  append: async () => {},
  get: async () => undefined,
  report: async () => [],
  recent: async () => [],
  latency: async () => [],
  totalsSince: async () => [],
  close: async () => {},
};

async function gatewayMain(mode: 'on' | 'off', upstreamUrl: string, dataDir: string) {
  const openai = createOpenAI({ baseURL: `${upstreamUrl}/v1`, apiKey: DEFAULT_OPENAI_KEY });
  const base: GatewayServerConfig = {
    providers: { openai: { languageModel: (id: string) => openai.chat(id) } },
    models: { [MODEL]: { providers: [{ provider: 'openai', model: 'gpt-4o-mini', pricing: { input: '0.00000015', output: '0.0000006' } }] } },
    keys: [{ name: 'bench', key: KEY }],
  };
  // Limits and budgets high enough never to refuse: every check runs, none says no.
  const governed: GatewayServerConfig = {
    ...base,
    keys: [{ name: 'bench', key: KEY, team: 'bench-team', budget: { monthlyUsd: 1_000_000, softUsd: 900_000 } }],
    limits: {
      perKey: { requestsPerMinute: 1_000_000, tokensPerDay: 1_000_000_000_000, concurrentRequests: 1_000 },
      perUser: { requestsPerMinute: 1_000_000, tokensPerDay: 1_000_000_000_000, concurrentRequests: 1_000 },
    },
    budgets: { users: { default: { monthlyUsd: 1_000_000 } }, teams: { 'bench-team': { monthlyUsd: 1_000_000 } } },
  };
  const storage = mode === 'on' ? await openGatewayStorage({ embedded: dataDir }) : undefined;
  const gateway = createGatewayServer(mode === 'on' ? governed : base, storage ? { counters: storage.counters, usage: storage.usage } : { usage: droppingUsage });
  const { server, url } = await listenNode(gateway.fetch);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system } satisfies Message);
    } else if (message.type === 'flush') {
      void gateway.flushUsage().then(() => process.send!({ type: 'flushed', pending: 0 } satisfies Message));
    }
  });
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => void gateway.close().then(() => storage?.close()).finally(() => process.exit(0)));
  });
  process.send!({ type: 'ready', url, ...(storage ? { storage: storage.description } : {}) } satisfies Message);
}

function start(argv: string[], execArgv: string[] = []): { child: ChildProcess; ready: Promise<Extract<Message, { type: 'ready' }>> } {
  const child = fork(fileURLToPath(import.meta.url), argv, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<Extract<Message, { type: 'ready' }>>((resolve, reject) => {
    child.once('message', (message: Message) => (message.type === 'ready' ? resolve(message) : reject(new Error(`unexpected ${message.type}`))));
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with code ${code} before it was ready`)));
  });
  return { child, ready };
}

function ask<T extends Message['type']>(child: ChildProcess, type: string, answer: T): Promise<Extract<Message, { type: T }>> {
  return new Promise((resolve) => {
    const onMessage = (message: Message) => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      resolve(message as Extract<Message, { type: T }>);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

// ------------------------------------------------------------------ the load generator

const fmt = (ms: number) => (Math.abs(ms) >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const cell = (s: { median: number; min: number; max: number }, unit = '') => `${fmt(s.median)}${unit} (${fmt(s.min)}–${fmt(s.max)})`;

function request(url: string): () => Promise<void> {
  const init: RequestInit = {
    method: 'POST',
    headers: {
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      'ai-gateway-protocol-version': '0.0.1',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': MODEL,
      'ai-language-model-streaming': 'false',
    },
    body: JSON.stringify({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello to the benchmark.' }] }],
      providerOptions: { gateway: { user: 'bench-user-42', tags: ['bench'] } },
    }),
  };
  const endpoint = `${url}/v4/ai/language-model`;
  return async () => {
    const response = await fetch(endpoint, init);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${endpoint}: HTTP ${response.status} ${text}`);
  };
}

async function main() {
  const rounds = Number(option('--rounds') ?? 11);
  const calls = Number(option('--calls') ?? 400);
  const write = !args.includes('--no-write');
  const cpuProf = args.includes('--cpu-prof');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelgate-bench-governance-'));
  const loadBefore = os.loadavg();
  const startedAt = new Date();

  const upstream = start(['upstream']);
  const upstreamUrl = (await upstream.ready).url;
  const profileDir = path.join(here, 'profiles');
  if (cpuProf) fs.mkdirSync(profileDir, { recursive: true });
  const on = start(['gateway', 'on', upstreamUrl, dataDir], cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const off = start(['gateway', 'off', upstreamUrl, dataDir]);
  const [onReady, offReady] = await Promise.all([on.ready, off.ready]);
  const gateways = { on: { child: on.child, call: request(onReady.url) }, off: { child: off.child, call: request(offReady.url) } };
  console.log(`governed gateway storage: ${onReady.storage}`);

  type Round = { p50: Record<'on' | 'off', number>; p99: Record<'on' | 'off', number>; cpu: Record<'on' | 'off', number> };
  const results: Round[] = [];
  for (let round = -1; round < rounds; round++) {
    const samples = { on: [] as number[], off: [] as number[] };
    const cpu = { on: 0, off: 0 };
    for (let block = 0; block < calls / BLOCK; block++) {
      const order: Array<'on' | 'off'> = (round + block) % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      for (const name of order) {
        const { child, call } = gateways[name];
        const cpuBefore = (await ask(child, 'cpu', 'cpu')).micros;
        for (let index = 0; index < BLOCK; index++) {
          const started = performance.now();
          await call();
          samples[name].push(performance.now() - started);
        }
        cpu[name] += (await ask(child, 'cpu', 'cpu')).micros - cpuBefore;
      }
    }
    // Round -1 warms up JIT, the PGlite table and the connections.
    if (round < 0) continue;
    results.push({
      p50: { on: percentile(samples.on, 50), off: percentile(samples.off, 50) },
      p99: { on: percentile(samples.on, 99), off: percentile(samples.off, 99) },
      cpu: { on: cpu.on / samples.on.length, off: cpu.off / samples.off.length },
    });
    const last = results.at(-1)!;
    console.log(`round ${round + 1}/${rounds}: p50 on ${fmt(last.p50.on)} off ${fmt(last.p50.off)} ms, p99 on ${fmt(last.p99.on)} off ${fmt(last.p99.off)} ms`);
  }
  await ask(on.child, 'flush', 'flushed');

  const figures = {
    p50On: spread(results.map((r) => r.p50.on)),
    p50Off: spread(results.map((r) => r.p50.off)),
    p99On: spread(results.map((r) => r.p99.on)),
    p99Off: spread(results.map((r) => r.p99.off)),
    addedP50: spread(results.map((r) => r.p50.on - r.p50.off)),
    addedP99: spread(results.map((r) => r.p99.on - r.p99.off)),
    cpuOn: spread(results.map((r) => r.cpu.on)),
    cpuOff: spread(results.map((r) => r.cpu.off)),
    addedCpu: spread(results.map((r) => r.cpu.on - r.cpu.off)),
  };
  const loadAfter = os.loadavg();
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
  const verdict = figures.addedP50.median <= TARGET_P50_MS ? 'within' : 'over';
  const section = `## Governance: what limits, budgets and the usage log add (\`npm run bench:governance\`)

- Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}; ${seconds} s in all
- Machine: ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU'}, nproc ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; ${os.type()} ${os.release()} (${os.arch()}); Node ${process.version}
- Load average at the start ${loadBefore.map((l) => l.toFixed(1)).join(', ')}, at the end ${loadAfter.map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min)${loadBefore[0]! > 1.5 ? ': other jobs shared the cores, so absolute times and tails are inflated; the comparison is within rounds' : ''}.
- Governed gateway: ${onReady.storage}; per-key and per-user limits (requests per minute, tokens per day, concurrent requests), budgets for the key, its team and the user, every call with an end user and a tag; limits and budgets set high enough never to refuse. Ungoverned: the same gateway without limits or budgets, its usage records dropped.
- Four processes on 127.0.0.1: load generator (plain fetch, the gateway protocol, concurrency 1), the two gateways (src/ through tsx), the fake OpenAI upstream (zero delay). ${rounds} rounds of ${calls} calls per gateway, in blocks of ${BLOCK} alternating gateway by gateway; a warm-up round first.

| figure (median of rounds, range) | governed | ungoverned | added by governance | target |
|---|---|---|---|---|
| p50 latency (ms) | ${cell(figures.p50On)} | ${cell(figures.p50Off)} | ${cell(figures.addedP50)} | ≤ ${TARGET_P50_MS} ms added (${verdict}) |
| p99 latency (ms) | ${cell(figures.p99On)} | ${cell(figures.p99Off)} | ${cell(figures.addedP99)} |  |
| gateway CPU per call (µs) | ${figures.cpuOn.median.toFixed(0)} (${figures.cpuOn.min.toFixed(0)}–${figures.cpuOn.max.toFixed(0)}) | ${figures.cpuOff.median.toFixed(0)} (${figures.cpuOff.min.toFixed(0)}–${figures.cpuOff.max.toFixed(0)}) | ${figures.addedCpu.median.toFixed(0)} (${figures.addedCpu.min.toFixed(0)}–${figures.addedCpu.max.toFixed(0)}) |  |

The usage log's writes to PGlite happen after the answer, in batches, on the gateway's own thread: they count in its CPU per call and can show in the p99, never in the call's own path.
`;
  console.log(`\n${section}`);
  if (write) {
    // Between markers, so `npm run bench` (which rewrites the rest of RESULTS.md) keeps it.
    const begin = '<!-- governance: written by `npm run bench:governance`; do not edit by hand -->';
    const end = '<!-- /governance -->';
    const file = path.join(here, 'RESULTS.md');
    const current = fs.readFileSync(file, 'utf8');
    const block = `${begin}\n\n${section}\n${end}`;
    const from = current.indexOf(begin);
    const to = current.indexOf(end);
    fs.writeFileSync(file, from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`);
    console.log(`wrote the governance section of ${path.relative(process.cwd(), file)}`);
  }
  for (const child of [on.child, off.child, upstream.child]) child.disconnect();
  await new Promise((resolve) => setTimeout(resolve, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const [role, ...rest] = args;
if (role === 'upstream' && process.send) void upstreamMain();
else if (role === 'gateway' && process.send) void gatewayMain(rest[0] === 'on' ? 'on' : 'off', rest[1]!, rest[2]!);
else
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
