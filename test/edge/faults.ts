import {
  gatewayError,
  generateResult,
  sse,
  textStreamParts,
  type Fault,
} from '../reliability/fault-server';

/** The server side of scenario.ts, in the order the scenario makes its calls. */
export function edgeFaults(): Fault[] {
  const streamBody = sse(textStreamParts(['Hé', 'llo ', '🌍']));
  const cutBody = sse(textStreamParts(['partial ', 'answer']));
  const afterPartial = cutBody.indexOf('\n\n', cutBody.indexOf('partial ')) + 2; // ASCII: chars = bytes
  return [
    { kind: 'json', body: generateResult('Hello from the edge') },
    // One byte per write: the runtime's decoder must stitch multi-byte characters.
    { kind: 'sse', raw: streamBody, chunking: 'byte', writeGapMs: 1 },
    { kind: 'json', status: 429, body: gatewayError('slow down', 'rate_limit_exceeded'), headers: { 'retry-after-ms': '50' } },
    { kind: 'json', body: generateResult('recovered') },
    { kind: 'json', status: 402, body: gatewayError('Insufficient credits', 'insufficient_funds') },
    { kind: 'sse', raw: cutBody, cut: { afterBytes: afterPartial, how: 'destroy' } },
    { kind: 'delay-headers', ms: 10_000, then: { kind: 'json', body: generateResult('too late') } },
  ];
}
