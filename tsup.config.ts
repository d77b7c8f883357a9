import { readFileSync, rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

const shared: Options = {
  sourcemap: true,
  treeshake: true,
  external: ['@vercel/oidc', 'zod', '@ai-sdk/provider', '@ai-sdk/provider-v2', '@ai-sdk/provider-v3', '@ai-sdk/provider-utils', 'eventsource-parser'],
  define: { __MODELGATE_VERSION__: JSON.stringify(version) },
  // Folds constants (the protocol's header names, …) into their uses; names stay readable.
  esbuildOptions(options) {
    options.minifySyntax = true;
  },
  // Cleaned once below: the builds run in parallel, and each one's `clean` would delete the others' files.
  clean: false,
};
rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    ...shared,
    // The client entries; built apart from the server so their chunks stay exactly as they were.
    entry: {
      index: 'src/index.ts',
      v3: 'src/v3.ts',
      v4: 'src/v4.ts',
      register: 'src/register.ts',
      'v3/register': 'src/register-v3.ts',
      'v4/register': 'src/register-v4.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    target: 'es2022',
    platform: 'neutral',
  },
  {
    ...shared,
    // `modelgate/server`: the web-standard handler, platform neutral like the client; `modelgate/server/node`:
    // `listen(handler)` on node:http for Node apps that host the handler themselves.
    entry: { server: 'src/server/index.ts', 'server/node': 'src/server-node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: false,
    target: 'es2022',
    platform: 'neutral',
    external: [...shared.external!, /^node:/],
  },
  {
    ...shared,
    // `modelgate serve`: Node only, one ESM file keeping its shebang; tsx stays an optional runtime import.
    entry: { 'cli/modelgate': 'src/cli/modelgate.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    target: 'node20',
    platform: 'node',
    external: [...shared.external!, 'tsx', 'tsx/esm/api'],
  },
]);
