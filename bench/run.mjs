// `npm run bench`: modelgate vs @ai-sdk/gateway vs a raw baseline, against a canned
// gateway on a real local socket. See bench/README.md for what is measured and how.
//
// Options: --rounds N (default 11), --spec v2|v3|v4 (default v2),
//          --clients raw,modelgate,public   --workloads stream,generate,embed,image,concurrent
//          --images 4x2097152 (image count x decoded bytes each)
//          --image-decoders (only the image workload, for raw and the two image decoders in
//            clients.mjs; writes its own section of bench/RESULTS.md and image-decoders.json)
//          --no-write (print only; do not touch bench/RESULTS.md, results.json, ratios.svg)

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClients, LABELS, IMAGE_DECODERS } from './clients.mjs';
import { renderChart } from './chart.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------- options ----------
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? dflt : argv[i + 1];
};
const ROUNDS = Number(opt('rounds', 11));
const SPEC = opt('spec', 'v2');
const DECODERS_MODE = argv.includes('--image-decoders');
const WANTED = opt('clients', DECODERS_MODE ? ['raw', ...IMAGE_DECODERS].join(',') : 'raw,floor,modelgate,public').split(',');
// The floor client (raw + the one ReadableStream doStream must return) only differs
// from raw on streams; the image decoders only decode images.
const FLOOR_WORKLOADS = new Set(['stream', 'concurrent']);
const WORKLOADS = opt('workloads', DECODERS_MODE ? 'image' : 'stream,generate,embed,image,concurrent').split(',');
const WRITE = !argv.includes('--no-write');

if (typeof globalThis.gc !== 'function') {
  // Re-exec with --expose-gc so heaps can be settled between measurements.
  const r = spawnSyncSelf();
  process.exit(r);
}
function spawnSyncSelf() {
  try {
    execFileSync(process.execPath, ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...argv], {
      stdio: 'inherit',
    });
    return 0;
  } catch (e) {
    return e.status ?? 1;
  }
}

// ---------- workload sizes ----------
const STREAM_DELTAS = 20_000;
const SMALL_CALLS = 300;
const EMBED_ROWS = 512;
const EMBED_DIMS = 1536;
const [IMAGE_COUNT, IMAGE_BYTES] = opt('images', `4x${2 * 1024 * 1024}`).split('x').map(Number);
// Warm-up image size in the memory worker: the decoders need > 64 KiB (see image-worker.mjs).
const WARM_IMAGE_BYTES = DECODERS_MODE ? 128 * 1024 : 16 * 1024;
const CONCURRENT = 500;
const CONCURRENT_DELTAS = 10;
// Repetitions per round, interleaved client by client. For `generate` the 300 calls
// are split into REPS batches and the round's time is their sum; for the others each
// repetition is the whole workload and the round's time is their mean.
const REPS = { stream: 6, generate: 10, embed: 3, image: 2 };
const SPLIT = new Set(['generate']);
const EMBED_VALUES = Array.from({ length: EMBED_ROWS }, (_, i) => `benchmark sentence number ${i}`);

// ---------- helpers ----------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const heapNow = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
async function settle() {
  globalThis.gc();
  await sleep(5);
  globalThis.gc();
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    const onData = (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl !== -1) {
        child.stdout.off('data', onData);
        resolve({ child, port: JSON.parse(buf.slice(0, nl)).port });
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    setTimeout(() => reject(new Error('bench server did not start in 30 s')), 30_000).unref();
  });
}

function runImageWorker(client, port) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', path.join(here, 'image-worker.mjs'), client, String(port), SPEC, String(IMAGE_COUNT), String(IMAGE_BYTES), String(WARM_IMAGE_BYTES)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const r = JSON.parse(out.trim().split('\n').pop());
  if (r.error) throw new Error(`${client}: ${r.error}`);
  return r;
}

