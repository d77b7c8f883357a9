// The gateway server of `npm run bench:server`, in its own process (see bench/README.md):
// createGatewayServer (imported from src/ through tsx) served by src/cli/node-listener.ts,
// with @ai-sdk/openai's chat model in front of each fake upstream, reaching it as `modelgate serve`
// does: through src/cli/node-fetch.ts, or Node's own fetch when argv[3] is 'undici' (`--fetch undici`).
// A second listener serves the floor (passThrough below), a third the floor of any Node HTTP hop
// (bareProxy below). Answers IPC messages:
//   { type: 'measure' } → { type: 'memory', heapUsed, external, rss, openRequests } after two GCs;
//   { type: 'cpu' } → { type: 'cpu', micros }: the process's CPU time so far.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { installNodeFetch } from '../src/cli/node-fetch';
import { listen } from '../src/cli/node-listener';
import { createGatewayServer } from '../src/server';
import { DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import { BENCH_GATEWAY_KEY, BENCH_MODELS, UPSTREAM_MODEL, type GatewayMessage, type UpstreamName, type UpstreamUrls } from './server-bench-shared';

/** The same provider the direct path uses: @ai-sdk/openai's chat completions model. */
function chatProvider(url: string) {
  const openai = createOpenAI({ baseURL: `${url}/v1`, apiKey: DEFAULT_OPENAI_KEY });
  return { languageModel: (modelId: string) => openai.chat(modelId) };
}

/**
 * The floor: the least a fetch handler on the same listener can do for the hop: forward the
 * request body to the upstream with fetch and hand its answer back (streams piped through).
 */
function passThrough(upstreams: UpstreamUrls) {
  return async (request: Request): Promise<Response> => {
    const which = new URL(request.url).pathname.slice(1) as UpstreamName;
    const upstream = await fetch(`${upstreams[which]}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: request.headers.get('authorization')!, 'content-type': 'application/json' },
      body: await request.text(),
      signal: request.signal,
    });
    const streamed = upstream.headers.get('content-type')?.startsWith('text/event-stream');
    return new Response(streamed ? upstream.body : await upstream.text(), { status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type')! } });
  };
}

/**
 * The floor of any Node HTTP hop: node:http in, node:http out on a keep-alive agent, bodies piped;
 * no fetch handler, no web Request or Response, no fetch. What one more HTTP exchange costs here.
 */
function bareProxy(upstreams: UpstreamUrls): Promise<{ server: http.Server; url: string }> {
  const agent = new http.Agent({ keepAlive: true });
  const targets = new Map(Object.entries(upstreams).map(([name, url]) => [`/${name}`, new URL(`${url}/v1/chat/completions`)]));
  const server = http.createServer((incoming, outgoing) => {
    const target = targets.get(incoming.url ?? '')!;
    const headers: http.OutgoingHttpHeaders = { authorization: incoming.headers.authorization, 'content-type': 'application/json' };
    if (incoming.headers['content-length']) headers['content-length'] = incoming.headers['content-length'];
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (answer) => {
      const answerHeaders: http.OutgoingHttpHeaders = { 'content-type': answer.headers['content-type'] };
      if (answer.headers['content-length']) answerHeaders['content-length'] = answer.headers['content-length'];
      outgoing.writeHead(answer.statusCode ?? 502, answerHeaders);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    outgoing.once('close', () => {
      if (!outgoing.writableFinished) upstream.destroy();
    });
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

async function main(upstreams: UpstreamUrls) {
  const pricing = { input: '0.00000015', output: '0.0000006' };
  const gateway = createGatewayServer({
    providers: { quick: chatProvider(upstreams.quick), long: chatProvider(upstreams.long), slow: chatProvider(upstreams.slow), paced: chatProvider(upstreams.paced) },
    models: Object.fromEntries(
      (Object.keys(BENCH_MODELS) as UpstreamName[]).map((name) => [
        BENCH_MODELS[name],
        { providers: [{ provider: name, model: UPSTREAM_MODEL, pricing }] },
      ]),
    ),
    keys: [{ name: 'bench', key: BENCH_GATEWAY_KEY }],
    // Long enough for a slow stream's first token under the 1,000-stream load.
    firstTokenTimeoutMs: 60_000,
  });
  // As modelgate serve does: the gateway itself, so WebSocket upgrades are taken too.
  const { server, url } = await listen(gateway);
  const floor = await listen(passThrough(upstreams));
  const bare = await bareProxy(upstreams);
  let openRequests = 0;
  server.on('request', (_request, response) => {
    openRequests += 1;
    response.once('close', () => (openRequests -= 1));
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      const reply: GatewayMessage = { type: 'cpu', micros: user + system };
      process.send!(reply);
      return;
    }
    if (message.type !== 'measure') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const memory = process.memoryUsage();
    const reply: GatewayMessage = { type: 'memory', heapUsed: memory.heapUsed, external: memory.external, rss: memory.rss, openRequests };
    process.send!(reply);
  });
  process.on('disconnect', () => {
    for (const listening of [server, floor.server, bare.server]) listening.closeAllConnections();
    floor.server.close();
    bare.server.close();
    server.close(() => process.exit(0));
  });
  const ready: GatewayMessage = { type: 'ready', url, floorUrl: floor.url, bareUrl: bare.url };
  process.send!(ready);
}

if (process.send) {
  // As `modelgate serve` does before it loads a config; the pass-through floor below uses the same fetch.
  if (process.argv[3] !== 'undici') installNodeFetch();
  void main(JSON.parse(process.argv[2]!) as UpstreamUrls);
}
