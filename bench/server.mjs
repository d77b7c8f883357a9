// Canned AI Gateway for the benchmark: a real HTTP server on 127.0.0.1 that answers the
// gateway's wire protocol (see /work/shared/protocol.md) with pre-built responses, so
// that the time measured in bench/run.mjs is the client's, not the server's.
//
// Run as a child process: `node bench/server.mjs` prints `{"port":N}` on its first
// stdout line and serves until it gets SIGTERM or its stdin closes.
//
// Model ids select the workload:
//   language model, streaming:   bench/stream-<N>   N text deltas (e.g. bench/stream-20000)
//   language model, generate:    bench/small        a small text answer
//   embedding model:             bench/embed-<R>x<D> R embeddings of D floats
//   image model:                 bench/image-<K>x<B> K images of B decoded bytes each
//
// Per-call header `x-bench-barrier: <key>:<n>`: the server sends the first part of a
// stream at once, then holds the rest until n requests with the same key are waiting
// (or 10 s pass), so that all n streams are open in the client at the same time.
// With n = 0 it holds them until `GET /bench/release?key=<key>` (or 30 s);
// `GET /bench/waiting?key=<key>` says how many are held.

import http from 'node:http';

const enc = (s) => Buffer.from(s, 'utf8');
const sse = (part) => `data: ${JSON.stringify(part)}\n\n`;

// A deterministic PRNG so every run serves byte-identical responses.
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['the ', 'gateway ', 'streams ', 'tokens ', 'quickly, ', 'and ', 'a ', 'client ', 'should ', 'keep ', 'up. '];
const TIMESTAMP = '2026-01-15T10:20:30.000Z';

function usage(spec, input, output) {
  if (spec === '2') {
    return { inputTokens: input, outputTokens: output, totalTokens: input + output, reasoningTokens: 0, cachedInputTokens: 0 };
  }
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}
const finishReason = (spec) => (spec === '2' ? 'stop' : { unified: 'stop', raw: 'stop' });

// What the hosted gateway attaches to a finished call (shape only; values made up).
function gatewayMetadata(modelId) {
  return {
    gateway: {
      routing: {
        originalModelId: modelId,
        resolvedProvider: 'bench',
        canonicalSlug: modelId,
        finalProvider: 'bench',
        attempts: [{ provider: 'bench', success: true, startTime: 1768472430000, endTime: 1768472430120 }],
        modelAttemptCount: 1,
      },
      cost: '0.0000123',
      marketCost: '0.0000123',
      generationId: 'gen_01BENCH0000000000000000000',
    },
  };
}

// Stream bodies are cut into network-sized writes of `eventsPerWrite` events each.
function streamChunks(spec, modelId, deltas, eventsPerWrite = 64) {
  const events = [
    sse({ type: 'stream-start', warnings: [] }),
    sse({ type: 'response-metadata', id: 'resp_bench', modelId, timestamp: TIMESTAMP }),
    sse({ type: 'text-start', id: 'txt-0' }),
  ];
  for (let i = 0; i < deltas; i++) {
    events.push(sse({ type: 'text-delta', id: 'txt-0', delta: WORDS[i % WORDS.length] }));
  }
  events.push(sse({ type: 'text-end', id: 'txt-0' }));
  events.push(
    sse({
      type: 'finish',
      finishReason: finishReason(spec),
      usage: usage(spec, 12, deltas),
      providerMetadata: gatewayMetadata(modelId),
    }),
  );
  const chunks = [];
  for (let i = 0; i < events.length; i += eventsPerWrite) {
    chunks.push(enc(events.slice(i, i + eventsPerWrite).join('')));
  }
  return chunks;
}

function generateBody(spec, modelId) {
  return enc(
    JSON.stringify({
      content: [{ type: 'text', text: 'Hello from the canned gateway. This answer is short on purpose.' }],
      finishReason: finishReason(spec),
      usage: usage(spec, 12, 14),
      warnings: [],
      providerMetadata: gatewayMetadata(modelId),
      response: { id: 'resp_bench', modelId, timestamp: TIMESTAMP },
    }),
  );
}

function embeddingBody(rows, dims) {
  const rand = prng(1536);
  const parts = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array(dims);
    // Like real embedding APIs: unit-scale floats with 8-10 significant digits.
    for (let d = 0; d < dims; d++) row[d] = Number(((rand() - 0.5) * 0.2).toPrecision(9));
    parts.push(JSON.stringify(row));
  }
  return enc(`{"embeddings":[${parts.join(',')}],"usage":{"tokens":${rows * 8}},"providerMetadata":{"gateway":{"cost":"0.0001"}}}`);
}

function imageBody(count, bytes) {
  const rand = prng(4242);
  const images = [];
  for (let i = 0; i < count; i++) {
    const buf = Buffer.allocUnsafe(bytes);
    for (let j = 0; j < bytes; j += 4) buf.writeUInt32LE(Math.floor(rand() * 4294967296), j);
    images.push(buf.toString('base64'));
  }
  return enc(
    `{"images":[${images.map((s) => `"${s}"`).join(',')}],"warnings":[],"providerMetadata":{"gateway":{"cost":"0.04"}},"usage":{"inputTokens":10,"outputTokens":0,"totalTokens":10}}`,
  );
}

