import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
export const distEntry = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * Bundles an entry (which imports the built dist/index.js and `ai`) into one ESM
 * file for an edge runtime. Platform `browser` with the runtime's export
 * conditions: a `node:` or Node built-in import anywhere in the graph makes the
 * build fail, and nothing Node-only is polyfilled.
 */
export async function bundleForEdge(entry: 'worker-entry.ts' | 'vm-entry.ts', conditions: string[]): Promise<string> {
  if (!existsSync(distEntry)) throw new Error('dist/index.js is missing: run `npm run build` first');
  const result = await esbuild.build({
    entryPoints: [here + entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