// ---------- the workloads; each returns { ms, ...extra } ----------
const workloads = {
  async stream(c) {
    const t0 = performance.now();
    const r = await c.stream(`bench/stream-${STREAM_DELTAS}`);
    const ms = performance.now() - t0;
    if (r.deltas !== STREAM_DELTAS || !r.finished) throw new Error(`${c.name}: stream gave ${r.deltas} deltas, finished=${r.finished}`);
    return { ms };
  },
  async generate(c) {
    const t0 = performance.now();
    for (let i = 0; i < SMALL_CALLS / REPS.generate; i++) {
      if (!(await c.generate('bench/small'))) throw new Error(`${c.name}: empty answer`);
    }
    return { ms: performance.now() - t0 };
  },
  async embed(c) {
    const t0 = performance.now();
    const e = await c.embed(`bench/embed-${EMBED_ROWS}x${EMBED_DIMS}`, EMBED_VALUES);
    const ms = performance.now() - t0;
    if (e.length !== EMBED_ROWS || e[EMBED_ROWS - 1].length !== EMBED_DIMS || typeof e[7][7] !== 'number') {
      throw new Error(`${c.name}: bad embeddings`);
    }
    return { ms };
  },
  async image(c) {
    const t0 = performance.now();
    const images = await c.image(`bench/image-${IMAGE_COUNT}x${IMAGE_BYTES}`, IMAGE_COUNT);
    const ms = performance.now() - t0;
    if (images.length !== IMAGE_COUNT || images.some((img) => !(img instanceof Uint8Array) || img.byteLength !== IMAGE_BYTES)) {
      throw new Error(`${c.name}: bad images`);
    }
    return { ms };
  },
  // Not a time figure: memory of one image call, each in a fresh process.
  async imageMemory(c, port) {
    return runImageWorker(c.name, port);
  },
  async concurrent(c, _port, round) {
    return { ms: (await concurrentStreams(c, `${round}`)).ms };
  },
  // Not a time figure: live memory while all the streams are open. The server sends each
  // stream's first events and holds the rest until told; once all CONCURRENT are held,
  // the heap is collected and measured (V8 heap used + external), then they are released.
  async concurrentMemory(c, port, round) {
    await settle();
    const live0 = heapNow();
    const key = `mem-${c.name}-${round}-${Math.random()}`;
    const all = Promise.all(
      Array.from({ length: CONCURRENT }, () => c.stream(`bench/stream-${CONCURRENT_DELTAS}`, { 'x-bench-barrier': `${key}:0` })),
    );
    const control = (what) => fetch(`http://127.0.0.1:${port}/bench/${what}?key=${encodeURIComponent(key)}`).then((r) => r.json());
    for (let i = 0; (await control('waiting')).waiting < CONCURRENT; i++) {
      if (i > 2000) throw new Error(`${c.name}: ${CONCURRENT} streams did not open`);
      await sleep(5);
    }
    await sleep(20); // let every client read the first events
    await settle();
    const held = heapNow();
    await control('release');
    const results = await all;
    if (results.some((r) => r.deltas !== CONCURRENT_DELTAS || !r.finished)) throw new Error(`${c.name}: bad held stream`);
    return { perStream: (held - live0) / CONCURRENT };
  },
};

async function concurrentStreams(c, tag) {
  // The server holds every stream open until all CONCURRENT requests have arrived.
  const headers = { 'x-bench-barrier': `${c.name}-${tag}-${Math.random()}:${CONCURRENT}` };
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: CONCURRENT }, () => c.stream(`bench/stream-${CONCURRENT_DELTAS}`, headers)),
  );
  const ms = performance.now() - t0;
  for (const r of results) {
    if (r.deltas !== CONCURRENT_DELTAS || !r.finished) throw new Error(`${c.name}: concurrent stream gave ${r.deltas} deltas`);
  }
  return { ms };
}

