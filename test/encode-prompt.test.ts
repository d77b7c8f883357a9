import { describe, expect, it } from 'vitest';
import { encodePrompt } from '../src/client/encode-prompt';
import { specVersions } from '../src/protocol/spec-versions';
import { suggestModelId } from '../src/client/model-id-suggestion';

const bytes = new Uint8Array([1, 2, 3, 250]);

describe('encodePrompt', () => {
  it('returns the very same prompt when nothing is binary', () => {
    const prompt = [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'file', data: 'aGk=', mediaType: 'text/plain' }] }];
    expect(encodePrompt(prompt, specVersions.v2)).toBe(prompt);
    expect(encodePrompt(prompt, specVersions.v4)).toBe(prompt);
  });

  it.each(['v2', 'v3'] as const)('%s: bytes become a data URL; untouched messages are shared, not copied', (version) => {
    const untouched = { role: 'assistant', content: [{ type: 'text', text: 'ok' }] };
    const file = { type: 'file', data: bytes, mediaType: 'image/png' };
    const prompt = [untouched, { role: 'user', content: [file] }];
    const encoded = encodePrompt(prompt, specVersions[version]);
    expect(encoded[1]).toEqual({ role: 'user', content: [{ ...file, data: 'data:image/png;base64,AQID+g==' }] });
    expect(encoded[0]).toBe(untouched);
    expect(file.data).toBe(bytes);
  });

  it('v4: tagged bytes become base64 in file, reasoning-file and tool-result content parts', () => {
    const tagged = { type: 'data', data: bytes };
    const toolText = { type: 'text', text: 'see' };
    const prompt = [
      { role: 'user', content: [{ type: 'file', data: tagged, mediaType: 'image/png' }] },
      { role: 'assistant', content: [{ type: 'reasoning-file', data: tagged, mediaType: 'image/png' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'shot',
            output: { type: 'content', value: [toolText, { type: 'file', data: tagged, mediaType: 'image/png' }] },
          },
        ],
      },
      { role: 'user', content: [{ type: 'file', data: { type: 'url', url: new URL('https://x.test/a.png') }, mediaType: 'image/png' }] },
    ];
    const before = JSON.stringify(prompt);
    const encoded = encodePrompt(prompt, specVersions.v4);
    const base64 = { type: 'data', data: 'AQID+g==' };
    expect(encoded.slice(0, 3)).toEqual([
      { role: 'user', content: [{ type: 'file', data: base64, mediaType: 'image/png' }] },
      { role: 'assistant', content: [{ type: 'reasoning-file', data: base64, mediaType: 'image/png' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'c1',
            toolName: 'shot',
            output: { type: 'content', value: [toolText, { type: 'file', data: base64, mediaType: 'image/png' }] },
          },
        ],
      },
    ]);
    const toolContent = encoded[2]?.content;
    // The tool result's text part needed no encoding: it is shared, not copied.
    expect(Array.isArray(toolContent) && toolContent[0].output.value[0]).toBe(toolText);
    expect(encoded[3]).toBe(prompt[3]);
    expect(JSON.stringify(prompt)).toBe(before);
    expect(tagged).toEqual({ type: 'data', data: bytes });
  });

  it.each([
    ['node:vm', async () => (await import('node:vm')).runInNewContext('new Uint8Array([1, 2, 3, 250])')],
    ['the edge VM', async () => new (await import('@edge-runtime/vm')).EdgeVM().evaluate('new Uint8Array([1, 2, 3, 250])')],
  ])('recognises bytes from another realm (%s)', async (_realm, make) => {
    const foreign: Uint8Array = await make();
    expect(foreign instanceof Uint8Array).toBe(false);
    const v2 = encodePrompt([{ role: 'user', content: [{ type: 'file', data: foreign, mediaType: 'x/y' }] }], specVersions.v2);
    expect(v2).toEqual([{ role: 'user', content: [{ type: 'file', data: 'data:x/y;base64,AQID+g==', mediaType: 'x/y' }] }]);
    const v4 = encodePrompt(
      [{ role: 'user', content: [{ type: 'file', data: { type: 'data', data: foreign }, mediaType: 'x/y' }] }],
      specVersions.v4,
    );
    expect(v4).toEqual([{ role: 'user', content: [{ type: 'file', data: { type: 'data', data: 'AQID+g==' }, mediaType: 'x/y' }] }]);
  });
});

describe('wire bodies per version', () => {
  it('embedding: v2 sends input, v3/v4 send values and dimensions', () => {
    expect(specVersions.v2.embeddingBody({ values: ['a'], dimensions: 8 })).toEqual({ input: 'a' });
    expect(specVersions.v2.embeddingBody({ values: ['a', 'b'] })).toEqual({ input: ['a', 'b'] });
    expect(specVersions.v3.embeddingBody({ values: ['a'], dimensions: 8, providerOptions: { g: {} } })).toEqual({
      values: ['a'], dimensions: 8, providerOptions: { g: {} },
    });
    expect(specVersions.v4.embeddingBody({ values: ['a'] })).toEqual({ values: ['a'] });
  });

  it('image: v2 has no editing inputs; v3/v4 send files and mask bytes as base64', () => {
    const call = {
      prompt: 'edit', n: 1, files: [{ type: 'file', data: bytes, mediaType: 'image/png' }, { type: 'url', url: 'https://x.test/a.png' }],
      mask: { type: 'file', data: bytes, mediaType: 'image/png' },
    };
    expect(specVersions.v2.imageBody(call)).toEqual({ prompt: 'edit', n: 1 });
    for (const version of ['v3', 'v4'] as const) {
      expect(specVersions[version].imageBody(call)).toEqual({
        prompt: 'edit', n: 1,
        files: [{ type: 'file', data: 'AQID+g==', mediaType: 'image/png' }, { type: 'url', url: 'https://x.test/a.png' }],
        mask: { type: 'file', data: 'AQID+g==', mediaType: 'image/png' },
      });
    }
    expect(call.files[0]!.data).toBe(bytes);
  });
});

describe('base64 on the wire', () => {
  it('encodes large and empty files as the platform encoder does', () => {
    const large = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    for (const data of [large, new Uint8Array()]) {
      const part = specVersions.v3.encodeContentPart({ type: 'file', data, mediaType: 'x/y' });
      expect(part.data).toBe(`data:x/y;base64,${Buffer.from(data).toString('base64')}`);
    }
  });
});

describe('suggestModelId', () => {
  const ids = ['anthropic/claude-sonnet-4.6', 'openai/gpt-5.4', 'openai/gpt-5.4-mini'];
  it.each([
    ['anthropic/claude-sonnet-4-6', 'anthropic/claude-sonnet-4.6'],
    ['claude-sonnet-4.6', 'anthropic/claude-sonnet-4.6'],
    ['gpt-5-4', 'openai/gpt-5.4'],
    ['openai/gpt-5.4', undefined],
    ['gpt', undefined],
    ['mistral/claude-sonnet-4.6', undefined],
  ])('%s → %s', (requested, expected) => {
    expect(suggestModelId(requested, ids)).toBe(expected);
  });
});
