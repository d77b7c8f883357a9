import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

export default defineConfig({
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
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['@vercel/oidc', 'zod', '@ai-sdk/provider', '@ai-sdk/provider-v2', '@ai-sdk/provider-v3', '@ai-sdk/provider-utils', 'eventsource-parser'],
  define: { __MODELGATE_VERSION__: JSON.stringify(version) },
  // Folds constants (the protocol's header names, …) into their uses; names stay readable.
  esbuildOptions(options) {
    options.minifySyntax = true;
  },
});
