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
import type { AuthReport, EdgeReport } from './scenario';

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

// ai@5 replaces an error carrying @ai-sdk/gateway's authentication marker with its own,
// reading `process.env.NODE_ENV` unguarded, which throws "process is not defined" on
// workerd. modelgate's authentication error does not carry that marker, so it reaches
// the caller as it is.
it('a 401 and missing credentials reach the caller as GatewayAuthenticationError', { timeout: 30_000 }, async () => {
  server.reset();
  const rejected = { kind: 'json', status: 401, body: gatewayError('Invalid API key', 'authentication_error') } as const;
  server.enqueue(rejected, rejected);
  const response = await mf.dispatchFetch(`http://worker.local/?case=auth&base=${encodeURIComponent(server.baseURL)}`);
  const report = (await response.json()) as AuthReport & { failed?: string };
  expect(report.failed).toBeUndefined();
  const authError = { name: 'GatewayAuthenticationError', statusCode: 401, isAuthenticationError: true, isAPICallError: true };
  expect(report.rejectedKey).toMatchObject(authError);
  expect(report.rejectedKey.message).toContain('Invalid API key');
  expect(report.rejectedKey.message).toContain('AI_GATEWAY_API_KEY');
  expect(report.rejectedKeyStream.part).toEqual(report.rejectedKey);
  expect(report.rejectedKeyStream.onError).toEqual(report.rejectedKey);
  expect(report.noCredentials).toMatchObject(authError);
  expect(report.noCredentials.message).toContain('No AI Gateway credentials found');
  for (const outcome of [report.rejectedKey, report.noCredentials]) expect(outcome.message).not.toContain('\u001b');
  // Two 401s, nothing retried, and nothing sent without credentials.
  expect(server.exchanges).toHaveLength(2);
});