// ---------- main ----------
async function main() {
const started = Date.now();
const { child: server, port } = await startServer();
let exitCode = 0;
try {
  const { clients, missing } = await loadClients(port, SPEC, WANTED);
  for (const m of missing) console.log(`! ${m.name} (${m.pkg}) not loaded: ${m.error} — measuring the others`);
  if (!clients.some((c) => c.name === 'raw')) throw new Error('the raw baseline is needed for ratios');
  console.log(
    `bench: ${clients.map((c) => LABELS[c.name]).join(', ')} | spec ${SPEC} | ${ROUNDS} rounds + warm-up | server on 127.0.0.1:${port}`,
  );

  // samples[workload][client] = [{ ms, ... } per round]
  const runs = (w, c) =>
    c.name === 'floor' ? FLOOR_WORKLOADS.has(w) : IMAGE_DECODERS.includes(c.name) ? w === 'image' : true;
  const samples = Object.fromEntries(
    WORKLOADS.map((w) => [w, Object.fromEntries(clients.filter((c) => runs(w, c)).map((c) => [c.name, []]))]),
  );

  for (let round = 0; round <= ROUNDS; round++) {
    // Alternate: each round starts with a different client.
    const order = clients.map((_, i) => clients[(i + round) % clients.length]);
    // Time is measured on a steady heap, as in a long-running server: no forced GC
    // before a timed run (a just-collected heap has a shrunken young generation and runs
    // allocation-heavy code up to 2x slower, which is not what users see).
    // Short workloads run several times per round, interleaved client by client, so
    // that bursts of load from other processes hit every client alike.
    for (const w of WORKLOADS) {
      const acc = new Map();
      const these = order.filter((c) => runs(w, c));
      for (let rep = 0; rep < (REPS[w] ?? 1); rep++) {
        for (const c of these) {
          const r = await workloads[w](c, port, round);
          const prev = acc.get(c.name);
          acc.set(c.name, prev ? { ...prev, ms: prev.ms + r.ms } : r);
        }
      }
      for (const c of these) {
        const r = acc.get(c.name);
        if (!SPLIT.has(w)) r.ms /= REPS[w] ?? 1;
        if (w === 'concurrent') Object.assign(r, await workloads.concurrentMemory(c, port, round));
        if (w === 'image') Object.assign(r, await workloads.imageMemory(c, port, round));
        if (round > 0) samples[w][c.name].push(r);
      }
    }
    process.stdout.write(round === 0 ? 'warm-up done; rounds: 1' : round < ROUNDS ? ` ${round + 1}` : '\n');
  }

  const stats = await (await fetch(`http://127.0.0.1:${port}/bench/stats`)).json();
  if (stats.barrierTimeouts) console.log(`! ${stats.barrierTimeouts} concurrency barrier(s) timed out: some client did not open ${CONCURRENT} streams at once`);

  const results = summarize(samples);
  const elapsed = (Date.now() - started) / 1000;
  printTable(results, elapsed);
  if (WRITE && DECODERS_MODE) writeDecoderResults(results, elapsed, missing);
  else if (WRITE) writeResults(results, elapsed, missing);
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  server.kill('SIGTERM');
}
process.exitCode = exitCode;
}

// ---------- reporting ----------
function summarize(samples) {
  const out = {};
  for (const [w, byClient] of Object.entries(samples)) {
    out[w] = {};
    const raw = byClient.raw;
    const names = Object.keys(byClient);
    for (const name of names) {
      const xs = byClient[name];
      const ratios = xs.map((x, i) => x.ms / raw[i].ms);
      const entry = { ms: median(xs.map((x) => x.ms)), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), ratios };
      if (w === 'image') {
        entry.peakRss = median(xs.map((x) => x.peakRss ?? NaN));
        entry.livePeak = median(xs.map((x) => x.livePeak));
        entry.decoded = xs[0].decoded;
        entry.checksum = xs[0].checksum;
        entry.samples = xs.map(({ ms, livePeak, peakRss }) => ({ ms, livePeak, peakRss }));
      }
      if (w === 'concurrent') entry.perStream = median(xs.map((x) => x.perStream));
      out[w][name] = entry;
    }
    if (w === 'image') {
      const sums = new Set(names.map((n) => out[w][n].checksum));
      if (sums.size > 1) throw new Error('clients decoded different image bytes');
    }
  }
  return out;
}

