// How the gateway's upstream fetch compares: `npx tsx bench/upstream-fetch.ts [rounds]`.
// One small JSON exchange at concurrency 1 against a node:http server in a child process (the fake upstream
// answers what @ai-sdk/openai's chat model gets back), read as @ai-sdk/provider-utils reads an answer: the
// Response's body through getReader. Three ways, alternating in blocks within each round:
//   node-fetch: src/cli/node-fetch.ts (createNodeFetch), straight to Node's undici dispatcher;
//   node:http:  http.request on a keep-alive agent, the answer built into a Response the same way
//               (what node-fetch.ts did before it used the dispatcher);
//   fetch:      Node's own fetch (undici's WHATWG fetch on the same dispatcher).
// Printed: medians of rounds of the p50 latency and of this process's CPU per exchange (the server's is not counted).
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createNodeFetch } from '../src/cli/node-fetch';

const ANSWER = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the benchmark.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
});

if (process.argv[2] === 'upstream') {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
      response.end(ANSWER);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
  process.on('disconnect', () => process.exit(0));
} else {
  const child = fork(fileURLToPath(import.meta.url), ['upstream'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(message as number)));
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the benchmark.' }] });
  const headers = { authorization: 'Bearer sk-bench', 'content-type': 'application/json' };

  /** As provider-utils reads a JSON answer (readResponseWithSizeLimit): the body's reader, to its end. */
  async function readAnswer(response: Response): Promise<void> {
    const reader = response.body!.getReader();
    let bytes = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
    if (response.status !== 200 || bytes !== Buffer.byteLength(ANSWER)) throw new Error(`unexpected answer: ${response.status}, ${bytes} bytes`);
  }

  const agent = new http.Agent({ keepAlive: true });
  const nodeHttp = (): Promise<Response> =>
    new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const responseHeaders = new Headers();
          for (let index = 0; index < answer.rawHeaders.length; index += 2) responseHeaders.append(answer.rawHeaders[index]!, answer.rawHeaders[index + 1]!);
          resolve(new Response(Buffer.concat(chunks), { status: answer.statusCode, headers: responseHeaders }));
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  const nodeFetch = createNodeFetch();
  const ways: Record<string, () => Promise<Response>> = {
    'node-fetch': () => nodeFetch(url, { method: 'POST', headers, body }),
    'node:http': nodeHttp,
    fetch: () => fetch(url, { method: 'POST', headers, body }),
  };

  const rounds = Number(process.argv[2] ?? 11);
  const BLOCKS = 20;
  const BLOCK_CALLS = 25;
  const results: Record<string, { p50: number[]; cpu: number[] }> = {};
  for (let round = 0; round <= rounds; round++) {
    const samples: Record<string, number[]> = {};
    const cpu: Record<string, number> = {};
    for (let block = 0; block < BLOCKS; block++) {
      for (const [name, call] of Object.entries(ways)) {
        const times = (samples[name] ??= []);
        const before = process.cpuUsage();
        for (let index = 0; index < BLOCK_CALLS; index++) {
          const started = performance.now();
          await readAnswer(await call());
          times.push((performance.now() - started) * 1000);
        }
        const used = process.cpuUsage(before);
        cpu[name] = (cpu[name] ?? 0) + used.user + used.system;
      }
    }
    if (round === 0) continue;
    for (const name of Object.keys(ways)) {
      const sorted = samples[name]!.sort((a, b) => a - b);
      (results[name] ??= { p50: [], cpu: [] }).p50.push(sorted[sorted.length >> 1]!);
      results[name]!.cpu.push(cpu[name]! / (BLOCKS * BLOCK_CALLS));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const range = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
  console.log(`${rounds} rounds of ${BLOCKS * BLOCK_CALLS} exchanges per way, Node ${process.version}, undici ${process.versions.undici}`);
  for (const [name, { p50, cpu }] of Object.entries(results)) {
    console.log(`${name.padEnd(10)} p50 ${median(p50).toFixed(0)} µs (${range(p50)})   client CPU ${median(cpu).toFixed(0)} µs per exchange (${range(cpu)})`);
  }
  child.disconnect();
}
