import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// This example depends on the repository itself (`"modelgate": "file:../.."`), a symlink out of
// this folder, so both bundlers and output tracing need to see the repository root.
// An app that installs modelgate from npm needs none of this.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const nextConfig: NextConfig = {
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default nextConfig;
