// Two checkouts' gateways side by side: `npx tsx bench/server-ab.ts <checkout A> <checkout B> [rounds]`.
// Builds each checkout's bench/server-bench-gateway.ts (esbuild, as `npm run bench:server` runs it), serves both
// in front of the same fake upstream, and calls each gateway and each one's pass-through floor with plain
// fetch at concurrency 1, in blocks of 25 calls alternating path by path, so a burst of load from other
// processes hits both alike. Per round: p50 latency and the gateway process's CPU per call; printed as
// medians of rounds and the per-round difference B − A. For telling a change's cost from the machine's noise.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import { BENCH_GATEWAY_KEY, BENCH_MODELS, gatewayCpu, UPSTREAM_MODEL, type GatewayMessage, type UpstreamMessage } from './server-bench-shared';

const here = path.dirname(fileURLToPath(import.meta.url));
const [checkoutA, checkoutB, roundsArg = '11'] = process.argv.slice(2);
if (!checkoutA || !checkoutB) {
  console.error('usage: npx tsx bench/server-ab.ts <checkout A> <checkout B> [rounds]');
  process.exit(1);
}
const BLOCKS = 16;
const BLOCK_CALLS = 25;

/** A checkout's bench gateway, built into this checkout's node_modules so its packages resolve from here. */
async function buildGateway(checkout: string, name: string): Promise<string> {
  const outfile = path.join(here, '..', 'node_modules', '.cache', 'modelgate-bench', `ab-${name}.mjs`);
  await build({ entryPoints: [path.join(path.resolve(checkout), 'bench', 'server-bench-gateway.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', minifySyntax: true, logLevel: 'warning' });
  return outfile;
}

function start<M>(file: string, argv: string[], tsx: boolean): { child: ChildProcess; ready: Promise<M> } {
  const child = fork(file, argv, { execArgv: ['--expose-gc', ...(tsx ? ['--import', 'tsx'] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, ready: new Promise<M>((resolve) => child.once('message', (message: M) => resolve(message))) };
}

const files = [await buildGateway(checkoutA, 'a'), await buildGateway(checkoutB, 'b')];
const upstream = start<UpstreamMessage>(path.join(here, 'server-bench-upstream.ts'), [], true);
const { urls } = await upstream.ready;
const gateways = files.map((file) => start<GatewayMessage>(file, [JSON.stringify(urls), 'node'], false));
const ready = await Promise.all(gateways.map((gateway) => gateway.ready));

const gatewayCall: RequestInit = {
  method: 'POST',
  headers: {
    authorization: `Bearer ${BENCH_GATEWAY_KEY}`,
    'content-type': 'application/json',
    'ai-gateway-protocol-version': '0.0.1',
    'ai-language-model-specification-version': '4',
    'ai-language-model-id': BENCH_MODELS.quick,
    'ai-language-model-streaming': 'false',
  },
  body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello to the benchmark.' }] }] }),
};
const floorCall: RequestInit = {
  method: 'POST',
  headers: { authorization: `Bearer ${DEFAULT_OPENAI_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model: UPSTREAM_MODEL, messages: [{ role: 'user', content: 'Say hello to the benchmark.' }] }),
};
const paths = ready.flatMap((message, index) => {
  if (message.type !== 'ready') throw new Error('a gateway did not start');
  const label = index === 0 ? 'A' : 'B';
  return [
    { name: `${label} server`, url: `${message.url}/v4/ai/language-model`, init: gatewayCall, gateway: gateways[index]!.child },
    { name: `${label} floor`, url: `${message.floorUrl}/quick`, init: floorCall, gateway: gateways[index]!.child },
  ];
});

async function call(entry: (typeof paths)[number]): Promise<number> {
  const started = performance.now();
  const response = await fetch(entry.url, entry.init);
  if (!response.ok) throw new Error(`${entry.name}: HTTP ${response.status} ${await response.text()}`);
  await response.text();
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const entry of paths) for (let index = 0; index < 200; index += 1) await call(entry);
const p50: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (let round = 0; round < Number(roundsArg); round += 1) {
  const times: Record<string, number[]> = {};
  const micros: Record<string, number> = {};
  for (let block = 0; block < BLOCKS; block += 1) {
    for (const entry of block % 2 === 0 ? paths : [...paths].reverse()) {
      const before = await gatewayCpu(entry.gateway);
      for (let index = 0; index < BLOCK_CALLS; index += 1) (times[entry.name] ??= []).push(await call(entry));
      micros[entry.name] = (micros[entry.name] ?? 0) + (await gatewayCpu(entry.gateway)) - before;
    }
  }
  for (const entry of paths) {
    (p50[entry.name] ??= []).push(median(times[entry.name]!));
    (cpu[entry.name] ??= []).push(micros[entry.name]! / (BLOCKS * BLOCK_CALLS));
  }
}
for (const entry of paths) console.log(`${entry.name.padEnd(9)} p50 ${median(p50[entry.name]!).toFixed(3)} ms  gateway CPU ${median(cpu[entry.name]!).toFixed(0)} µs per call`);
const difference = (a: string, b: string, values: Record<string, number[]>) => median(values[b]!.map((value, index) => value - values[a]![index]!));
console.log(`B − A, server: p50 ${(difference('A server', 'B server', p50) * 1000).toFixed(0)} µs, CPU ${difference('A server', 'B server', cpu).toFixed(0)} µs per call`);
console.log(`B − A, floor:  p50 ${(difference('A floor', 'B floor', p50) * 1000).toFixed(0)} µs, CPU ${difference('A floor', 'B floor', cpu).toFixed(0)} µs per call`);
console.log(`server − floor: A ${(difference('A floor', 'A server', p50) * 1000).toFixed(0)} µs, B ${(difference('B floor', 'B server', p50) * 1000).toFixed(0)} µs`);
upstream.child.kill();
for (const gateway of gateways) gateway.child.disconnect();
