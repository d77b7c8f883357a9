// What the Node listener itself costs: `npx tsx bench/listener-overhead.ts` (PROF=1 writes a
// .cpuprofile of the server to bench/profiles/). A server process answers the same small JSON
// for a small JSON POST four times: through src/cli/node-listener.ts and a trivial fetch handler
// (web Request in, web Response out; then the same handler answering as the gateway does, with
// encodedJsonResponse; then as it answers a model call, with encodedJsonAnswer, whose body is built
// only if read), and with bare node:http. The load generator (this process,
// node:http on a keep-alive socket) alternates; printed: the server's CPU per request, medians of rounds.
import http from 'node:http';
import { fork } from 'node:child_process';
import path from 'node:path';
import { listen } from '../src/cli/node-listener';
import { encodedJsonAnswer, encodedJsonResponse } from '../src/server/response-body';
const answer = JSON.stringify({ content: [{ type: 'text', text: 'Hello from the benchmark.' }], finishReason: { unified: 'stop' }, usage: { inputTokens: { total: 10 } } });
if (process.argv[2] === 'server') {
  const handler = async (request: Request) => { await request.json(); return new Response(answer, { headers: { 'content-type': 'application/json' } }); };
  const { url } = await listen(handler);
  // As the gateway answers: its JSON answers are written from their text (src/server/response-body.ts).
  const { url: gateway } = await listen(async (request) => { await request.json(); return encodedJsonResponse(answer); });
  const { url: ondemand } = await listen(async (request) => { await request.json(); return encodedJsonAnswer(request, answer); });
  const bare = http.createServer((inc, out) => { const chunks: Buffer[] = []; inc.on('data', (c) => chunks.push(c)); inc.on('end', () => { JSON.parse(Buffer.concat(chunks).toString()); out.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }); out.end(answer); }); });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  process.on('message', (m) => { if (m === 'exit') process.exit(0); const { user, system } = process.cpuUsage(); process.send!({ cpu: user + system }); });
  process.send!({ url, gateway, ondemand, bare: `http://127.0.0.1:${(bare.address() as { port: number }).port}` });
} else {
  const child = fork(new URL(import.meta.url).pathname, ['server'], { execArgv: ['--import', 'tsx', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir', path.join(path.dirname(new URL(import.meta.url).pathname), 'profiles')] : [])] });
  const urls = await new Promise<{ url: string; gateway: string; ondemand: string; bare: string }>((r) => child.once('message', (m) => r(m as { url: string; gateway: string; ondemand: string; bare: string })));
  const cpu = () => new Promise<number>((r) => { child.once('message', (m) => r((m as { cpu: number }).cpu)); child.send('cpu'); });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello to the benchmark.' }] }] });
  const call = (url: string) => new Promise<void>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer x', 'ai-language-model-id': 'openai/gpt-4o-mini', 'ai-language-model-streaming': 'false' } }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject); req.end(body);
  });
  const res: Record<string, number[]> = { listener: [], 'listener, gateway answer': [], 'listener, body on demand': [], bare: [] };
  for (let round = 0; round < 8; round++) for (const [name, url] of [['listener', urls.url], ['listener, gateway answer', urls.gateway], ['listener, body on demand', urls.ondemand], ['bare', urls.bare]] as const) {
    const n = 2000; const before = await cpu();
    for (let i = 0; i < n; i++) await call(url);
    const used = (await cpu()) - before; if (round) res[name]!.push(used / n);
  }
  for (const [k, v] of Object.entries(res)) console.log(k, 'median', v.sort((a, b) => a - b)[v.length >> 1]!.toFixed(0), 'µs server CPU per request');
  child.send('exit');
}
