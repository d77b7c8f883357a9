import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as Public2 from '@ai-sdk/gateway';
import type * as Public3 from 'gateway-v3';
import type * as Public4 from 'gateway-v4';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as V2 from '../src';
import type * as V3 from '../src/v3';
import type * as V4 from '../src/v4';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  exports: Record<string, { import: { default: string }; require: { default: string } }>;
};
const exportsField = packageJson.exports;

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

describe('modelgate/server and the modelgate bin (built dist/)', () => {
  // A config with a provider that answers one text, so the handler is exercised end to end.
  const config = `{
    providers: { demo: { languageModel: (id) => ({ specificationVersion: 'v2', provider: 'demo', modelId: id, supportedUrls: {},
      doGenerate: async () => ({ content: [{ type: 'text', text: 'hi from ' + id }], finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, warnings: [] }) }) } },
    models: { 'demo/one': { providers: [{ provider: 'demo', model: 'one', pricing: { input: '0.000001', output: '0.000002' } }] } },
    keys: [{ name: 'app', key: 'package-test-key-0123456789' }],
  }`;
  const callCatalogAndModel = (createGatewayServer: string) => `
    const server = ${createGatewayServer}(${config});
    const headers = { authorization: 'Bearer package-test-key-0123456789' };
    const catalog = await (await server.fetch(new Request('http://gateway/v3/ai/config', { headers }))).json();
    const answer = await server.fetch(new Request('http://gateway/v3/ai/language-model', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'ai-language-model-id': 'demo/one', 'ai-language-model-specification-version': '3' },
      body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] }),
    }));
    const body = await answer.json();
    console.log(JSON.stringify([catalog.models.map((m) => m.id + ' ' + m.pricing.input), answer.status, body.content[0].text,
      body.providerMetadata.gateway.routing.finalProvider, body.providerMetadata.gateway.cost]));`;
  const expected = [['demo/one 0.000001'], 200, 'hi from one', 'demo', '0.000005'];

  it("require('modelgate/server') creates a server whose fetch handler serves the catalog and a model call", () => {
    const out = node(['-e', `(async () => { const { createGatewayServer } = require('modelgate/server'); ${callCatalogAndModel('createGatewayServer')} })()`]);
    expect(JSON.parse(out)).toEqual(expected);
  });

  it("import('modelgate/server') does the same, and modelgate/server/node serves it over HTTP", () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const { createGatewayServer } = await import('modelgate/server');
       ${callCatalogAndModel('createGatewayServer')}
       const { listen } = await import('modelgate/server/node');
       const { server: http, url } = await listen(server.fetch);
       const credits = await fetch(url + '/v1/credits', { headers });
       console.log(JSON.stringify([url.startsWith('http://127.0.0.1:'), credits.status, Object.keys(await credits.json())]));
       http.close();`,
    ]);
    const [fromHandler, overHttp] = out.split('\n');
    expect(JSON.parse(fromHandler!)).toEqual(expected);
    expect(JSON.parse(overHttp!)).toEqual([true, 200, ['balance', 'total_used']]);
  });

  it("require('modelgate/server/node') gives listen", () => {
    expect(node(['-e', "console.log(typeof require('modelgate/server/node').listen)"])).toBe('function');
  });

  it('client entries never load server or CLI code (checked through the source maps of every file they reach)', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?|\brequire\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        visit(path.resolve(path.dirname(file), match[1]!));
      }
    };
    for (const subpath of ['.', './v3', './v4', './register', './v3/register', './v4/register']) {
      const target = exportsField[subpath]!;
      visit(path.resolve(target.import.default));
      visit(path.resolve(target.require.default));
    }
    const sources = [...reached].flatMap((file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);
    expect(sources).toContain('../src/client/gateway-client.ts');
    expect(sources.filter((source) => /src\/(server|cli)\//.test(source))).toEqual([]);
  });

  it('npx modelgate --version prints the package version', () => {
    // --no: use the package's own bin, never fetch one from the registry.
    const out = execFileSync('npx', ['--no', '--', 'modelgate', '--version'], { cwd: process.cwd(), encoding: 'utf8' }).trim();
    expect(out).toBe(packageJson.version);
  }, 120_000); // npx resolves the bin through npm: slow on a loaded 2-core machine

  it('npx modelgate serve with a wrong config exits 1 with the key and the fix', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'modelgate-bin-'));
    try {
      const file = path.join(dir, 'gateway.config.mjs');
      writeFileSync(file, `export default { providers: { openai: {} }, models: {}, keys: [] };\n`);
      const result = spawnSync('npx', ['--no', '--', 'modelgate', 'serve', '--config', file, '--port', '0'], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Invalid gateway server config at `providers.openai`: expected an AI SDK provider instance or { create, settings }.');
      expect(result.stderr).toContain('{ create: createOpenAI, settings: { apiKey } }');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
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
  // Every name of the reference is served (issue 12).
  const v3Kinds: string[] = [];
  const v4Kinds: string[] = [
    ...v3Kinds,
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
// Decision fallbacks and async-job metadata written for the public client type-check here too.
expectTypeOf<Public4.DecisionFallbackCondition<'q'>>().toEqualTypeOf<V4.DecisionFallbackCondition<'q'>>();
expectTypeOf<Public4.GatewayModelFallback>().toEqualTypeOf<V4.GatewayModelFallback>();
expectTypeOf<Public4.EvaluationFallbackCondition>().toEqualTypeOf<V4.EvaluationFallbackCondition>();
expectTypeOf<Public4.GatewayAsyncJobMetadata>().toEqualTypeOf<V4.GatewayAsyncJobMetadata>();
expectTypeOf<Public4.GatewayDecisionModelId>().toEqualTypeOf<V4.GatewayDecisionModelId>();
expectTypeOf<Public4.GatewayEvaluationModelId>().toEqualTypeOf<V4.GatewayEvaluationModelId>();
expectTypeOf<NonNullable<Public4.GatewayProviderOptions<'q'>['models']>>().toExtend<NonNullable<V4.GatewayProviderOptions<'q'>['models']>>();
expectTypeOf<ReturnType<V4.GatewayProvider['experimental_batch']>>().toExtend<ReturnType<Public4.GatewayProvider['experimental_batch']>>();
expectTypeOf<ReturnType<V4.GatewayProvider['evaluationModel']>>().toExtend<ReturnType<Public4.GatewayProvider['evaluationModel']>>();
