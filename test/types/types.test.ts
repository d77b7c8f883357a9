/**
 * Type-level test: everyday user code compiles, unchanged, against the packed package and
 * the real `ai` of each major (fixtures/ai5 imports 'modelgate', ai6 'modelgate/v3', ai7
 * 'modelgate/v4'), `providerOptions.gateway` types every option the public @ai-sdk/gateway of that
 * major does, and so do its provider members (fixtures/shared/); a model of the wrong major is rejected.
 * fixtures/bun: a Bun server in TypeScript, with Bun's own types, serving the gateway with bunServeOptions.
 *
 * Needs dist/ (`npm test` builds it first) and the npm registry or its cache: each fixture
 * is installed from the `npm pack` tarball into a temporary directory.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const fixtures = join(here, 'fixtures');
const tscBin = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const majors = [
  ['ai5', 'modelgate'],
  ['ai6', 'modelgate/v3'],
  ['ai7', 'modelgate/v4'],
] as const;

const INSTALL_TIMEOUT_MS = 3 * 60_000;
const COMPILE_TIMEOUT_MS = 90_000;

let workDir: string;

/** Runs a command; resolves with its exit code and output instead of throwing. */
async function run(command: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, output: stdout + stderr };
  } catch (error) {
    const { code, stdout = '', stderr = '', message } = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    // A numeric code is the exit status; anything else (ENOENT, a timeout) never ran to the end.
    return typeof code === 'number'
      ? { code, stdout, output: stdout + stderr }
      : { code: -1, stdout, output: `${stdout}${stderr}${message}` };
  }
}

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir).map((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    }),
  );
}

/** One `tsc --noEmit` per fixture, started when first asked for and shared by its tests. */
const compiled = new Map<string, ReturnType<typeof run>>();
function compile(major: string) {
  if (!compiled.has(major)) {
    compiled.set(major, run(process.execPath, [tscBin, '--noEmit', '--pretty', 'false'], join(workDir, major)));
  }
  return compiled.get(major)!;
}

const errorLines = (output: string) => output.split('\n').filter((line) => /error TS\d+/.test(line));
// tsc prints each diagnostic's first line unindented; the fixture's deliberate error is in must-fail.ts.
const unexpectedLines = (output: string) =>
  output.split('\n').filter((line) => line.trim() && !line.startsWith(' ') && !line.startsWith('must-fail.ts('));

beforeAll(async () => {
  const builtTypes = join(repoRoot, 'dist', 'index.d.ts');
  if (!existsSync(builtTypes) || statSync(builtTypes).mtimeMs < newestMtime(join(repoRoot, 'src'))) {
    throw new Error('dist/ is missing or older than src/: run `npm run build` first (`npm test` does).');
  }
  workDir = mkdtempSync(join(tmpdir(), 'modelgate-types-'));
  // The tarball a user installs. Scripts are skipped: `prepare` would rebuild dist/ under other tests.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], repoRoot);
  expect(packed.code, packed.output).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  renameSync(join(workDir, filename), join(workDir, 'modelgate.tgz'));

  await Promise.all(
    [...majors.map(([major]) => major), 'bun'].map(async (major) => {
      cpSync(join(fixtures, major), join(workDir, major), { recursive: true });
      // Checks every major runs alike, each against its own entry (the fixture's modelgate-entry.ts).
      if (major !== 'bun') cpSync(join(fixtures, 'shared'), join(workDir, major), { recursive: true });
      const installed = await run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
        join(workDir, major),
      );
      expect(installed.code, `npm install in fixtures/${major}:\n${installed.output}`).toBe(0);
    }),
  );
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe.concurrent('types per ai major (tsc --noEmit on a fresh project)', () => {
  it.each(majors)('%s: everyday code importing %s compiles', async (major) => {
    const { output } = await compile(major);
    expect(unexpectedLines(output)).toEqual([]);
  }, COMPILE_TIMEOUT_MS);

  it("bun: a TypeScript server spreads bunServeOptions(gateway) into Bun.serve, checked with Bun's own types", async () => {
    const { code, output } = await compile('bun');
    expect(unexpectedLines(output)).toEqual([]);
    expect(code).toBe(0);
  }, COMPILE_TIMEOUT_MS);

  it('ai5: a v4 model from modelgate/v4 is rejected (the check can fail)', async () => {
    const { code, output } = await compile('ai5');
    expect(errorLines(output)).toEqual([
      expect.stringMatching(
        /^must-fail\.ts\(6,\d+\): error TS2322: Type 'GatewayLanguageModel<"v4">' is not assignable to type 'LanguageModel'/,
      ),
    ]);
    expect(code).toBe(2);
  }, COMPILE_TIMEOUT_MS);
});
