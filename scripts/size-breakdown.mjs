#!/usr/bin/env node
// What an entry's bundle is made of: bundles a source entry (src/*.ts) with the size check's
// settings (esbuild: bundle, minify, ESM, platform neutral, `zod` and `@vercel/oidc` external)
// and prints the minified bytes per package and per source module, from esbuild's metafile.
// By default the entry's `import()` targets are left out, as the size check's budgeted figure
// does (what importing the entry loads); `--all` inlines them. Per-module bytes are before
// gzip: gzip works across modules, so only the total is given gzipped.
//
//   node scripts/size-breakdown.mjs src/v4.ts [--all]

import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!entry) {
  console.error('usage: node scripts/size-breakdown.mjs <src entry, e.g. src/v4.ts> [--all]');
  process.exit(1);
}
const all = process.argv.includes('--all');

const result = await esbuild.build({
  entryPoints: [path.resolve(entry)],
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  conditions: ['import', 'module', 'default'],
  target: 'es2022',
  external: ['zod', 'zod/*', '@vercel/oidc'],
  define: { __MODELGATE_VERSION__: '"0.0.0"' },
  plugins: all
    ? []
    : [
        {
          name: 'import()-external',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
          },
        },
      ],
  write: false,
  metafile: true,
  logLevel: 'silent',
  legalComments: 'none',
});
const code = result.outputFiles[0].contents;
const [output] = Object.values(result.metafile.outputs);
const modules = Object.entries(output.inputs)
  .map(([file, { bytesInOutput }]) => ({ file: file.replace(/^.*node_modules\//, 'node_modules/'), bytes: bytesInOutput }))
  .filter((m) => m.bytes > 0)
  .sort((a, b) => b.bytes - a.bytes);
const packageOf = (file) => file.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.dirname(file);
const packages = new Map();
for (const m of modules) packages.set(packageOf(m.file), (packages.get(packageOf(m.file)) ?? 0) + m.bytes);

const pct = (n) => `${((100 * n) / code.length).toFixed(1).padStart(5)}%`;
console.log(`${entry}${all ? ' with its import() targets inlined' : ' as imported (import() targets left out)'}: ` +
  `${code.length.toLocaleString('en-US')} B min, ${gzipSync(code, { level: 9 }).length.toLocaleString('en-US')} B min+gz`);
console.log('\nby package / source directory (min bytes):');
for (const [name, bytes] of [...packages].sort((a, b) => b[1] - a[1])) console.log(`  ${String(bytes).padStart(7)} ${pct(bytes)}  ${name}`);
console.log('\nby module (min bytes):');
for (const m of modules) console.log(`  ${String(m.bytes).padStart(7)} ${pct(m.bytes)}  ${m.file}`);
