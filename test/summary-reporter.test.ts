/**
 * The closing summary CI reads, from a real vitest run of a fixture with one test of
 * each outcome: an `it.fails` that failed as expected is counted on its own line, not
 * as a pass; one that passed is a failure.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

it('counts passed, failed, skipped and expected failures apart', { timeout: 60_000 }, async () => {
  const outcome = await run(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/summary/vitest.config.ts'],
    { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
  ).then(
    () => ({ exitCode: 0, stdout: '' }),
    (error: { code: number; stdout: string }) => ({ exitCode: error.code, stdout: error.stdout }),
  );
  // Two tests failed (the plain failure, and the it.fails that passed), so vitest exits 1.
  expect(outcome.exitCode).toBe(1);
  const lines = outcome.stdout.split('\n');
  // The line CI parses: 'N passed, N failed' alone on a line, ', N skipped' after, one word with a colon before.
  expect(lines.filter((line) => /^(\w+: )?\d+ passed, \d+ failed/.test(line))).toEqual([
    'tests: 1 passed, 2 failed, 2 skipped',
  ]);
  expect(lines).toContain('expected failures: 1 (it.fails tests that failed as they should)');
});
