/**
 * The fakes' deterministic content: schema-valid values, the tool-call convention,
 * deltas, embeddings, and a PNG that decoders accept.
 */
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  FAKE_PNG_BASE64,
  base64Bytes,
  embeddingFor,
  fullText,
  planReply,
  textDeltas,
  valueForSchema,
  type PromptDigest,
} from './deterministic';

describe('valueForSchema', () => {
  const schemas = {
    'nested objects, enums, nullable, optional, arrays with bounds': z.object({
      id: z.string().uuid(),
      email: z.string().email(),
      when: z.string().datetime(),
      kind: z.enum(['a', 'b']),
      literal: z.literal('fixed'),
      score: z.number().min(2.5).max(3),
      count: z.number().int().positive(),
      flag: z.boolean(),
      note: z.string().nullable(),
      maybe: z.string().optional(),
      code: z.string().min(12).max(14),
      list: z.array(z.object({ n: z.number().int().max(-3) })).min(3),
      none: z.array(z.string()).max(0),
      tuple: z.tuple([z.string(), z.number()]),
      union: z.union([z.number(), z.string()]),
    }),
    'recursive definitions ($ref)': (() => {
      const node: z.ZodType<{ name: string; children: unknown[] }> = z.lazy(() =>
        z.object({ name: z.string(), children: z.array(node).max(1) }),
      );
      return z.object({ root: node });
    })(),
    'a top-level array': z.array(z.enum(['x', 'y'])),
  };

  it.each(Object.entries(schemas))('%s: the value parses with the zod schema it came from', (_, schema) => {
    const jsonSchema = z.toJSONSchema(schema, { unrepresentable: 'any' });
    const value = valueForSchema(jsonSchema);

    expect(schema.safeParse(value)).toMatchObject({ success: true });
  });

  it('is deterministic', () => {
    const jsonSchema = z.toJSONSchema(schemas['nested objects, enums, nullable, optional, arrays with bounds']);
    expect(JSON.stringify(valueForSchema(jsonSchema))).toBe(JSON.stringify(valueForSchema(jsonSchema)));
  });
});

describe('planReply (tool-call convention)', () => {
  const digest = (prompt: string, extra: Partial<PromptDigest> = {}): PromptDigest => ({
    prompt,
    files: [],
    toolResults: [],
    inputChars: prompt.length,
    ...extra,
  });
  const tools = [
    { name: 'search', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } },
    { name: 'search_web', inputSchema: { type: 'object', properties: { url: { type: 'string' } } } },
  ];

  it('calls the tools named after `call`, in prompt order, whole names only', () => {
    const plan = planReply({ digest: digest('call search_web then call search'), tools, toolChoice: { type: 'auto' }, text: 't' });

    expect(plan).toMatchObject({ kind: 'tool-calls', calls: [{ name: 'search_web' }, { name: 'search' }] });
  });

  it('takes the JSON after `with`, braces inside strings included', () => {
    const plan = planReply({
      digest: digest('call search with {"q":"a } b","n":{"deep":[1]}} please'),
      tools,
      toolChoice: { type: 'auto' },
      text: 't',
    });

    expect(plan).toEqual({
      kind: 'tool-calls',
      calls: [{ name: 'search', input: { q: 'a } b', n: { deep: [1] } }, inputJson: '{"q":"a } b","n":{"deep":[1]}}' }],
    });
  });

  it('text when no tool is named, when tool choice is none, and after tool results', () => {
    const text = 'plain';
    expect(planReply({ digest: digest('hello'), tools, toolChoice: { type: 'auto' }, text })).toEqual({ kind: 'text', text });
    expect(planReply({ digest: digest('call search'), tools, toolChoice: { type: 'none' }, text })).toEqual({ kind: 'text', text });
    const afterResults = digest('call search', { toolResults: [{ toolCallId: '1', toolName: 'search', output: 'r' }] });
    expect(planReply({ digest: afterResults, tools, toolChoice: { type: 'auto' }, text })).toEqual({ kind: 'text', text });
  });

  it('forced choices: a named tool, or `required` → the first tool when none is named', () => {
    expect(planReply({ digest: digest('hi'), tools, toolChoice: { type: 'tool', name: 'search_web' }, text: '' })).toMatchObject({
      calls: [{ name: 'search_web', input: { url: 'example url' } }],
    });
    expect(planReply({ digest: digest('hi'), tools, toolChoice: { type: 'required' }, text: '' })).toMatchObject({
      calls: [{ name: 'search' }],
    });
  });
});

describe('deltas', () => {
  it('one per word by default; exactly N by cycling, joined consistently', () => {
    expect([...textDeltas('a bb ccc')]).toEqual(['a ', 'bb ', 'ccc']);
    const many = [...textDeltas('a bb ccc', 20_000)];
    expect(many).toHaveLength(20_000);
    expect(many.join('')).toBe(fullText('a bb ccc', 20_000));
    expect(many.slice(0, 4)).toEqual(['a ', 'bb ', 'ccc', 'a ']);
  });
});

describe('embeddingFor', () => {
  it('unit length, equal for equal text, spread across dimensions', () => {
    const vector = embeddingFor('hello', 64);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
    expect(embeddingFor('hello', 64)).toEqual(vector);
    expect(embeddingFor('hellp', 64)).not.toEqual(vector);
    expect(new Set(vector.map(value => Math.sign(value))).size).toBe(2);
  });
});

describe('base64Bytes', () => {
  it('decoded sizes with and without padding or a data-URL prefix', () => {
    expect(base64Bytes(btoa('abc'))).toBe(3);
    expect(base64Bytes(btoa('abcd'))).toBe(4);
    expect(base64Bytes(btoa('abcde'))).toBe(5);
    expect(base64Bytes(`data:text/plain;base64,${btoa('abcde')}`)).toBe(5);
  });
});

describe('FAKE_PNG_BASE64', () => {
  it('is a valid 8×8 RGB PNG: signature, chunk CRCs, and pixel data that inflates to 8 rows', () => {
    const bytes = Buffer.from(FAKE_PNG_BASE64, 'base64');
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const chunks: Record<string, Buffer> = {};
    for (let offset = 8; offset < bytes.length; ) {
      const length = bytes.readUInt32BE(offset);
      const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
      expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
      chunks[typeAndData.subarray(0, 4).toString('latin1')] = typeAndData.subarray(4);
      offset += 12 + length;
    }

    expect(Object.keys(chunks)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([chunks.IHDR!.readUInt32BE(0), chunks.IHDR!.readUInt32BE(4), chunks.IHDR![8], chunks.IHDR![9]]).toEqual([8, 8, 8, 2]);
    expect(inflateSync(chunks.IDAT!)).toHaveLength(8 * (1 + 8 * 3));
  });
});