const TITLES = {
  stream: `stream, ${STREAM_DELTAS.toLocaleString('en')} text deltas (doStream)`,
  generate: `${SMALL_CALLS} sequential small doGenerate calls`,
  embed: `embeddings, ${EMBED_ROWS} × ${EMBED_DIMS} floats (doEmbed)`,
  image: `images, ${IMAGE_COUNT} × ${IMAGE_BYTES / 2 ** 20} MB decoded (${DECODERS_MODE ? 'decoding only' : 'doGenerate'})`,
  concurrent: `${CONCURRENT} concurrent small streams`,
};
const TIME_TARGETS = { stream: 1.5, generate: 1.1, embed: 1.1 };
const IMAGE_MEM_TARGET = 1.5; // × decoded bytes

const fmtMs = (ms) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const fmtX = (x) => `${x.toFixed(2)}×`;
const fmtMB = (b) => `${(b / 2 ** 20).toFixed(1)} MB`;
const fmtKB = (b) => `${(b / 1024).toFixed(1)} KB`;

function rows(results) {
  // One row per figure: [label, raw, modelgate, public, target, ok?]
  const names = presentNames(results);
  const cell = (w, n, f) => (results[w]?.[n] ? f(results[w][n]) : '—');
  const ratioCell = (e) => `${fmtMs(e.ms)} · ${fmtX(e.ratio)} (${e.ratioMin.toFixed(2)}–${e.ratioMax.toFixed(2)})`;
  const out = [];
  for (const w of WORKLOADS) {
    if (!results[w]) continue;
    out.push({
      label: `${TITLES[w]}: time`,
      cells: names.map((n) => cell(w, n, n === 'raw' ? (e) => fmtMs(e.ms) : ratioCell)),
      target: TIME_TARGETS[w] ? `≤ ${TIME_TARGETS[w]}× raw` : '',
      ok: TIME_TARGETS[w] && results[w].modelgate ? results[w].modelgate.ratio <= TIME_TARGETS[w] : undefined,
    });
    if (w === 'image') {
      const dec = results.image.raw.decoded;
      out.push({
        label: `${TITLES[w]}: peak live memory`,
        cells: names.map((n) => cell(w, n, (e) => `${fmtMB(e.livePeak)} · ${fmtX(e.livePeak / dec)} decoded`)),
        target: `≤ ${IMAGE_MEM_TARGET}× decoded`,
        ok: results.image.modelgate ? results.image.modelgate.livePeak <= IMAGE_MEM_TARGET * dec : undefined,
      });
      if (DECODERS_MODE) {
        out.push({
          label: `${TITLES[w]}: peak RSS growth (noisy)`,
          cells: names.map((n) => cell(w, n, (e) => (Number.isNaN(e.peakRss) ? '—' : fmtMB(e.peakRss)))),
          target: '',
        });
      }
    }
    if (w === 'concurrent') {
      out.push({
        label: `${TITLES[w]}: memory per open stream`,
        cells: names.map((n) => cell(w, n, (e) => fmtKB(e.perStream))),
        target: '',
      });
    }
  }
  return out;
}

function presentNames(results) {
  // Columns in a fixed order; a client that was not measured gets no column, except
  // modelgate and @ai-sdk/gateway, which always have one (— when missing).
  const measured = new Set(Object.values(results).flatMap((byClient) => Object.keys(byClient)));
  const always = DECODERS_MODE ? IMAGE_DECODERS : ['modelgate', 'public'];
  return ['raw', 'floor', 'modelgate', 'public', ...IMAGE_DECODERS].filter((n) => measured.has(n) || always.includes(n));
}

