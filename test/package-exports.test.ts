import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const entries = [
  ['modelgate', 'v2'],
  ['modelgate/v3', 'v3'],
  ['modelgate/v4', 'v4'],
] as const;

/** Runs a snippet in a fresh Node process inside this package, so `modelgate` resolves by self-reference to dist/. */
function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' }).trim();
}

describe('package exports (built dist/)', () => {
  it.each(entries)('require(%j) gives a %s provider and the error classes', (entry, version) => {
    const out = node([
      '-e',
      `const m = require(${JSON.stringify(entry)});
       console.log(JSON.stringify([m.gateway.specificationVersion, m.createGateway().specificationVersion,
         typeof m.GatewayRateLimitError.isInstance, typeof m.registerGateway, m.VERSION]))`,
    ]);
    const [gatewayVersion, createdVersion, isInstance, register, packageVersion] = JSON.parse(out);
    expect([gatewayVersion, createdVersion, isInstance, register]).toEqual([version, version, 'function', 'function']);
    expect(packageVersion).toBe(packageJson.version);
  });

  it.each(entries)('import(%j) gives a %s provider', (entry, version) => {
    const out = node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}); console.log(m.gateway('openai/gpt-5.4').specificationVersion)`]);
    expect(out).toBe(version);
  });

  it.each([
    ['modelgate/register', 'v2'],
    ['modelgate/v3/register', 'v3'],
    ['modelgate/v4/register', 'v4'],
  ])('%s sets the global default provider from both module systems', (entry, version) => {
    const cjs = node(['-e', `require(${JSON.stringify(entry)}); console.log(globalThis.AI_SDK_DEFAULT_PROVIDER.specificationVersion)`]);
    const esm = node(['--input-type=module', '-e', `await import(${JSON.stringify(entry)}); console.log(globalThis.AI_SDK_DEFAULT_PROVIDER.specificationVersion)`]);
    expect([cjs, esm]).toEqual([version, version]);
  });

  it('errors from the CJS and ESM builds recognise each other by marker', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const cjs = createRequire(import.meta.url)('modelgate');
       const esm = await import('modelgate');
       const error = new cjs.GatewayRateLimitError({ message: 'x' });
       console.log(JSON.stringify([esm.GatewayRateLimitError.isInstance(error), esm.GatewayError.isInstance(error), esm.GatewayAuthenticationError.isInstance(error), error instanceof esm.GatewayRateLimitError]))`,
    ]);
    expect(JSON.parse(out)).toEqual([true, true, false, false]);
  });
});
