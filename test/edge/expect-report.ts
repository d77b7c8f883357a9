import { expect } from 'vitest';
import type { FaultServer } from '../reliability/fault-server';
import type { EdgeReport } from './scenario';

/** What every edge runtime must report after running scenario.ts against edgeFaults(). */
export function expectEdgeReport(report: EdgeReport, server: FaultServer) {
  expect(report.globals).toEqual({
    Buffer: 'undefined',
    process: 'undefined',
    fetch: 'function',
    TextDecoderStream: 'function',
  });
  expect(report.generate).toEqual({ text: 'Hello from the edge', finishReason: 'stop' });
  expect(report.stream.text).toBe('Héllo 🌍');
  expect(report.stream.types).toContain('finish');
  expect(report.stream.types).not.toContain('error');
  expect(report.retried.text).toBe('recovered');
  expect(report.paymentRequired).toMatchObject({
    name: 'GatewayPaymentRequiredError',
    statusCode: 402,
    isRetryable: false,
    isGatewayError: true,
    isPaymentRequired: true,
    isAPICallError: true,
  });
  expect(report.paymentRequired.message).toContain('Insufficient credits');
  expect(report.cutStream.text).toBe('partial ');
  expect(report.cutStream.isResponseError).toBe(true);
  expect(['TimeoutError', 'AbortError']).toContain(report.abort.name);

  // Every request went over a real socket from the runtime, with modelgate's headers.
  const calls = server.exchanges.filter((e) => e.path === '/v1/ai/language-model');
  expect(calls).toHaveLength(7);
  for (const call of calls) {
    expect(call.headers.authorization).toBe('Bearer edge-test-key');
    expect(call.headers['user-agent']).toMatch(/modelgate\//);
    expect(call.headers['ai-language-model-id']).toBe('openai/gpt-edge');
  }
}