function printTable(results, elapsed) {
  const r = rows(results);
  const head = ['figure', ...presentNames(results).map((n) => LABELS[n]), 'target'];
  const table = [head, ...r.map((x) => [x.label, ...x.cells, x.target + (x.ok === undefined ? '' : x.ok ? ' ✓' : ' ✗')])];
  const widths = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log();
  for (const [i, row] of table.entries()) {
    console.log(row.map((c, j) => c.padEnd(widths[j])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`\nTimes are medians of ${ROUNDS} rounds; ratios are medians of per-round ratios to the raw baseline (min–max). ${elapsed.toFixed(0)} s in all.`);
  for (const line of floorLines(results)) console.log(line);
  for (const line of decoderLines(results)) console.log(line);
}

/** image-body.ts against experimental_binaryFields, round by round (same round, same server bytes). */
function decoderLines(results) {
  const a = results.image?.['image-body'];
  const b = results.image?.['binary-fields'];
  if (!a || !b) return [];
  const line = (what, xs) =>
    `image-body.ts ÷ experimental_binaryFields, ${what}: ${fmtX(median(xs))} (per-round median; ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  return [
    line('time', a.samples.map((x, i) => x.ms / b.samples[i].ms)),
    line('peak live memory', a.samples.map((x, i) => x.livePeak / b.samples[i].livePeak)),
    ...(a.samples.every((x) => x.peakRss) && b.samples.every((x) => x.peakRss)
      ? [line('peak RSS growth', a.samples.map((x, i) => x.peakRss / b.samples[i].peakRss))]
      : []),
  ];
}

/** modelgate against the interface floor (raw + the one ReadableStream doStream must return). */
function floorLines(results) {
  const out = [];
  for (const w of ['stream', 'concurrent']) {
    const f = results[w]?.floor;
    const m = results[w]?.modelgate;
    if (!f || !m) continue;
    const perRound = m.ratios.map((x, i) => x / f.ratios[i]);
    out.push(
      `${TITLES[w]}: modelgate is ${fmtX(median(perRound))} the raw + ReadableStream floor (per-round median, ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)})`,
    );
  }
  return out;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} logical cores`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

function versionOf(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function writeResults(results, elapsed, missing) {
  const m = machine();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const own = JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8')).version;
  const publicPkg = { v2: '@ai-sdk/gateway', v3: 'gateway-v3', v4: 'gateway-v4' }[SPEC];
  const bars = [];
  const chartLabels = { stream: 'stream 20k deltas', generate: '300 small calls', embed: 'embeddings 512×1536', image: 'images 4×2 MB', concurrent: '500 concurrent streams' };
  for (const w of WORKLOADS) {
    if (!results[w]) continue;
    bars.push({
      label: `${chartLabels[w]} (time)`,
      target: TIME_TARGETS[w],
      values: { floor: results[w].floor?.ratio, modelgate: results[w].modelgate?.ratio, public: results[w].public?.ratio },
    });
  }
  if (results.image) {
    const raw = results.image.raw.livePeak;
    bars.push({
      label: 'images 4×2 MB (peak live memory)',
      // The target is 1.5× the decoded bytes, drawn on the raw-ratio axis.
      target: (IMAGE_MEM_TARGET * results.image.raw.decoded) / raw,
      values: { modelgate: results.image.modelgate && results.image.modelgate.livePeak / raw, public: results.image.public && results.image.public.livePeak / raw },
    });
  }
  if (results.concurrent) {
    const raw = results.concurrent.raw.perStream;
    bars.push({
      label: '500 concurrent streams (memory)',
      values: {
        floor: results.concurrent.floor && results.concurrent.floor.perStream / raw,
        modelgate: results.concurrent.modelgate && results.concurrent.modelgate.perStream / raw,
        public: results.concurrent.public && results.concurrent.public.perStream / raw,
      },
    });
  }
  fs.writeFileSync(
    path.join(here, 'ratios.svg'),
    renderChart({
      title: `Ratio to the raw baseline (lower is better; 1.0 = raw) — spec ${SPEC}, ${date.slice(0, 10)}`,
      bars,
      series: [
        ...(Object.values(results).some((r) => r.floor) ? [{ key: 'floor', label: 'raw + ReadableStream (floor)', color: '#86efac', optional: true }] : []),
        { key: 'modelgate', label: `modelgate ${own}`, color: '#2563eb' },
        { key: 'public', label: `@ai-sdk/gateway ${versionOf(publicPkg)}`, color: '#9ca3af' },
      ],
    }),
  );

  const r = rows(results);
  const md = [];
  md.push('# Benchmark results', '');
  md.push('Generated by `npm run bench` (bench/run.mjs); do not edit by hand. Method: bench/README.md.', '');
  md.push(`- Date: ${date}`);
  md.push(`- Machine: ${m.cpu}, ${m.memory} RAM; ${m.os}; Node ${m.node}`);
  md.push(`- Clients: modelgate ${own} (${SPEC === 'v2' ? 'modelgate' : `modelgate/${SPEC}`}), @ai-sdk/gateway ${versionOf(publicPkg)}, raw baseline; spec ${SPEC}`);
  md.push(`- ${ROUNDS} rounds after a warm-up round, clients alternating in each round; ${elapsed.toFixed(0)} s in all`);
  if (missing.length) md.push(`- Not measured: ${missing.map((x) => `${x.name} (${x.error})`).join('; ')}`);
  md.push('');
  const names = presentNames(results);
  md.push(`| figure | ${names.map((n) => LABELS[n]).join(' | ')} | target |`);
  md.push(`|---|${names.map(() => '---|').join('')}---|`);
  for (const x of r) md.push(`| ${x.label} | ${x.cells.join(' | ')} | ${x.target}${x.ok === undefined ? '' : x.ok ? ' ✓' : ' ✗'} |`);
  md.push('');
  md.push('Times are medians over the rounds. "1.23× (1.10–1.40)" is the median of the per-round ratios to the raw baseline, with the lowest and highest round.');
  md.push('Peak live memory: one image call in a fresh process, with a timer that forces a GC and samples V8 heap used + external (ArrayBuffer) memory every millisecond; the highest sample minus the one before the call. "× decoded" divides it by the decoded image bytes. Work done in one synchronous step (JSON.parse of a whole body) cannot be sampled inside, so for clients that work that way it is a lower bound. (results.json also has the resident-set high-water mark of the same call, but it moves with allocator reuse and GC timing by more than the differences measured here.)');
  md.push('Memory per open stream: the server sends the first events of 500 streams and holds the rest; with all 500 open in the client, the heap is collected and V8 heap used + external memory is measured; the growth over the settled heap before, divided by 500.');
  md.push('');
  for (const line of floorLines(results)) md.push(`- ${line}`);
  md.push('');
  md.push('![ratios to the raw baseline](ratios.svg)');
  md.push('');
  md.push('Per-round ratios to raw:');
  md.push('');
  for (const w of WORKLOADS) {
    if (!results[w]) continue;
    for (const n of ['floor', 'modelgate', 'public']) {
      if (results[w][n]) md.push(`- ${w}, ${LABELS[n]}: ${results[w][n].ratios.map((x) => x.toFixed(2)).join(', ')}`);
    }
  }
  md.push('');
  for (const section of decoderSections()) md.push(section, '');
  for (const section of serverSections()) md.push(section, '');
  for (const section of governanceSections()) md.push(section, '');
  fs.writeFileSync(path.join(here, 'RESULTS.md'), md.join('\n'));
  fs.writeFileSync(path.join(here, 'results.json'), JSON.stringify({ date, machine: m, spec: SPEC, rounds: ROUNDS, results }, null, 2) + '\n');
  console.log('wrote bench/RESULTS.md, bench/results.json, bench/ratios.svg');
}

// The image-decoder sections of RESULTS.md (one per image size) are written by
// `--image-decoders` and kept when the main table is rewritten (and vice versa).
const decodersBegin = (key) => `<!-- image-decoders ${key}: written by \`npm run bench -- --image-decoders\`; do not edit by hand -->`;
const decodersEnd = (key) => `<!-- /image-decoders ${key} -->`;
const DECODER_SECTIONS = /<!-- image-decoders (\S+):[^\n]*-->[\s\S]*?<!-- \/image-decoders \1 -->/g;

// The server section, written by `npm run bench:server` (bench/server-bench.ts), is kept too.
const SERVER_SECTION = /<!-- server: written by `npm run bench:server`[^\n]*-->[\s\S]*?<!-- \/server -->/g;
// The governance section is written by `npm run bench:governance` (bench/governance-bench.ts), kept here as is.
const GOVERNANCE_SECTION = /<!-- governance: written by[\s\S]*?<!-- \/governance -->/g;

function serverSections() {
  let text = '';
  try {
    text = fs.readFileSync(path.join(here, 'RESULTS.md'), 'utf8');
  } catch {}
  return [...text.matchAll(SERVER_SECTION)].map((m) => m[0]);
}

function governanceSections() {
  let text = '';
  try {
    text = fs.readFileSync(path.join(here, 'RESULTS.md'), 'utf8');
  } catch {}
  return [...text.matchAll(GOVERNANCE_SECTION)].map((m) => m[0]);
}

function decoderSections() {
  let text = '';
  try {
    text = fs.readFileSync(path.join(here, 'RESULTS.md'), 'utf8');
  } catch {}
  return [...text.matchAll(DECODER_SECTIONS)].map((m) => m[0]);
}

function writeDecoderResults(results, elapsed, missing) {
  const m = machine();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const names = presentNames(results);
  const key = `${IMAGE_COUNT}x${IMAGE_BYTES}`;
  const md = [decodersBegin(key), ''];
  md.push('## Image decoders: src/image-body.ts vs `experimental_binaryFields`', '');
  md.push(`- Date: ${date}`);
  md.push(`- Machine: ${m.cpu}, ${m.memory} RAM; ${m.os}; Node ${m.node}`);
  md.push(`- @ai-sdk/provider-utils ${versionOf('@ai-sdk/provider-utils')}; ${IMAGE_COUNT} images of ${IMAGE_BYTES.toLocaleString('en')} bytes (spec ${SPEC} request); memory workers warmed up on ${WARM_IMAGE_BYTES / 1024} KiB images`);
  md.push(`- ${ROUNDS} rounds after a warm-up round, clients alternating in each round; ${elapsed.toFixed(0)} s in all; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(', ')} (1, 5, 15 min)`);
  if (missing.length) md.push(`- Not measured: ${missing.map((x) => `${x.name} (${x.error})`).join('; ')}`);
  md.push('');
  md.push(`| figure | ${names.map((n) => LABELS[n]).join(' | ')} |`);
  md.push(`|---|${names.map(() => '---|').join('')}`);
  for (const x of rows(results)) md.push(`| ${x.label} | ${x.cells.join(' | ')} |`);
  md.push('');
  md.push('Both decoders read the same response as the raw baseline (fetch + `res.json()` + Node\'s native base64 decode) and stop when the caller holds `Uint8Array`s; time is per call (median of rounds, ratio to raw per round); peak live memory is one call in a fresh process per client per round (method above).');
  md.push('');
  for (const line of decoderLines(results)) md.push(`- ${line}`);
  md.push('');
  for (const n of IMAGE_DECODERS) {
    const e = results.image?.[n];
    if (!e) continue;
    md.push(`- ${LABELS[n]}, per-round time ratio to raw: ${e.ratios.map((x) => x.toFixed(2)).join(', ')}`);
    md.push(`- ${LABELS[n]}, per-round peak live memory (MB): ${e.samples.map((x) => (x.livePeak / 2 ** 20).toFixed(1)).join(', ')}`);
  }
  md.push('', decodersEnd(key));
  const section = md.join('\n');
  const file = path.join(here, 'RESULTS.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const previous = decoderSections().find((x) => x.startsWith(decodersBegin(key)));
  fs.writeFileSync(file, previous ? old.replace(previous, () => section) : `${old.trimEnd()}\n\n${section}\n`);
  const jsonFile = path.join(here, 'image-decoders.json');
  const runs = fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : {};
  runs[key] = { date, machine: m, spec: SPEC, rounds: ROUNDS, loadavg: os.loadavg(), results };
  fs.writeFileSync(jsonFile, JSON.stringify(runs, null, 2) + '\n');
  console.log('wrote the image-decoder section of bench/RESULTS.md and bench/image-decoders.json');
}

await main();
