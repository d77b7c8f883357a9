import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type * as Public2 from '@ai-sdk/gateway';
import type * as Public3 from 'gateway-v3';
import type * as Public4 from 'gateway-v4';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as V2 from '../src';
import type * as V3 from '../src/v3';
import type * as V4 from '../src/v4';

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

/** Every name (value or type) a module exports, as the TypeScript checker sees it. */
function exportedNames(files: Record<string, string>): Record<string, string[]> {
  const program = ts.createProgram(Object.values(files), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    Object.entries(files).map(([key, file]) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      return [key, checker.getExportsOfModule(module).map((symbol) => symbol.name)];
    }),
  );
}

describe('names @ai-sdk/gateway exports, so imports only change their module name', () => {
  const names = exportedNames({
    gw2: 'node_modules/@ai-sdk/gateway/dist/index.d.ts',
    gw3: 'node_modules/gateway-v3/dist/index.d.ts',
    gw4: 'node_modules/gateway-v4/dist/index.d.ts',
    v2: 'src/index.ts',
    v3: 'src/v3.ts',
    v4: 'src/v4.ts',
  });
  const missing = (reference: string, ours: string) => names[reference]!.filter((name) => !names[ours]!.includes(name)).sort();
  // Model kinds modelgate does not serve yet (issue 12): reranking, speech, transcription,
  // video, decision/evaluation, and the async-job metadata of batch/video.
  const v3Kinds = ['GatewayRerankingModelId', 'GatewaySpeechModelId', 'GatewayTranscriptionModelId', 'GatewayVideoModelId'];
  const v4Kinds = [
    ...v3Kinds,
    'DecisionFallbackCondition', 'EvaluationFallbackCondition', 'GatewayAsyncJobMetadata', 'GatewayDecisionModelId',
    'GatewayEvaluationModelId', 'GatewayModelFallback',
  ];

  it('modelgate has every name of @ai-sdk/gateway 2', () => {
    expect(names.gw2!.length).toBeGreaterThan(20);
    expect(missing('gw2', 'v2')).toEqual([]);
  });

  it('modelgate/v3 has every name of @ai-sdk/gateway 3 but the model kinds it lacks', () => {
    expect(missing('gw3', 'v3')).toEqual([...v3Kinds].sort());
  });

  it('modelgate/v4 has every name of @ai-sdk/gateway 4 but the model kinds it lacks', () => {
    expect(missing('gw4', 'v4')).toEqual([...v4Kinds].sort());
  });

  it.each(entries)('%s exports createGatewayProvider as its createGateway', (entry, version) => {
    const out = node([
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(entry)});
       console.log(JSON.stringify([m.createGatewayProvider === m.createGateway, m.createGatewayProvider().specificationVersion]))`,
    ]);
    expect(JSON.parse(out)).toEqual([true, version]);
  });
});

// Type-level: the result types are assignable to the public client's types of the same major.
// Checked by `tsc --noEmit` (part of `npm test`), so they are not vitest tests.
expectTypeOf<V2.GatewayGenerationInfo>().toExtend<Public2.GatewayGenerationInfo>();
expectTypeOf<V3.GatewayGenerationInfo>().toExtend<Public3.GatewayGenerationInfo>();
expectTypeOf<V4.GatewayGenerationInfo>().toEqualTypeOf<Public4.GatewayGenerationInfo>();
expectTypeOf<V2.GatewaySpendReportResponse>().toEqualTypeOf<Public2.GatewaySpendReportResponse>();
expectTypeOf<V3.GatewaySpendReportResponse>().toEqualTypeOf<Public3.GatewaySpendReportResponse>();
expectTypeOf<V4.GatewaySpendReportResponse>().toEqualTypeOf<Public4.GatewaySpendReportResponse>();
expectTypeOf<V4.GatewaySpendReportParams>().toEqualTypeOf<Public4.GatewaySpendReportParams>();
expectTypeOf<V4.GatewayCreditsResponse>().toEqualTypeOf<Public4.GatewayCreditsResponse>();
expectTypeOf<V4.GatewayGenerationInfoParams>().toEqualTypeOf<Public4.GatewayGenerationInfoParams>();
expectTypeOf<Public4.GatewayErrorResponse>().toExtend<V4.GatewayErrorResponse>();
// Settings written for the public client (a promised key included) are valid modelgate settings.
expectTypeOf<Public2.GatewayProviderSettings>().toExtend<V2.GatewayProviderSettings>();
expectTypeOf<Public4.GatewayProviderSettings>().toExtend<V4.GatewayProviderSettings>();
// The provider type of each entry is that entry's spec version.
expectTypeOf<V3.GatewayProvider['specificationVersion']>().toEqualTypeOf<'v3'>();
expectTypeOf<V4.GatewayProvider['specificationVersion']>().toEqualTypeOf<'v4'>();
