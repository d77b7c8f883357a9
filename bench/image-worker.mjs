// One image-call memory measurement in a fresh process, so that memory is this client's alone:
//   node --expose-gc bench/image-worker.mjs <client> <port> <spec> <count> <bytes> [<warm-up bytes>]
// Prints one JSON line: { livePeak, peakRss, decoded, checksum }.
//
// livePeak: the highest live memory (V8 heap used + external, i.e. ArrayBuffers) during
//   the call, minus the same before it. A timer forces a GC and samples every
//   millisecond, so garbage awaiting collection is not counted. Work done in one
//   synchronous step (e.g. JSON.parse of the whole body) cannot be sampled inside, so
//   for clients that work that way this is a lower bound.
// peakRss: the resident-set high-water mark during the call minus the resident set just
//   before it (Linux; the mark is reset through /proc/self/clear_refs). It does see
//   synchronous spikes, but also allocator reuse and GC timing, so it is noisy.

import fs from 'node:fs';
import { loadClients } from './clients.mjs';

const [clientName, port, spec, count, bytes, warmBytes = '16384'] = process.argv.slice(2);
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

// Warm up the code paths on small images, then settle the heap. The image decoders are warmed
// on 128 KiB images (run.mjs passes it), above the 64 KiB below which experimental_binaryFields
// leaves a string as it is. The warm-up size moves the measured peak (bench/README.md).
for (let i = 0; i < 3; i++) await client.image(`bench/image-${n}x${warmBytes}`, n);
for (let i = 0; i < 3; i++) {
  globalThis.gc();
  await new Promise((r) => setTimeout(r, 10));
}

const live = () => {
  globalThis.gc();
  return heapNow();
};
const canReset = resetHighWaterMark();
const before = procStatus();
const live0 = live();
let livePeak = live0;
const timer = setInterval(() => {
  const h = live();
  if (h > livePeak) livePeak = h;
}, 1);

const images = await client.image(`bench/image-${n}x${size}`, n);
clearInterval(timer);
const after = procStatus();
const h = live();
if (h > livePeak) livePeak = h;

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
    livePeak: livePeak - live0,
    peakRss: canReset && before && after ? after.VmHWM - before.VmRSS : null,
    decoded,
    checksum,
  }) + '\n',
);
process.exit(0);
