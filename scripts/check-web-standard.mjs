#!/usr/bin/env node
// Fails (exit 1) when library code under src/ (but src/cli/, the Node CLI, and the Node-only storage drivers)
// uses something that only exists in Node: the `Buffer` global, `node:` imports, bare Node built-in modules
// (`fs`, `path`, `crypto`, ...), `require(` or `process.binding`.
// Comments are ignored; string contents are kept only where they are an import
// specifier. Prints file:line for every hit.
//
//   node scripts/check-web-standard.mjs [dir...]     (default: src)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = process.cwd();
const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src'];
// The CLI (`modelgate serve`) is the one part that may use Node: it is never bundled for other runtimes.
const NODE_ONLY = new Set(['cli']);
// Storage drivers that open sockets or files (redis, pg, PGlite): opened by the CLI or the user's own code,
// passed to the handler as objects; nothing under src/server/ may import them.
const NODE_ONLY_FILES = new Set([
  'src/storage/redis-counter-store.ts',
  'src/storage/postgres-usage-store.ts',
  'src/storage/pglite-usage-store.ts',
  'src/storage/open-storage.ts',
]);
const exts = /\.(?:[cm]?[jt]sx?)$/;

/** Node built-ins by bare name (`fs`, `fs/promises`, ...), without the `node:`-only ones. */
const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));

function listFiles(path) {
  const st = statSync(path);
  if (st.isFile()) return exts.test(path) && !path.endsWith('.d.ts') && !NODE_ONLY_FILES.has(relative(root, path)) ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.') && !(NODE_ONLY.has(name) && relative(root, path) === 'src'))
    .flatMap((name) => listFiles(join(path, name)));
}

/**
 * Replaces comments with spaces (keeping newlines, so line numbers hold) and string
 * and template literal contents with `S` characters, except that it returns the
 * literal strings separately so import specifiers can still be checked.
 */
function stripComments(code) {
  let out = '';
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code[i];
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && code[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      out += '  ';
      i += 2;
      while (i < n && !(code[i] === '*' && code[i + 1] === '/')) {
        out += code[i] === '\n' ? '\n' : ' ';
        i++;
      }
      if (i < n) {
        out += '  ';
        i += 2;
      }
    } else if (c === '"' || c === "'" || c === '`') {
      // Copy the literal as is: import specifiers live in strings.
      const quote = c;
      out += c;
      i++;
      while (i < n && code[i] !== quote) {
        if (code[i] === '\\') {
          out += code[i] + (code[i + 1] ?? '');
          i += 2;
          continue;
        }
        if (quote !== '`' && code[i] === '\n') break; // unterminated: stop at line end
        out += code[i];
        i++;
      }
      if (i < n) {
        out += code[i];
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Blanks the contents of string literals so identifiers inside strings don't count. */
function blankStrings(line) {
  return line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, (m) => m[0] + ' '.repeat(m.length - 2) + m[0]);
}

const specifierPatterns = [
  /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*(["'])([^"']+)\1/g, // import x from '...'
  /\bexport\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*(["'])([^"']+)\1/g, // export x from '...'
  /\bimport\s*(["'])([^"']+)\1/g, // import '...'
  /\bimport\s*\(\s*(["'`])([^"'`]+)\1/g, // import('...')
];

function isNodeSpecifier(spec) {
  if (spec.startsWith('node:')) return true;
  return builtins.has(spec);
}

const hits = [];
let files = [];
for (const dir of dirs) files.push(...listFiles(join(root, dir)));
files = [...new Set(files)].sort();

for (const file of files) {
  const code = stripComments(readFileSync(file, 'utf8'));
  const lines = code.split('\n');
  const rel = relative(root, file);
  lines.forEach((line, idx) => {
    const where = `${rel}:${idx + 1}`;
    for (const re of specifierPatterns) {
      re.lastIndex = 0;
      for (const m of line.matchAll(re)) {
        if (isNodeSpecifier(m[2])) hits.push(`${where}: imports Node built-in '${m[2]}'`);
      }
    }
    if (rel.startsWith('src/server/')) {
      for (const re of specifierPatterns) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) {
          const target = relative(root, join(file, '..', m[2])).replace(/\.[cm]?[jt]s$/, '');
          if ([...NODE_ONLY_FILES].some((f) => f.replace(/\.ts$/, '') === target)) hits.push(`${where}: imports the Node-only storage driver '${m[2]}' (pass the engine in as an object instead)`);
        }
      }
    }
    const bare = blankStrings(line);
    if (/(?<![\w$.])Buffer\b/.test(bare)) hits.push(`${where}: uses Buffer (use Uint8Array / TextEncoder / btoa instead)`);
    if (/(?<![\w$.])require\s*\(/.test(bare)) hits.push(`${where}: uses require( (use ESM imports)`);
    if (/\bprocess\s*\.\s*(?:binding|dlopen)\b/.test(bare)) hits.push(`${where}: uses process.binding/dlopen`);
  });
}

if (files.length === 0) {
  console.error(`web-standard check: no source files found under ${dirs.join(', ')}`);
  process.exit(1);
}
if (hits.length > 0) {
  for (const h of hits) console.error(h);
  console.error(`web-standard check: ${hits.length} problem(s) in ${new Set(hits.map((h) => h.split(':')[0])).size} file(s)`);
  process.exit(1);
}
console.log(`web-standard check: ${files.length} files clean`);
