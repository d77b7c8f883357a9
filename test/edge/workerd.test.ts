/**
 * The built ESM bundle inside workerd (Cloudflare's runtime, via miniflare 3):
 * generateText and streamText against the fault server over workerd's own fetch,
 * with errors, retries, a cut stream and a timeout. workerd has no `Buffer` and no
 * `process` (no nodejs_compat flag), so passing proves the library needs neither.
 */
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gatewayError, startFaultServer, type FaultServer } from '../reliability/fault-server';
import { bundleForEdge } from './bundle';
import { edgeFaults } from './faults';
import { expectEdgeReport } from './expect-report';
import type { EdgeReport } from './scenario';

let server: FaultServer;
let mf: Miniflare;

beforeAll(async () => {
  server = await startFaultServer();
  const code = await bundleForEdge('worker-entry.ts', ['workerd', 'worker', 'browser']);
  mf = new Miniflare({
    compatibilityDate: '2024-09-23',
    // Listed explicitly so miniflare does not try to resolve the bundle's dynamic
    // import() of optional Node modules (never reached on the edge).
    modules: [{ type: 'ESModule', path: 'worker.mjs', contents: code }],
  });
});
afterAll(async () => {
  await mf.dispose();
  await server.close();
});

it('runs generateText and streamText from dist/index.js in workerd', { timeout: 60_000 }, async () => {
  server.enqueue(...edgeFaults());
  const response = await mf.dispatchFetch(`http://worker.local/?base=${encodeURIComponent(server.baseURL)}`);
  const report = (await response.json()) as EdgeReport & { failed?: string };
  expect(report.failed).toBeUndefined();
  expect(response.status).toBe(200);
  expectEdgeReport(report, server);
});

// KNOWN UPSTREAM BUG in ai@5: `ai` replaces any error carrying the
// Symbol.for('vercel.ai.gateway.error.GatewayAuthenticationError') marker with its own
// message, and picks that message by reading `process.env.NODE_ENV` unguarded, so on
// workerd (no `process`) a 401 surfaces as "ReferenceError: process is not defined".
// modelgate keeps the marker on purpose: the protocol has `ai` recognise auth failures
// by it. `it.fails` keeps the upstream bug visible; once `ai` guards `process`, this
// starts failing and should become a plain `it`.
it.fails('a 401 surfaces as an authentication error, not a ReferenceError', { timeout: 30_000 }, async () => {
  server.reset();
  server.enqueue({ kind: 'json', status: 401, body: gatewayError('Invalid API key', 'authentication_error') });
  const response = await mf.dispatchFetch(`http://worker.local/?case=auth&base=${encodeURIComponent(server.baseURL)}`);
  const outcome = (await response.json()) as { name: string; message: string };
  expect(outcome.name).toBe('GatewayAuthenticationError');
  expect(outcome.message).toMatch(/authentication/i);
});
