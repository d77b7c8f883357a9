// Where the time goes in a .cpuprofile (e.g. from `npm run bench:server -- --cpu-prof`):
//   node bench/cpuprofile-summary.mjs <file.cpuprofile> [top]
// Prints self time by package / file and the top functions by self time, idle excluded.
import fs from 'node:fs';
import path from 'node:path';

const [file, topArg = '30'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpuprofile-summary.mjs <file.cpuprofile> [top]');
  process.exit(1);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const root = process.cwd();
const byFn = new Map();
const byArea = new Map();
let total = 0;
let idle = 0;
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  if (functionName === '(idle)') {
    idle += us;
    continue;
  }
  total += us;
  const local = url.replace(/^file:\/\//, '');
  const inModules = local.includes('node_modules/');
  const modulePath = inModules ? local.split('node_modules/').pop() : '';
  const short = inModules ? modulePath : local.startsWith(root) ? path.relative(root, local) : local;
  byFn.set(`${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`, (byFn.get(`${functionName || '(anonymous)'}  ${short}${url ? `:${lineNumber + 1}` : ''}`) ?? 0) + us);
  const area = inModules
    ? modulePath.split('/').slice(0, modulePath.startsWith('@') ? 2 : 1).join('/')
    : url.startsWith('node:')
      ? url.replace(/^node:internal\//, 'node:').split('/').slice(0, 2).join('/')
      : url
        ? short
        : functionName;
  byArea.set(area, (byArea.get(area) ?? 0) + us);
}
const show = (title, map, count) => {
  console.log(title);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle\n`);
show('by package / file (self time):', byArea, 25);
console.log();
show('top functions (self time):', byFn, Number(topArg));
