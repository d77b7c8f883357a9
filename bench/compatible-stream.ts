// Chat streams to an OpenAI-compatible server, forwarded against converted: `npx tsx bench/compatible-stream.ts [rounds]`.
// The fake upstream of `npm run bench:server` (its 20,000-delta server) in one process, the gateway of
// compatible-stream-gateway.ts (built by esbuild, on plain node) in another, and this process reading
// POST /v1/chat/completions streams through it, the two paths alternating. Prints the gateway's CPU per
// stream for each (median and range over rounds) and their ratio per round.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { COMPATIBLE_MODELS } from './compatible-stream-gateway';
import { BENCH_GATEWAY_KEY, LONG_STREAM_DELTAS, type UpstreamMessage } from './server-bench-shared';

const here = path.dirname(fileURLToPath(import.meta.url));
const rounds = Number(process.argv[2] ?? 9);

function start<M>(file: string, argv: string[], tsx: boolean): { child: ChildProcess; ready: Promise<M> } {
  const child = fork(file, argv, { execArgv: tsx ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, ready: new Promise<M>((resolve) => child.once('message', (message: M) => resolve(message))) };
}

const gatewayFile = path.join(here, '..', 'node_modules', '.cache', 'modelgate-bench', 'compatible-stream-gateway.mjs');
await build({ entryPoints: [path.join(here, 'compatible-stream-gateway.ts')], outfile: gatewayFile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', minifySyntax: true, logLevel: 'warning' });
const upstream = start<UpstreamMessage>(path.join(here, 'server-bench-upstream.ts'), [], true);
const { urls } = await upstream.ready;
const gateway = start<{ url: string }>(gatewayFile, [urls.long], false);
const { url } = await gateway.ready;

const gatewayCpu = () =>
  new Promise<number>((resolve) => {
    gateway.child.once('message', (message: { micros: number }) => resolve(message.micros));
    gateway.child.send({ type: 'cpu' });
  });

/** One stream read to its end; throws unless it carried every delta. */
async function stream(model: string): Promise<void> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_GATEWAY_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Stream it all.' }] }),
  });
  if (!response.ok || !response.body) throw new Error(`${model}: HTTP ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  if (bytes < LONG_STREAM_DELTAS * 20) throw new Error(`${model}: the stream was cut short (${bytes} bytes)`);
}

const paths = Object.values(COMPATIBLE_MODELS);
for (const model of paths) await stream(model);
const cpu: Record<string, number[]> = Object.fromEntries(paths.map((model) => [model, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const model of round % 2 === 0 ? paths : [...paths].reverse()) {
    const before = await gatewayCpu();
    await stream(model);
    cpu[model]!.push((await gatewayCpu()) - before);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (micros: number) => (micros / 1000).toFixed(0);
for (const model of paths) {
  const values = cpu[model]!;
  console.log(`${model}: gateway CPU per ${LONG_STREAM_DELTAS.toLocaleString('en')}-delta stream ${ms(median(values))} ms (${ms(Math.min(...values))}–${ms(Math.max(...values))}), ${(median(values) / LONG_STREAM_DELTAS).toFixed(1)} µs per delta`);
}
const ratios = cpu[COMPATIBLE_MODELS.converted]!.map((converted, index) => converted / cpu[COMPATIBLE_MODELS.forwarded]![index]!);
console.log(`converted ÷ forwarded, per round: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`);
upstream.child.kill();
gateway.child.disconnect();
