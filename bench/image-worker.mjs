// One image measurement in a fresh process, so that peak memory is this client's alone:
//   node --expose-gc bench/image-worker.mjs <client> <port> <spec> <count> <bytes>
// Prints one JSON line: { ms, peakRss, peakHeap, decoded, checksum }.
//
// peakRss: the process's resident-set high-water mark during the call, minus its
//   resident set just before (Linux: the mark is reset through /proc/self/clear_refs,
//   so it covers the call only; synchronous spikes such as a big JSON.parse count).
// peakHeap: the highest V8 heap used + external memory sampled every millisecond,
//   minus the same figure before (misses spikes inside synchronous code).

import fs from 'node:fs';
import { loadClients } from './clients.mjs';

const [clientName, port, spec, count, bytes] = process.argv.slice(2);
const n = Number(count);
const size = Number(bytes);

const { clients, missing } = await loadClients(Number(port), spec, [clientName]);
if (!clients.length) {
  process.stdout.write(JSON.stringify({ error: missing[0]?.error ?? 'no client' }) + '\n');
  process.exit(0);
}
const client = clients[0];

function procStatus() {
  try {
    const out = {};
    for (const line of fs.readFileSync('/proc/self/status', 'utf8').split('\n')) {
      const m = /^(VmHWM|VmRSS):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]] = Number(m[2]) * 1024;
    }
    return out.VmRSS ? out : null;
  } catch {
    return null;
  }
}
function resetHighWaterMark() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
const heapNow = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

// Warm up the code paths on small images, then settle the heap.
for (let i = 0; i < 3; i++) await client.image(`bench/image-${n}x16384`, n);
for (let i = 0; i < 3; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}

const canReset = resetHighWaterMark();
const before = procStatus();
const heap0 = heapNow();
let heapPeak = heap0;
const timer = setInterval(() => {
  const h = heapNow();
  if (h > heapPeak) heapPeak = h;
}, 1);

const t0 = performance.now();
const images = await client.image(`bench/image-${n}x${size}`, n);
const ms = performance.now() - t0;
clearInterval(timer);
const h = heapNow();
if (h > heapPeak) heapPeak = h;
const after = procStatus();

let decoded = 0;
let checksum = 0;
for (const img of images) {
  if (!(img instanceof Uint8Array)) throw new Error('image is not a Uint8Array');
  decoded += img.byteLength;
  for (let i = 0; i < img.byteLength; i += 4099) checksum = (checksum * 31 + img[i]) >>> 0;
}
if (images.length !== n || decoded !== n * size) throw new Error(`got ${images.length} images, ${decoded} bytes`);

process.stdout.write(
  JSON.stringify({
    ms,
    peakRss: canReset && before && after ? after.VmHWM - before.VmRSS : null,
    peakHeap: heapPeak - heap0,
    decoded,
    checksum,
  }) + '\n',
);
process.exit(0);