// Responses are built once per (kind, spec, model id) and reused.
const cache = new Map();
function cached(key, build) {
  let v = cache.get(key);
  if (v === undefined) {
    v = build();
    cache.set(key, v);
  }
  return v;
}

const stats = { requests: 0, barrierTimeouts: 0 };
const barriers = new Map(); // key -> { n, waiting: [fn], timer }

function joinBarrier(spec, release) {
  const i = spec.lastIndexOf(':');
  const key = spec.slice(0, i);
  const n = Number(spec.slice(i + 1));
  let b = barriers.get(key);
  if (!b) {
    b = { n, waiting: [], timer: null };
    b.timer = setTimeout(
      () => {
        stats.barrierTimeouts++;
        open(key);
      },
      n === 0 ? 30_000 : 10_000,
    );
    barriers.set(key, b);
  }
  b.waiting.push(release);
  if (b.n > 0 && b.waiting.length >= b.n) open(key);
}
function open(key) {
  const b = barriers.get(key);
  if (!b) return;
  barriers.delete(key);
  clearTimeout(b.timer);
  for (const fn of b.waiting) fn();
}

async function writeAll(res, chunks) {
  for (const c of chunks) {
    if (!res.write(c)) await new Promise((r) => res.once('drain', r));
  }
}

function sendJson(res, body) {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  stats.requests++;
  // Drain the request body first, as a real server would.
  for await (const _ of req);
  const url = req.url;
  const h = req.headers;

  if (req.method === 'GET' && url === '/bench/stats') {
    return sendJson(res, enc(JSON.stringify(stats)));
  }
  if (req.method === 'GET' && url.startsWith('/bench/')) {
    const key = new URL(url, 'http://x').searchParams.get('key');
    if (url.startsWith('/bench/waiting')) {
      return sendJson(res, enc(JSON.stringify({ waiting: barriers.get(key)?.waiting.length ?? 0 })));
    }
    if (url.startsWith('/bench/release')) {
      open(key);
      return sendJson(res, enc('{}'));
    }
  }
  if (req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'application/json' });
    return res.end('{"error":{"message":"not found","type":"not_found"}}');
  }

  if (url.endsWith('/language-model')) {
    const spec = h['ai-language-model-specification-version'] ?? '2';
    const modelId = h['ai-language-model-id'] ?? 'bench/small';
    if (h['ai-language-model-streaming'] === 'true') {
      const m = /stream-(\d+)$/.exec(modelId);
      const deltas = m ? Number(m[1]) : 10;
      const chunks = cached(`s:${spec}:${modelId}`, () => streamChunks(spec, modelId, deltas));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const barrier = h['x-bench-barrier'];
      if (barrier && chunks.length > 1) {
        // First write now (headers + stream-start + first deltas), the rest after the barrier.
        res.write(chunks[0]);
        await new Promise((r) => joinBarrier(barrier, r));
        await writeAll(res, chunks.slice(1));
      } else if (barrier) {
        // Small stream that fits one write: split it by events.
        const text = chunks[0].toString('utf8');
        const cut = text.indexOf('\n\n', text.indexOf('text-start')) + 2;
        res.write(text.slice(0, cut));
        await new Promise((r) => joinBarrier(barrier, r));
        res.write(text.slice(cut));
      } else {
        await writeAll(res, chunks);
      }
      return res.end();
    }
    return sendJson(res, cached(`g:${spec}:${modelId}`, () => generateBody(spec, modelId)));
  }

  if (url.endsWith('/embedding-model')) {
    const m = /embed-(\d+)x(\d+)$/.exec(h['ai-model-id'] ?? '');
    const [rows, dims] = m ? [Number(m[1]), Number(m[2])] : [1, 8];
    return sendJson(res, cached(`e:${rows}x${dims}`, () => embeddingBody(rows, dims)));
  }

  if (url.endsWith('/image-model')) {
    const m = /image-(\d+)x(\d+)$/.exec(h['ai-model-id'] ?? '');
    const [count, bytes] = m ? [Number(m[1]), Number(m[2])] : [1, 1024];
    return sendJson(res, cached(`i:${count}x${bytes}`, () => imageBody(count, bytes)));
  }

  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":{"message":"unknown endpoint","type":"not_found"}}');
});

server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.maxHeadersCount = 0;

// Build the big responses before announcing the port, so no round pays for it.
for (const spec of ['2', '3', '4']) cached(`s:${spec}:bench/stream-20000`, () => streamChunks(spec, 'bench/stream-20000', 20000));
cached('e:512x1536', () => embeddingBody(512, 1536));
cached('i:4x2097152', () => imageBody(4, 2 * 1024 * 1024));

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});

function shutdown() {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.resume();
