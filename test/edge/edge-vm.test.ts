/**
 * The same scenario as workerd.test.ts inside the Vercel Edge Runtime's VM
 * (@edge-runtime/vm): a context with web-standard globals only, no `Buffer` and
 * no `process`, whose own fetch talks to the fault server.
 */
import { EdgeVM } from '@edge-runtime/vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../reliability/fault-server';
import { bundleForEdge } from './bundle';
import { edgeFaults } from './faults';
import { expectEdgeReport } from './expect-report';
import type { EdgeReport } from './scenario';

let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

it('runs generateText and streamText from dist/index.js in the edge VM', { timeout: 60_000 }, async () => {
  const code = await bundleForEdge('vm-entry.ts', ['edge-light', 'worker', 'browser']);
  const vm = new EdgeVM();
  // The bundle is ESM without imports or exports, so it also evaluates as a script.
  expect(code).not.toMatch(/^\s*(import|export)\s/m);
  vm.evaluate(code);
  server.enqueue(...edgeFaults());
  const json = await vm.evaluate<Promise<string>>(
    `globalThis.__modelgateEdgeScenario(${JSON.stringify(server.baseURL)})`,
  );
  const report = JSON.parse(json) as EdgeReport & { failed?: string };
  expect(report.failed).toBeUndefined();
  expectEdgeReport(report, server);
});
