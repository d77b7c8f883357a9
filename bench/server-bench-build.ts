// The gateway of `npm run bench:server` as `modelgate serve` runs: built JavaScript on plain node.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * server-bench-gateway.ts compiled by esbuild (as tsup builds dist/; packages stay imports) into
 * node_modules/.cache, so the gateway runs as built JavaScript, not through tsx, whose keep-names
 * wrappers run for every closure a call creates.
 */
export async function buildBenchGateway(): Promise<string> {
  const outfile = path.join(here, '..', 'node_modules', '.cache', 'modelgate-bench', 'server-bench-gateway.mjs');
  await build({ entryPoints: [path.join(here, 'server-bench-gateway.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', minifySyntax: true, logLevel: 'warning' });
  return outfile;
}
