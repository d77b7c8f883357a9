/**
 * scripts/check-web-standard.mjs: library code must not need Node. Checked on
 * src/ itself and on fixtures that must (and must not) be flagged.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/check-web-standard.mjs', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' });

const fixtures = mkdtempSync(join(tmpdir(), 'web-standard-'));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(fixtures, 'case-'));
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), code);
  }
  return dir;
}

it('src/ is clean', () => {
  const result = run(repo);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^web-standard check: \d+ files clean$/m);
});

describe('flags Node-only code with file:line', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['Buffer global', "export const b = Buffer.from('x').toString('base64');\n", /src\/a\.ts:1: uses Buffer/],
    ['node: import', "import { createHash } from 'node:crypto';\n", /src\/a\.ts:1: imports Node built-in 'node:crypto'/],
    ['bare built-in import', "\n\nimport { readFile } from 'fs/promises';\n", /src\/a\.ts:3: imports Node built-in 'fs\/promises'/],
    ['type-only node: import', "import type { Readable } from 'node:stream';\n", /imports Node built-in 'node:stream'/],
    ['re-export', "export * from 'node:util';\n", /imports Node built-in 'node:util'/],
    ['side-effect import', "import 'node:process';\n", /imports Node built-in 'node:process'/],
    ['dynamic import', "export const load = () => import('path');\n", /imports Node built-in 'path'/],
    ['require(', "const x = require('./x');\n", /src\/a\.ts:1: uses require\(/],
  ];
  it.each(bad)('%s', (_name, code, expected) => {
    const result = run(fixture({ 'a.ts': code, 'ok.ts': 'export const ok = new TextEncoder();\n' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(expected);
  });
});

it('does not flag comments, strings, look-alike names or web-standard code', () => {
  const dir = fixture({
    'a.ts': [
      '// Buffer and require("fs") in a comment',
      "/* import fs from 'node:fs' */",
      "const message = 'pass a Buffer or require() it';",
      'const myBuffer = new Uint8Array(2);',
      'const data = obj.Buffer ?? obj.require?.(1);',
      "import { z } from 'zod';",
      "import { helper } from './node-helpers';",
      "export const u = new URL('https://example.com//path');",
    ].join('\n'),
    'nested/b.js': 'export const b = btoa(String.fromCharCode(...new Uint8Array([1, 2])));\n',
  });
  const result = run(dir);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('web-standard check: 2 files clean');
});
