#!/usr/bin/env node
// Size check: bundles each public entry of the built package (dist/, from package.json
// "exports") with esbuild (bundle, minify, ESM, platform neutral, `zod` external), gzips
// it, prints the sizes, and fails (exit 1) when the whole package is over the limit.
//
// "Whole package" = one bundle that re-exports every entry (`export * as eN from ...`),
// so code shared between entries counts once and nothing can be tree-shaken away.
// `@vercel/oidc` is left external only if modelgate loads it with a dynamic import()
// (checked on every run from esbuild's metafile); a static import would be bundled.
//
// The public client (@ai-sdk/gateway, and its v3/v4 majors when installed) is measured
// the same way for comparison; those figures never fail the check.
//
//   node scripts/size-check.mjs            # check, limit 15 KB (15 × 1024 bytes) gzipped
//   node scripts/size-check.mjs --json     # also print the figures as JSON

import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIMIT = 15 * 1024;
const ZOD = ['zod', 'zod/*'];

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The ESM file of every client entry in "exports" (all but ./package.json and ./server*). */
function esmEntries(exportsField) {
  const out = [];
  for (const [subpath, target] of Object.entries(exportsField ?? {})) {
    // The server entries are not part of any client bundle (built apart, never imported by them).
    if (subpath === './package.json' || subpath.startsWith('./server')) continue;
    const file =
      typeof target === 'string'
        ? target
        : (target.import?.default ?? target.import ?? target.module ?? target.default);
    if (typeof file === 'string' && /\.m?js$/.test(file)) out.push({ subpath, file });
  }
  return out;
}

async function bundle(contents, { external, resolveDir = root }) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir, loader: 'js', sourcefile: 'size-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'module', 'default'],
    target: 'es2022',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function printTable(title, rows) {
  console.log(title);
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(w)}  ${kb(r.min).padStart(9)} min  ${kb(r.gz).padStart(8)} min+gz${r.note ? `  ${r.note}` : ''}`);
  }
}

const json = process.argv.includes('--json');
const report = { limit: LIMIT, modelgate: [], public: [] };

// ---------- modelgate ----------
const entries = esmEntries(pkg.exports);
const missing = entries.filter((e) => !fs.existsSync(path.join(root, e.file)));
if (entries.length === 0 || missing.length) {
  console.error(
    `size-check: ${missing.length ? `missing ${missing.map((e) => e.file).join(', ')}` : 'no entries in package.json "exports"'}; run \`npm run build\` first.`,
  );
  process.exit(1);
}
const abs = (file) => JSON.stringify(path.join(root, file));

// Is @vercel/oidc reached only through import()? Bundle with it external and ask the metafile.
const probe = await bundle(entries.map((e, i) => `export * as e${i} from ${abs(e.file)};`).join('\n'), {
  external: [...ZOD, '@vercel/oidc'],
});
const oidcImports = Object.values(probe.metafile.inputs)
  .flatMap((input) => input.imports)
  .filter((imp) => imp.path === '@vercel/oidc');
const oidcLazy = oidcImports.length > 0 && oidcImports.every((imp) => imp.kind === 'dynamic-import');
const external = oidcLazy || oidcImports.length === 0 ? [...ZOD, '@vercel/oidc'] : ZOD;

const whole = oidcLazy || oidcImports.length === 0 ? probe : await bundle(entries.map((e, i) => `export * as e${i} from ${abs(e.file)};`).join('\n'), { external });
const rows = [];
for (const e of entries) {
  const r = await bundle(`export * from ${abs(e.file)};`, { external });
  rows.push({ name: `modelgate${e.subpath.slice(1)} (${e.file})`, min: r.min, gz: r.gz });
}
rows.push({
  name: `whole package (${entries.length} entries)`,
  min: whole.min,
  gz: whole.gz,
  note: whole.gz <= LIMIT ? `≤ ${kb(LIMIT)} ✓` : `> ${kb(LIMIT)} ✗`,
});
report.modelgate = rows;
printTable('modelgate (esbuild: bundle, minify, esm, platform neutral; zod external):', rows);
console.log(
  oidcImports.length === 0
    ? '  @vercel/oidc: not imported by dist/ (external, nothing to bundle).'
    : oidcLazy
      ? '  @vercel/oidc: external, because dist/ loads it only with a dynamic import() (when no API key is set).'
      : '  @vercel/oidc: bundled (counted), because dist/ imports it statically.',
);

// ---------- the public client, for comparison ----------
const publicPkgs = [
  ['@ai-sdk/gateway', 'v2'],
  ['gateway-v3', 'v3'],
  ['gateway-v4', 'v4'],
];
const publicRows = [];
for (const [name, spec] of publicPkgs) {
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    continue;
  }
  const label = `@ai-sdk/gateway@${version} (${spec})`;
  for (const [what, contents] of [
    ['createGateway', `export { createGateway } from ${JSON.stringify(name)};`],
    ['whole entry', `export * from ${JSON.stringify(name)};`],
  ]) {
    try {
      // Same settings, and @vercel/oidc external as for modelgate, so the figures compare
      // like for like (the public client imports it statically; bundling it adds ~4 KB).
      const r = await bundle(contents, { external: [...ZOD, '@vercel/oidc'] });
      publicRows.push({ name: `${label}: ${what}`, min: r.min, gz: r.gz });
    } catch (err) {
      publicRows.push({ name: `${label}: ${what}`, min: NaN, gz: NaN, note: `(could not bundle: ${err.message.split('\n')[0]})` });
    }
  }
}
report.public = publicRows;
if (publicRows.length) {
  console.log();
  printTable('public client, same settings, @vercel/oidc external too (for comparison only):', publicRows);
}

if (json) console.log(JSON.stringify(report, null, 2));

if (whole.gz > LIMIT) {
  console.error(`\nsize-check: FAIL: the whole package is ${kb(whole.gz)} minified + gzipped; the limit is ${kb(LIMIT)}.`);
  process.exit(1);
}
console.log(`\nsize-check: OK: the whole package is ${kb(whole.gz)} minified + gzipped (limit ${kb(LIMIT)}).`);
