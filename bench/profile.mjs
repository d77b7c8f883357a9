// Profile one client on one workload, and print where the time goes.
//
//   node bench/profile.mjs <client> <workload> [iterations] [spec]
//     client:   raw | modelgate | public
//     workload: stream | generate | embed | image | concurrent
//
// Runs the workload under the V8 CPU profiler (node:inspector; same data as
// `node --cpu-prof`), writes bench/profiles/<client>-<workload>.cpuprofile (open it in
// Chrome DevTools or speedscope) and prints the top functions by self time, and
// the same rolled up by package.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClients } from './clients.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [clientName = 'modelgate', workload = 'stream', iterations = '20', spec = 'v2'] = process.argv.slice(2);

const server = spawn(process.execPath, [path.join(here, 'server.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => {
  let buf = '';
  server.stdout.on('data', (d) => {
    buf += d;
    if (buf.includes('\n')) resolve(JSON.parse(buf).port);
  });
});

try {
  const { clients, missing } = await loadClients(port, spec, [clientName]);
  if (!clients.length) throw new Error(missing[0]?.error);
  const c = clients[0];
  const values = Array.from({ length: 512 }, (_, i) => `benchmark sentence number ${i}`);
  const run = {
    stream: () => c.stream('bench/stream-20000'),
    generate: async () => {
      for (let i = 0; i < 300; i++) await c.generate('bench/small');
    },
    embed: () => c.embed('bench/embed-512x1536', values),
    image: () => c.image(`bench/image-4x${2 * 1024 * 1024}`, 4),
    concurrent: (i) =>
      Promise.all(
        Array.from({ length: 500 }, () => c.stream('bench/stream-10', { 'x-bench-barrier': `p-${i}:500` })),
      ),
  }[workload];
  if (!run) throw new Error(`unknown workload ${workload}`);

  for (let i = 0; i < 3; i++) await run(`w${i}`); // warm-up, not profiled
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  const n = Number(iterations);
  for (let i = 0; i < n; i++) await run(`r${i}`);
  const ms = (performance.now() - t0) / n;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();

  fs.mkdirSync(path.join(here, 'profiles'), { recursive: true });
  const file = path.join(here, 'profiles', `${clientName}-${workload}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));

  // Self time per function and per package.
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map();
  const byPkg = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    if (functionName === '(idle)') continue;
    total += us;
    const short = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^\/work\/main\//, '');
    const fn = `${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
    const pkg = url.includes('node_modules/')
      ? url.split('node_modules/').pop().split('/').slice(0, url.split('node_modules/').pop().startsWith('@') ? 2 : 1).join('/')
      : url.startsWith('node:')
        ? url.split('/')[0] + (url.includes('webstreams') ? ' (webstreams)' : '')
        : url.includes('/dist/')
          ? 'modelgate dist/'
          : url
            ? path.relative(path.join(here, '..'), url.replace(/^file:\/\//, ''))
            : functionName;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
  }
  const show = (title, m, k) => {
    console.log(title);
    for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, k)) {
      console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000 / n).toFixed(2).padStart(7)} ms/iter  ${name}`);
    }
  };
  console.log(`${clientName} ${workload}: ${ms.toFixed(1)} ms per iteration (under the profiler), ${n} iterations; profile: ${path.relative(process.cwd(), file)}\n`);
  show('by package / area (self time, idle excluded):', byPkg, 12);
  console.log();
  show('top functions (self time):', byFn, 25);
} finally {
  server.kill('SIGTERM');
}
