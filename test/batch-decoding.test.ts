/** The pure pieces of batches and decision fallbacks, tested directly. */
import { describe, expect, it } from 'vitest';
import { batchItemFromWire, batchStatusFromWire, splitIdempotencyKey } from '../src/client/gateway-batch-calls';
import { readJsonLines, type JsonLine } from '../src/client/json-lines';
import { conditionIssue, decisionModelsIssue } from '../src/protocol/decision-fallback';

function body(chunks: Array<string | Uint8Array>, onCancel?: () => void) {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    },
    cancel: onCancel,
  });
}

const tooLong = (line: number) => new Error(`line ${line} too long`);

async function lines(stream: ReadableStream<Uint8Array> | null, max = 1000, signal?: AbortSignal) {
  const out: JsonLine[] = [];
  for await (const line of readJsonLines(stream, max, tooLong, signal)) out.push(line);
  return out;
}

describe('readJsonLines', () => {
  it('yields lines across chunk boundaries, numbered, skipping blank ones, with CRLF and a last line without a break', async () => {
    expect(await lines(body(['{"a":1}\n\n  \r\n{"b"', ':2}\r', '\n{"c":3}']))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('decodes characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('"ä🎉"\n"x"');
    const oneByteChunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
    expect((await lines(body(oneByteChunks))).map((line) => JSON.parse(line.text))).toEqual(['ä🎉', 'x']);
  });

  it('measures lines in bytes: a line of exactly the cap passes, one byte more fails with that line number', async () => {
    const ten = '"12345678"'; // 10 bytes
    expect(await lines(body([`${ten}\n`, ten]), 10)).toHaveLength(2);
    await expect(lines(body([`${ten}\n"123456789"\n`]), 10)).rejects.toThrow('line 2 too long');
    // Two-byte characters count twice.
    await expect(lines(body(['"ääää"\n']), 9)).rejects.toThrow('line 1 too long');
  });

  it('cancels the body when the reader stops early or a line is too long', async () => {
    let cancelled = 0;
    const stream = body(['{"a":1}\n{"b":2}\n', '{"c":3}\n'], () => cancelled++);
    for await (const line of readJsonLines(stream, 1000, tooLong)) {
      expect(line.line).toBe(1);
      break;
    }
    expect(cancelled).toBe(1);
    await expect(lines(body(['x'.repeat(50), 'never read'], () => cancelled++), 20)).rejects.toThrow('too long');
    expect(cancelled).toBe(2);
  });

  it('stops on abort, even while a read waits', async () => {
    const controller = new AbortController();
    let cancelledWith: unknown;
    const stream = new ReadableStream<Uint8Array>({
      start(output) {
        output.enqueue(new TextEncoder().encode('1\n'));
      },
      cancel(reason) {
        cancelledWith = reason;
      },
    });
    const seen: JsonLine[] = [];
    const done = (async () => {
      for await (const line of readJsonLines(stream, 1000, tooLong, controller.signal)) {
        seen.push(line);
        setTimeout(() => controller.abort(new Error('user stop')), 10);
      }
    })();
    const error = await done.then(() => undefined, (caught: unknown) => caught);
    expect(seen).toEqual([{ line: 1, text: '1' }]);
    expect((error as Error).name).toBe('AbortError');
    expect((error as Error).cause).toEqual(new Error('user stop'));
    expect(cancelledWith).toEqual(new Error('user stop'));
  });

  it('an empty or missing body has no lines', async () => {
    expect(await lines(null)).toEqual([]);
    expect(await lines(body([]))).toEqual([]);
  });
});

describe('batch wire conversions', () => {
  it('batchStatusFromWire drops nulls and keeps request counts only when they add up', () => {
    expect(
      batchStatusFromWire({
        status: 'failed',
        rawStatus: null,
        requestCounts: { total: 3, pending: 0, completed: 2, failed: 1 },
        error: { message: 'Boom', type: null, code: 'x', statusCode: null },
        createdAt: '2026-11-21T10:00:00Z',
        expiresAt: null,
        providerMetadata: null,
      }),
    ).toEqual({
      status: 'failed',
      requestCounts: { total: 3, pending: 0, completed: 2, failed: 1 },
      error: { message: 'Boom', code: 'x' },
      createdAt: '2026-11-21T10:00:00Z',
    });
    expect(batchStatusFromWire({ status: 'pending', requestCounts: { total: 3, pending: 1, completed: 1, failed: 0 } })).toEqual({
      status: 'pending',
    });
    expect(batchStatusFromWire({ status: 'pending', requestCounts: { total: 1, pending: 0.5, completed: 0.5, failed: 0 } })).toEqual({
      status: 'pending',
    });
  });

  it('batchItemFromWire revives the timestamp of succeeded items, without changing the line', () => {
    const line = { type: 'text', id: 'a', status: 'succeeded', result: { content: [], response: { id: 'g', timestamp: '2026-11-21T10:00:00.000Z' } } };
    const item = batchItemFromWire(line);
    expect(item).toEqual({ ...line, result: { content: [], response: { id: 'g', timestamp: new Date('2026-11-21T10:00:00.000Z') } } });
    expect(line.result.response.timestamp).toBe('2026-11-21T10:00:00.000Z');
    expect(batchItemFromWire({ type: 'text', id: 'b', status: 'failed', error: { message: 'x' } })).toEqual({
      type: 'text',
      id: 'b',
      status: 'failed',
      error: { message: 'x' },
    });
    for (const bad of [null, [], { type: 'image', id: 'a', status: 'succeeded' }, { type: 'text', status: 'failed' }, { type: 'text', id: 'a', status: 'ok' }]) {
      expect(batchItemFromWire(bad)).toBeUndefined();
    }
  });

  it('splitIdempotencyKey takes the key out of providerOptions without changing them', () => {
    const options = { gateway: { idempotencyKey: 'k', user: 'u' }, openai: { store: false } };
    expect(splitIdempotencyKey(options)).toEqual({ idempotencyKey: 'k', providerOptions: { gateway: { user: 'u' }, openai: { store: false } } });
    expect(options.gateway.idempotencyKey).toBe('k');
    expect(splitIdempotencyKey({ gateway: { idempotencyKey: 'k' } })).toEqual({ idempotencyKey: 'k', providerOptions: undefined });
    expect(splitIdempotencyKey({ gateway: { idempotencyKey: 'k' }, openai: {} })).toEqual({ idempotencyKey: 'k', providerOptions: { openai: {} } });
    const untouched = { gateway: { user: 'u' } };
    expect(splitIdempotencyKey(untouched).providerOptions).toBe(untouched);
    expect(splitIdempotencyKey(undefined)).toEqual({ idempotencyKey: undefined, providerOptions: undefined });
    expect(() => splitIdempotencyKey({ gateway: { idempotencyKey: '' } })).toThrow(/idempotencyKey: expected a non-empty string/);
  });
});

describe('decision fallback rules', () => {
  it('conditionIssue reports the first broken rule with its path', () => {
    expect(conditionIssue({ confidenceBelow: 0.5 })).toBeUndefined();
    expect(conditionIssue({ all: [{ any: [{ confidenceBelow: 2 }] }] })).toEqual([['all', 0, 'any', 0, 'confidenceBelow'], 'must be a number from 0 to 1']);
    expect(conditionIssue({ atLeast: { count: 1, conditions: [{ probabilityBetween: [0, 1] }], extra: 1 } })).toEqual([
      ['atLeast', 'extra'],
      'is not allowed in atLeast, which has only count and conditions',
    ]);
    expect(conditionIssue([{ confidenceBelow: 0.5 }])?.[1]).toMatch(/must be a condition object/);
  });

  it('groups may nest five levels deep, counting `when` as the first', () => {
    const nested = (depth: number): unknown => (depth === 1 ? { confidenceBelow: 0.5 } : { any: [nested(depth - 1)] });
    expect(conditionIssue(nested(5))).toBeUndefined();
    expect(conditionIssue(nested(6))?.[1]).toBe('nests conditions more than 5 levels deep');
  });

  it('decisionModelsIssue allows one conditional entry, first', () => {
    const conditional = { model: 'a/b', when: { confidenceBelow: 0.5 } };
    expect(decisionModelsIssue([conditional, 'c/d'])).toBeUndefined();
    expect(decisionModelsIssue([])).toBeUndefined();
    expect(decisionModelsIssue(['c/d', conditional])?.[0]).toEqual([1]);
    expect(decisionModelsIssue([''])?.[1]).toBe('must be a model id, not empty');
    expect(decisionModelsIssue([42])?.[1]).toMatch(/model id or a conditional fallback/);
  });
});
