import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  addEmbeddingModelWarnings,
  addImageModelWarnings,
  addLanguageModelStreamWarnings,
  addLanguageModelWarnings,
  callOptionsV2ToV3,
  callOptionsV2ToV4,
  callOptionsV3ToV2,
  callOptionsV3ToV4,
  callOptionsV4ToV2,
  callOptionsV4ToV3,
  convertEmbeddingModelCallOptions,
  convertEmbeddingModelResult,
  convertImageModelCallOptions,
  convertImageModelResult,
  convertLanguageModelCallOptions,
  convertLanguageModelGenerateResult,
  convertLanguageModelStream,
  finishReasonV2ToV3,
  finishReasonV3ToV2,
  finishReasonV4ToV3,
  generateResultV2ToV4,
  generateResultV3ToV4,
  generateResultV4ToV2,
  generateResultV4ToV3,
  languageModelWarningsFromV4,
  imageModelWarningsFromV4,
  streamV2ToV4,
  streamV3ToV4,
  streamV4ToV2,
  streamV4ToV3,
  usageV2ToV3,
  usageV3ToV2,
  usageV4ToV3,
  warningV2ToV3,
  warningV3ToV2,
  warningV4ToV3,
} from '../../src/protocol/spec-conversions';
import { jsonV4ToV3, toJsonV3 } from '../../src/protocol/convert-shared';
import {
  deepFreeze,
  pdf,
  png,
  pngUrl,
  v2CallOptions,
  v2GenerateResult,
  v2Usage,
  v3CallOptions,
  v3GenerateResult,
  v4GenerateResult,
} from './fixtures';

type V4Message = V4.LanguageModelV4Message;
const contentOf = <M extends { content: unknown }>(message: M | undefined) => message?.content;

describe('language model call options', () => {
  it('V2 → V4 → V2 gives back the original, without warnings', () => {
    const down = callOptionsV4ToV2(callOptionsV2ToV4(v2CallOptions));
    expect(down.warnings).toEqual([]);
    expect(down.value).toStrictEqual(v2CallOptions);
  });

  it('V2 → V3 → V2 gives back the original', () => {
    expect(callOptionsV3ToV2(callOptionsV2ToV3(v2CallOptions)).value).toStrictEqual(v2CallOptions);
  });

  it('V2 → V4 uses the V4 shapes: tagged file data, `file` tool-result items, `provider` tools', () => {
    const v4 = callOptionsV2ToV4(v2CallOptions);
    const user = v4.prompt[1] as Extract<V4Message, { role: 'user' }>;
    expect(user.content.slice(1)).toEqual([
      { type: 'file', data: { type: 'data', data: png }, mediaType: 'image/png', filename: 'cat.png' },
      { type: 'file', data: { type: 'url', url: new URL('https://files.test/doc.pdf') }, mediaType: 'application/pdf' },
      { type: 'file', data: { type: 'data', data: 'JVBERg==' }, mediaType: 'application/pdf' },
    ]);
    const tool = v4.prompt[3] as Extract<V4Message, { role: 'tool' }>;
    expect(tool.content[0]).toMatchObject({
      output: {
        type: 'content',
        value: [
          { type: 'text', text: 'Sunny' },
          { type: 'file', data: { type: 'data', data: 'iVBORw==' }, mediaType: 'image/png' },
          { type: 'file', data: { type: 'data', data: 'JVBERg==' }, mediaType: 'application/pdf' },
        ],
      },
    });
    expect(v4.tools?.[1]).toEqual({
      type: 'provider',
      id: 'openai.web_search',
      name: 'web_search',
      args: { searchContextSize: 'low' },
    });
    // The same bytes travel on: no copy of binary data.
    expect((user.content[1] as V4.LanguageModelV4FilePart).data).toMatchObject({ data: png });
  });

  it('V3 → V4 → V3 gives back the original, without warnings', () => {
    const down = callOptionsV4ToV3(callOptionsV3ToV4(v3CallOptions));
    expect(down.warnings).toEqual([]);
    expect(down.value).toStrictEqual(v3CallOptions);
  });

  it('V3 → V4 turns every tool-result item into a V4 `file`, keeping exact URLs', () => {
    const v4 = callOptionsV3ToV4(v3CallOptions);
    const tool = v4.prompt[3] as Extract<V4Message, { role: 'tool' }>;
    const result = tool.content[0] as V4.LanguageModelV4ToolResultPart;
    expect(result.output).toEqual({
      type: 'content',
      value: [
        { type: 'text', text: 'Found', providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
        {
          type: 'file',
          data: { type: 'data', data: 'JVBERg==' },
          mediaType: 'application/pdf',
          filename: 'doc.pdf',
          providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
        },
        {
          type: 'file',
          data: { type: 'url', url: new URL('https://files.test/doc.pdf') },
          mediaType: 'application/pdf',
        },
        { type: 'file', data: { type: 'reference', reference: { openai: 'file-abc' } }, mediaType: 'application' },
        { type: 'file', data: { type: 'data', data: 'iVBORw==' }, mediaType: 'image/png' },
        { type: 'file', data: { type: 'url', url: new URL('https://files.test/cat.png') }, mediaType: 'image' },
        { type: 'file', data: { type: 'reference', reference: { anthropic: 'file_01' } }, mediaType: 'image' },
        { type: 'custom', providerOptions: { anthropic: { kind: 'x' } } },
      ],
    });
    const user = v4.prompt[1] as Extract<V4Message, { role: 'user' }>;
    const gcs = user.content[2] as V4.LanguageModelV4FilePart;
    expect(gcs.data).toMatchObject({ type: 'url', originalUrl: 'gs://bucket/a b.pdf' });
  });

  describe('lossy V3 → V4 → V3 cases', () => {
    const withItems = (...value: Extract<V3.LanguageModelV3ToolResultOutput, { type: 'content' }>['value']) =>
      deepFreeze<V3.LanguageModelV3CallOptions>({
        prompt: [
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'c', toolName: 't', output: { type: 'content', value } }],
          },
        ],
      });
    const itemsAfterRoundTrip = (options: V3.LanguageModelV3CallOptions, provider?: string) => {
      const back = callOptionsV4ToV3(callOptionsV3ToV4(options, { provider })).value;
      const part = (back.prompt[0] as Extract<V3.LanguageModelV3Message, { role: 'tool' }>).content[0];
      return part?.type === 'tool-result' && part.output.type === 'content' ? part.output.value : undefined;
    };

    it('an image sent as `file-data` comes back as `image-data` (V4 keeps only the media type)', () => {
      expect(
        itemsAfterRoundTrip(
          withItems({ type: 'file-data', data: 'iVBORw==', mediaType: 'image/png', filename: 'a.png' }),
        ),
      ).toEqual([{ type: 'image-data', data: 'iVBORw==', mediaType: 'image/png' }]);
    });

    it('a `file-url` without a media type gets application/octet-stream', () => {
      expect(itemsAfterRoundTrip(withItems({ type: 'file-url', url: 'https://files.test/x' }))).toEqual([
        { type: 'file-url', url: 'https://files.test/x', mediaType: 'application/octet-stream' },
      ]);
    });

    it('a string file id is keyed by the upstream provider, and refused without one', () => {
      const options = withItems({ type: 'file-id', fileId: 'file-abc' });
      expect(itemsAfterRoundTrip(options, 'openai')).toEqual([{ type: 'file-id', fileId: { openai: 'file-abc' } }]);
      expect(() => callOptionsV3ToV4(options)).toThrow(UnsupportedFunctionalityError);
      expect(() => callOptionsV3ToV4(options)).toThrow(/Pass the id as \{ \[provider\]: id \}/);
    });
  });

  describe('V4 → V3 (lossy parts)', () => {
    const v4Options = deepFreeze<V4.LanguageModelV4CallOptions>({
      reasoning: 'high',
      prompt: [
        {
          role: 'user',
          content: [
            { type: 'file', data: { type: 'text', text: 'héllo' }, mediaType: 'text/plain', filename: 'a.txt' },
            {
              type: 'file',
              data: { type: 'url', url: pngUrl, originalUrl: 'https://files.test/cat.png' },
              mediaType: 'image/png',
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning-file', data: { type: 'data', data: png }, mediaType: 'image/png' },
            { type: 'custom', kind: 'openai.compaction' },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c',
              toolName: 't',
              output: {
                type: 'content',
                value: [
                  { type: 'file', data: { type: 'data', data: png }, mediaType: 'image/png' },
                  { type: 'file', data: { type: 'data', data: pdf }, mediaType: 'application/pdf', filename: 'd.pdf' },
                  { type: 'file', data: { type: 'url', url: pngUrl }, mediaType: 'image' },
                  {
                    type: 'file',
                    data: { type: 'reference', reference: { openai: 'file-1' } },
                    mediaType: 'application/pdf',
                  },
                  { type: 'file', data: { type: 'text', text: 'inline' }, mediaType: 'text/plain' },
                ],
              },
            },
          ],
        },
      ],
      tools: [
        { type: 'function', name: 'f', inputSchema: { type: 'object' }, inputExamples: [{ input: { list: [1, 2] } }] },
      ],
    });

    it('reports `reasoning` as unsupported and leaves out reasoning files, custom parts and the emptied message', () => {
      const { value, warnings } = callOptionsV4ToV3(v4Options);
      expect(value).not.toHaveProperty('reasoning');
      expect(value.prompt.map((message) => message.role)).toEqual(['user', 'tool']);
      expect(warnings.map((warning) => warning.type === 'unsupported' && warning.feature)).toEqual([
        'reasoning',
        'reasoning-file parts in the prompt',
        'custom parts in the prompt',
      ]);
    });

    it("'provider-default' reasoning is no change, so no warning", () => {
      expect(callOptionsV4ToV3({ prompt: [], reasoning: 'provider-default' }).warnings).toEqual([]);
    });

    it('inline text files become their UTF-8 bytes; URLs keep their original string', () => {
      const [textFile, urlFile] = contentOf(
        callOptionsV4ToV3(v4Options).value.prompt[0],
      ) as V3.LanguageModelV3FilePart[];
      expect(textFile).toEqual({
        type: 'file',
        data: new TextEncoder().encode('héllo'),
        mediaType: 'text/plain',
        filename: 'a.txt',
      });
      expect(urlFile).toEqual({
        type: 'file',
        data: pngUrl,
        originalUrl: 'https://files.test/cat.png',
        mediaType: 'image/png',
      });
    });

    it('tool-result files map by media type and data kind; bytes become base64', () => {
      const tool = callOptionsV4ToV3(v4Options).value.prompt[1] as Extract<V3.LanguageModelV3Message, { role: 'tool' }>;
      expect(tool.content[0]).toMatchObject({
        output: {
          type: 'content',
          value: [
            { type: 'image-data', data: 'iVBORw==', mediaType: 'image/png' },
            { type: 'file-data', data: 'JVBERg==', mediaType: 'application/pdf', filename: 'd.pdf' },
            { type: 'image-url', url: 'https://files.test/cat.png' },
            { type: 'file-id', fileId: { openai: 'file-1' } },
            { type: 'text', text: 'inline' },
          ],
        },
      });
    });

    it('a provider file reference in a prompt part is refused with a clear error', () => {
      const options: V4.LanguageModelV4CallOptions = {
        prompt: [
          {
            role: 'user',
            content: [
              {
                type: 'file',
                data: { type: 'reference', reference: { openai: 'file-1' } },
                mediaType: 'application/pdf',
              },
            ],
          },
        ],
      };
      expect(() => callOptionsV4ToV3(options)).toThrow(UnsupportedFunctionalityError);
      expect(() => callOptionsV4ToV2(options)).toThrow(
        /cannot take a file by provider reference \(openai\)\. Send the file data or its URL/,
      );
    });
  });

  describe('V3 → V2 (lossy parts)', () => {
    const v3Options = deepFreeze<V3.LanguageModelV3CallOptions>({
      prompt: [
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 't',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'Found', providerOptions: { a: { b: 1 } } },
                  { type: 'file-data', data: 'JVBERg==', mediaType: 'application/pdf', filename: 'd.pdf' },
                  { type: 'image-data', data: 'iVBORw==', mediaType: 'image/png' },
                  { type: 'file-url', url: 'https://files.test/d.pdf' },
                  { type: 'image-url', url: 'https://files.test/cat.png' },
                  { type: 'custom' },
                ],
              },
            },
            {
              type: 'tool-result',
              toolCallId: 'c2',
              toolName: 't',
              output: { type: 'execution-denied', reason: 'Not allowed' },
            },
            { type: 'tool-result', toolCallId: 'c3', toolName: 't', output: { type: 'execution-denied' } },
            {
              type: 'tool-result',
              toolCallId: 'c4',
              toolName: 't',
              output: { type: 'json', value: { a: 1, gone: undefined }, providerOptions: { a: { b: 1 } } },
            },
            { type: 'tool-approval-response', approvalId: 'a1', approved: false },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: 'a2', approved: true }] },
      ],
      tools: [
        { type: 'function', name: 'f', inputSchema: { type: 'object' }, inputExamples: [{ input: {} }], strict: true },
        { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
      ],
    });
    const { value, warnings } = callOptionsV3ToV2(v3Options);

    it('tool results: denials and URLs become text, custom items and approvals are left out, JSON loses undefined members', () => {
      expect(value.prompt).toEqual([
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 't',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'Found' },
                  { type: 'media', data: 'JVBERg==', mediaType: 'application/pdf' },
                  { type: 'media', data: 'iVBORw==', mediaType: 'image/png' },
                  { type: 'text', text: 'https://files.test/d.pdf' },
                  { type: 'text', text: 'https://files.test/cat.png' },
                ],
              },
            },
            { type: 'tool-result', toolCallId: 'c2', toolName: 't', output: { type: 'text', value: 'Not allowed' } },
            {
              type: 'tool-result',
              toolCallId: 'c3',
              toolName: 't',
              output: { type: 'text', value: 'The tool execution was denied.' },
            },
            { type: 'tool-result', toolCallId: 'c4', toolName: 't', output: { type: 'json', value: { a: 1 } } },
          ],
        },
      ]);
      const json = (value.prompt[0] as Extract<V2.LanguageModelV2Message, { role: 'tool' }>).content[3]!.output;
      expect(json.type === 'json' && Object.keys(json.value ?? {})).toEqual(['a']);
    });

    it('tools: `provider` becomes `provider-defined`; inputExamples and strict are reported and dropped', () => {
      expect(value.tools).toEqual([
        { type: 'function', name: 'f', inputSchema: { type: 'object' } },
        { type: 'provider-defined', id: 'openai.web_search', name: 'web_search', args: {} },
      ]);
    });

    it('reports each thing left out', () => {
      expect(warnings.map((warning) => warning.type === 'unsupported' && warning.feature)).toEqual([
        'file URLs in tool results',
        'file URLs in tool results',
        'custom tool-result content',
        'tool approval responses',
        'tool approval responses',
        'tool inputExamples',
        'tool strict',
      ]);
    });

    it('refuses tool-result file ids: V2 cannot reference provider files', () => {
      expect(() => callOptionsV3ToV2(v3CallOptions)).toThrow(UnsupportedFunctionalityError);
      expect(() => callOptionsV3ToV2(v3CallOptions)).toThrow(/\(openai\)/);
    });
  });

  it('converts through the dispatcher, and passes equal versions through untouched', () => {
    expect(convertLanguageModelCallOptions('v3', 'v3', v3CallOptions).value).toBe(v3CallOptions);
    expect(convertLanguageModelCallOptions('v2', 'v4', v2CallOptions).value).toStrictEqual(
      callOptionsV2ToV4(v2CallOptions),
    );
    const roundTrip = convertLanguageModelCallOptions(
      'v4',
      'v2',
      convertLanguageModelCallOptions('v2', 'v4', v2CallOptions).value,
    );
    expect(roundTrip.value).toStrictEqual(v2CallOptions);
  });
});

describe('finish reason, usage and warnings', () => {
  it('finish reasons: V2 → V3 → V2 is exact for every V2 reason', () => {
    const reasons: V2.LanguageModelV2FinishReason[] = [
      'stop',
      'length',
      'content-filter',
      'tool-calls',
      'error',
      'other',
      'unknown',
    ];
    expect(reasons.map((reason) => finishReasonV3ToV2(finishReasonV2ToV3(reason)))).toEqual(reasons);
    expect(finishReasonV2ToV3('unknown')).toEqual({ unified: 'other', raw: undefined });
    expect(finishReasonV2ToV3('stop')).toEqual({ unified: 'stop', raw: 'stop' });
  });

  it('finish reasons: V4 `interrupted` becomes V3 `other`, keeping the word in `raw`; V3 `other` with no raw is V2 `unknown`', () => {
    expect(finishReasonV4ToV3({ unified: 'interrupted', raw: undefined })).toEqual({
      unified: 'other',
      raw: 'interrupted',
    });
    expect(finishReasonV4ToV3({ unified: 'interrupted', raw: 'aborted' })).toEqual({
      unified: 'other',
      raw: 'aborted',
    });
    expect(finishReasonV3ToV2(finishReasonV4ToV3({ unified: 'interrupted', raw: undefined }))).toBe('other');
    expect(finishReasonV3ToV2({ unified: 'other', raw: undefined })).toBe('unknown');
    expect(finishReasonV3ToV2({ unified: 'stop', raw: 'end_turn' })).toBe('stop');
  });

  it('usage: V2 flat counts map onto V3 nested ones, and back exactly', () => {
    expect(usageV2ToV3(v2Usage)).toEqual({
      inputTokens: { total: 12, noCache: undefined, cacheRead: 4, cacheWrite: undefined },
      outputTokens: { total: 30, text: undefined, reasoning: 10 },
      raw: { totalTokens: 45 },
    });
    expect(usageV3ToV2(usageV2ToV3(v2Usage))).toStrictEqual(v2Usage);
    const bare: V2.LanguageModelV2Usage = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
    expect(usageV3ToV2(usageV2ToV3(bare))).toStrictEqual(bare);
  });

  it('usage: V3 → V2 totals input and output when the provider reported no total; cache writes are lost', () => {
    expect(
      usageV3ToV2({
        inputTokens: { total: 10, noCache: 6, cacheRead: 3, cacheWrite: 1 },
        outputTokens: { total: 20, text: 15, reasoning: 5 },
        raw: { input_tokens: 10 },
      }),
    ).toStrictEqual({ inputTokens: 10, outputTokens: 20, totalTokens: 30, reasoningTokens: 5, cachedInputTokens: 3 });
  });

  it('usage: V4 → V3 copies nothing but makes `raw` V3 JSON', () => {
    const usage = deepFreeze<V4.LanguageModelV4Usage>({
      inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 2, text: 2, reasoning: 0 },
      raw: { list: [1, { a: 'b' }] },
    });
    const v3 = usageV4ToV3(usage);
    expect(v3).toStrictEqual(usage);
    expect(v3.inputTokens).toBe(usage.inputTokens);
  });

  it('warnings: V2 → V3 → V2 keeps unsupported settings and text; a V2 unsupported tool loses its tool object', () => {
    const setting: V2.LanguageModelV2CallWarning = { type: 'unsupported-setting', setting: 'topK', details: 'no' };
    const other: V2.LanguageModelV2CallWarning = { type: 'other', message: 'note' };
    expect([setting, other].map((warning) => warningV3ToV2(warningV2ToV3(warning)))).toEqual([setting, other]);
    const tool: V2.LanguageModelV2CallWarning = {
      type: 'unsupported-tool',
      tool: { type: 'function', name: 'weather', inputSchema: {} },
      details: 'too many tools',
    };
    expect(warningV2ToV3(tool)).toEqual({ type: 'unsupported', feature: "tool 'weather'", details: 'too many tools' });
    expect(warningV3ToV2(warningV2ToV3(tool))).toEqual({
      type: 'unsupported-setting',
      setting: "tool 'weather'",
      details: 'too many tools',
    });
  });

  it('warnings: V4 `deprecated` and V3 `compatibility` become text the older specs can show', () => {
    expect(warningV4ToV3({ type: 'deprecated', setting: 'seed', message: 'Use x.' })).toEqual({
      type: 'other',
      message: 'Deprecated: seed. Use x.',
    });
    expect(warningV3ToV2({ type: 'compatibility', feature: 'search', details: 'emulated' })).toEqual({
      type: 'other',
      message: 'search is served in compatibility mode: emulated',
    });
    const warnings: V4.SharedV4Warning[] = [{ type: 'unsupported', feature: 'reasoning', details: 'd' }];
    expect(languageModelWarningsFromV4.v2(warnings)).toEqual([
      { type: 'unsupported-setting', setting: 'reasoning', details: 'd' },
    ]);
    expect(
      imageModelWarningsFromV4.v2([
        { type: 'unsupported', feature: 'size' },
        { type: 'unsupported', feature: 'files' },
      ]),
    ).toEqual([
      { type: 'unsupported-setting', setting: 'size' },
      { type: 'other', message: 'files is not supported.' },
    ]);
  });
});

describe('language model generate results', () => {
  it('V2 → V4 → V2 gives back the original', () => {
    expect(generateResultV4ToV2(generateResultV2ToV4(v2GenerateResult))).toStrictEqual(v2GenerateResult);
  });

  it('V2 → V4 uses the V4 shapes', () => {
    const v4 = generateResultV2ToV4(v2GenerateResult);
    expect(v4.content[2]).toEqual({ type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } });
    expect(v4.content[8]).toEqual({
      type: 'tool-result',
      toolCallId: 'c2',
      toolName: 'web_search',
      result: { hits: 2 },
    });
    expect(v4.finishReason).toEqual({ unified: 'tool-calls', raw: 'tool-calls' });
    expect(v4.warnings[0]).toEqual({ type: 'unsupported', feature: 'topK', details: 'not here' });
    expect(v4.response?.timestamp).toBe(v2GenerateResult.response?.timestamp);
  });

  it('V3 → V4 → V3 gives back the original', () => {
    expect(generateResultV4ToV3(generateResultV3ToV4(v3GenerateResult))).toStrictEqual(v3GenerateResult);
  });

  it('V3 → V2 leaves out approvals and dynamic flags and marks tool results provider-executed', () => {
    const v2 = convertLanguageModelGenerateResult('v3', 'v2', v3GenerateResult);
    expect(v2.content).toEqual([
      { type: 'text', text: 'Hi', providerMetadata: { openai: { itemId: 'i1' } } },
      { type: 'reasoning', text: 'R' },
      { type: 'file', mediaType: 'image/png', data: png },
      { type: 'source', sourceType: 'url', id: 's1', url: 'https://example.com' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'mcp', input: '{}', providerExecuted: true },
      { type: 'tool-result', toolCallId: 'c0', toolName: 'web', result: { ok: true }, providerExecuted: true },
    ]);
    expect(v2.finishReason).toBe('stop');
    expect(v2.usage).toEqual({
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      reasoningTokens: 5,
      cachedInputTokens: 3,
    });
    expect(v2.warnings).toEqual([
      { type: 'unsupported-setting', setting: 'topK', details: 'ignored' },
      { type: 'other', message: 'search is served in compatibility mode: emulated' },
      { type: 'other', message: 'note' },
    ]);
  });

  it('V4 → V3: citations become sources once, file URLs, reasoning files and custom parts are left out', () => {
    const v3 = generateResultV4ToV3(v4GenerateResult);
    expect(v3.content).toEqual([
      { type: 'source', sourceType: 'url', id: 'cite-2', url: 'https://known.test' },
      { type: 'text', text: 'Cats sleep a lot.' },
      { type: 'source', sourceType: 'url', id: 'cite-1', url: 'https://cited.test' },
      { type: 'file', mediaType: 'image/png', data: png },
      {
        type: 'tool-result',
        toolCallId: 'c1',
        toolName: 'web',
        result: { list: [1, 2] },
        providerMetadata: { x: { tags: ['a'] } },
      },
    ]);
    expect(v3).not.toHaveProperty('structuredOutputText');
    expect(v3.request).toEqual({ body: { q: 1 } });
    expect(v3.finishReason).toEqual({ unified: 'other', raw: 'interrupted' });
    expect(v3.usage.raw).toEqual({ totalTokens: 13, list: [1] });
    expect(v3.warnings).toEqual([
      { type: 'other', message: 'Deprecated: providerOptions.openai.reasoningEffort. Use `reasoning` instead.' },
      { type: 'unsupported', feature: 'seed' },
    ]);
  });

  it('V4 → V2 takes the total from `raw` and names the finish reason `other`', () => {
    const v2 = generateResultV4ToV2(v4GenerateResult);
    expect(v2.usage).toEqual({
      inputTokens: 5,
      outputTokens: 7,
      totalTokens: 13,
      reasoningTokens: 0,
      cachedInputTokens: 0,
    });
    expect(v2.finishReason).toBe('other');
    expect(v2.warnings[1]).toEqual({ type: 'unsupported-setting', setting: 'seed' });
  });

  it('a V2 tool result that is not JSON becomes its JSON form; null becomes {} (V3 requires non-null JSON)', () => {
    const when = new Date('2026-01-01T00:00:00.000Z');
    const result = deepFreeze<typeof v2GenerateResult>({
      ...v2GenerateResult,
      content: [
        { type: 'tool-result', toolCallId: 'a', toolName: 't', result: { when }, providerExecuted: true },
        { type: 'tool-result', toolCallId: 'b', toolName: 't', result: null, providerExecuted: true },
      ],
    });
    const v3 = convertLanguageModelGenerateResult('v2', 'v3', result);
    expect(v3.content.map((part) => part.type === 'tool-result' && part.result)).toEqual([
      { when: '2026-01-01T00:00:00.000Z' },
      {},
    ]);
  });
});

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  return parts;
}
const streamOf = <T>(parts: T[]) =>
  new ReadableStream<T>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });

const v2StreamParts = deepFreeze<V2.LanguageModelV2StreamPart[]>([
  { type: 'stream-start', warnings: [{ type: 'unsupported-setting', setting: 'seed' }] },
  { type: 'response-metadata', id: 'r1', modelId: 'm', timestamp: new Date('2026-01-02T00:00:00.000Z') },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'hm', providerMetadata: { anthropic: { signature: 's' } } },
  { type: 'reasoning-end', id: 'r' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Hel' },
  { type: 'text-delta', id: 't', delta: 'lo' },
  { type: 'text-end', id: 't' },
  { type: 'tool-input-start', id: 'c1', toolName: 'weather', providerExecuted: false },
  { type: 'tool-input-delta', id: 'c1', delta: '{}' },
  { type: 'tool-input-end', id: 'c1' },
  { type: 'tool-call', toolCallId: 'c1', toolName: 'weather', input: '{}' },
  { type: 'tool-result', toolCallId: 'c1', toolName: 'weather', result: { t: 20 }, providerExecuted: true },
  { type: 'file', mediaType: 'image/png', data: png },
  { type: 'source', sourceType: 'url', id: 's', url: 'https://example.com' },
  { type: 'raw', rawValue: { any: 'thing' } },
  { type: 'error', error: { message: 'in-band' } },
  { type: 'finish', finishReason: 'unknown', usage: v2Usage, providerMetadata: { gateway: { cost: '0.1' } } },
]);

describe('language model stream parts, through real TransformStreams', () => {
  it('V2 → V4 → V2 gives back every part', async () => {
    const back = await collect(streamOf(v2StreamParts).pipeThrough(streamV2ToV4()).pipeThrough(streamV4ToV2()));
    expect(back).toStrictEqual(v2StreamParts);
  });

  it('V2 → V4 converts finish, file, tool results and stream-start warnings', async () => {
    const v4 = await collect(streamOf(v2StreamParts).pipeThrough(streamV2ToV4()));
    expect(v4[0]).toEqual({ type: 'stream-start', warnings: [{ type: 'unsupported', feature: 'seed' }] });
    expect(v4.find((part) => part.type === 'file')).toEqual({
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: png },
    });
    expect(v4.at(-1)).toEqual({
      type: 'finish',
      finishReason: { unified: 'other', raw: undefined },
      usage: usageV2ToV3(v2Usage),
      providerMetadata: { gateway: { cost: '0.1' } },
    });
  });

  it('V3 → V4 → V3 gives back every part', async () => {
    const parts = deepFreeze<V3.LanguageModelV3StreamPart[]>([
      { type: 'stream-start', warnings: [{ type: 'compatibility', feature: 'x' }] },
      { type: 'tool-input-start', id: 'c', toolName: 'mcp', dynamic: true, title: 'MCP', inputEncoding: 'json' },
      { type: 'tool-approval-request', approvalId: 'a', toolCallId: 'c' },
      { type: 'file', mediaType: 'image/png', data: 'iVBORw==', providerMetadata: { g: { a: 1 } } },
      { type: 'tool-result', toolCallId: 'c', toolName: 'mcp', result: { a: 1 }, preliminary: true },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: v3GenerateResult.usage },
    ]);
    const back = await collect(streamOf(parts).pipeThrough(streamV3ToV4()).pipeThrough(streamV4ToV3()));
    expect(back).toStrictEqual(parts);
  });

  it('V3 → V2 leaves out approval requests and preliminary results, and V2-unknown tool-input fields', async () => {
    const parts = deepFreeze<V3.LanguageModelV3StreamPart[]>([
      { type: 'tool-input-start', id: 'c', toolName: 'mcp', dynamic: true, title: 'MCP', inputEncoding: 'json' },
      { type: 'tool-approval-request', approvalId: 'a', toolCallId: 'c' },
      { type: 'tool-result', toolCallId: 'c', toolName: 'mcp', result: { partial: true }, preliminary: true },
      { type: 'tool-result', toolCallId: 'c', toolName: 'mcp', result: { done: true } },
    ]);
    const v2 = await collect(streamOf(parts).pipeThrough(convertLanguageModelStream('v3', 'v2')));
    expect(v2).toEqual([
      { type: 'tool-input-start', id: 'c', toolName: 'mcp' },
      { type: 'tool-result', toolCallId: 'c', toolName: 'mcp', result: { done: true }, providerExecuted: true },
    ]);
  });

  it('V4 → V3: ping, custom, reasoning files and file URLs are left out; citations follow their text-end once', async () => {
    const cited: V4.LanguageModelV4Source = { type: 'source', sourceType: 'url', id: 'c1', url: 'https://cited.test' };
    const parts = deepFreeze<V4.LanguageModelV4StreamPart[]>([
      { type: 'stream-start', warnings: [{ type: 'deprecated', setting: 's', message: 'm' }] },
      { type: 'ping' },
      { type: 'source', sourceType: 'url', id: 'c0', url: 'https://seen.test' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'A' },
      {
        type: 'text-end',
        id: 't',
        citations: [{ source: cited }, { source: cited }, { source: { ...cited, id: 'c0' } }],
      },
      { type: 'text-start', id: 'u' },
      { type: 'text-end', id: 'u', citations: [{ source: cited }] },
      { type: 'custom', kind: 'openai.compaction' },
      { type: 'reasoning-file', mediaType: 'image/png', data: { type: 'data', data: png } },
      { type: 'file', mediaType: 'image/png', data: { type: 'url', url: pngUrl } },
      { type: 'file', mediaType: 'image/png', data: { type: 'data', data: png } },
      { type: 'finish', finishReason: { unified: 'interrupted', raw: undefined }, usage: v3GenerateResult.usage },
    ]);
    const v3 = await collect(streamOf(parts).pipeThrough(streamV4ToV3()));
    expect(v3).toEqual([
      { type: 'stream-start', warnings: [{ type: 'other', message: 'Deprecated: s. m' }] },
      { type: 'source', sourceType: 'url', id: 'c0', url: 'https://seen.test' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'A' },
      { type: 'text-end', id: 't' },
      cited,
      { type: 'text-start', id: 'u' },
      { type: 'text-end', id: 'u' },
      { type: 'file', mediaType: 'image/png', data: png },
      { type: 'finish', finishReason: { unified: 'other', raw: 'interrupted' }, usage: v3GenerateResult.usage },
    ]);
  });

  it('equal versions pass through untouched', async () => {
    const parts = await collect(streamOf(v2StreamParts).pipeThrough(convertLanguageModelStream('v2', 'v2')));
    parts.forEach((part, index) => expect(part).toBe(v2StreamParts[index]));
  });
});

describe('embedding models', () => {
  it('V2 → V4 → V2 call options; unset V2 headers are left out for V3', () => {
    const v2 = deepFreeze({
      values: ['a', 'b'],
      providerOptions: { openai: { user: 'u' } },
      headers: { 'x-a': 'b', 'x-unset': undefined },
    });
    const v4 = convertEmbeddingModelCallOptions('v2', 'v4', v2).value;
    expect(v4.headers).toEqual({ 'x-a': 'b' });
    expect(Object.keys(v4.headers ?? {})).toEqual(['x-a']);
    expect(convertEmbeddingModelCallOptions('v4', 'v2', v4)).toEqual({
      value: { ...v2, headers: { 'x-a': 'b' } },
      warnings: [],
    });
  });

  it('V4 `dimensions` is reported and not sent to an older model', () => {
    const { value, warnings } = convertEmbeddingModelCallOptions(
      'v4',
      'v3',
      deepFreeze({ values: ['a'], dimensions: 256 }),
    );
    expect(value).toEqual({ values: ['a'] });
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'dimensions' })]);
  });

  it('results: V2 gains empty warnings; V4 → V2 drops them (V2 has none)', () => {
    const v2 = deepFreeze({
      embeddings: [[0.1, 0.2]],
      usage: { tokens: 3 },
      providerMetadata: { gateway: { cost: '0.1' } },
    });
    const v4 = convertEmbeddingModelResult('v2', 'v4', v2);
    expect(v4).toEqual({ ...v2, warnings: [] });
    expect(
      convertEmbeddingModelResult('v4', 'v2', { ...v4, warnings: [{ type: 'other', message: 'x' }] }),
    ).toStrictEqual(v2);
    expect(
      convertEmbeddingModelResult('v4', 'v3', { ...v4, warnings: [{ type: 'deprecated', setting: 'a', message: 'b' }] })
        .warnings,
    ).toEqual([{ type: 'other', message: 'Deprecated: a. b' }]);
  });
});

describe('image models', () => {
  const v2Call = deepFreeze<V2.ImageModelV2CallOptions>({
    prompt: 'a cat',
    n: 2,
    size: '1024x1024',
    aspectRatio: undefined,
    seed: 1,
    providerOptions: { openai: { style: 'vivid' } },
  });

  it('V2 → V4 → V2 call options', () => {
    const v4 = convertImageModelCallOptions('v2', 'v4', v2Call).value;
    expect(v4).toEqual({ ...v2Call, files: undefined, mask: undefined });
    expect(convertImageModelCallOptions('v4', 'v2', v4).value).toEqual(v2Call);
  });

  it('a V2 image model cannot edit: files or a mask are refused, not ignored', () => {
    const edit = deepFreeze<V4.ImageModelV4CallOptions>({
      ...v2Call,
      prompt: 'make it blue',
      files: [{ type: 'file', mediaType: 'image/png', data: png, providerOptions: { a: { b: [1] } } }],
      mask: undefined,
    });
    expect(() => convertImageModelCallOptions('v4', 'v2', edit)).toThrow(/cannot edit images/);
    expect(convertImageModelCallOptions('v4', 'v3', edit).value.files).toEqual(edit.files);
  });

  it('results: V2 warnings become V3/V4 ones and back; V3 usage is left out for V2', () => {
    const v2 = deepFreeze({
      images: ['iVBORw=='],
      warnings: [{ type: 'unsupported-setting' as const, setting: 'seed' as const }],
      providerMetadata: { openai: { images: [{ revisedPrompt: 'a fluffy cat' }] } },
      response: { timestamp: new Date(0), modelId: 'm', headers: undefined },
    });
    const v4 = convertImageModelResult('v2', 'v4', v2);
    expect(v4.warnings).toEqual([{ type: 'unsupported', feature: 'seed' }]);
    expect(
      convertImageModelResult('v4', 'v2', { ...v4, usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }),
    ).toStrictEqual(v2);
  });
});

describe('conversion warnings reach the client in its own spec', () => {
  const warnings: V4.SharedV4Warning[] = [{ type: 'unsupported', feature: 'reasoning', details: 'not applied' }];

  it('are appended to a generate result, an image result and an embedding result (V2 embeddings have none)', () => {
    expect(addLanguageModelWarnings('v2', v2GenerateResult, warnings).warnings.at(-1)).toEqual({
      type: 'unsupported-setting',
      setting: 'reasoning',
      details: 'not applied',
    });
    expect(addLanguageModelWarnings('v3', v3GenerateResult, []).warnings).toBe(v3GenerateResult.warnings);
    const image = { images: [], warnings: [], response: { timestamp: new Date(0), modelId: 'm', headers: undefined } };
    expect(addImageModelWarnings('v4', image, warnings).warnings).toEqual(warnings);
    expect(addEmbeddingModelWarnings('v2', { embeddings: [] }, warnings)).toEqual({ embeddings: [] });
    expect(addEmbeddingModelWarnings('v3', { embeddings: [], warnings: [] }, warnings).warnings).toEqual(warnings);
  });

  it('join the leading stream-start part, or come first in one when the stream has none', async () => {
    const withStart = await collect(
      streamOf<V3.LanguageModelV3StreamPart>([
        { type: 'stream-start', warnings: [{ type: 'other', message: 'upstream' }] },
        { type: 'text-start', id: 't' },
      ]).pipeThrough(addLanguageModelStreamWarnings('v3', warnings)),
    );
    expect(withStart).toEqual([
      { type: 'stream-start', warnings: [{ type: 'other', message: 'upstream' }, ...warnings] },
      { type: 'text-start', id: 't' },
    ]);
    const withoutStart = await collect(
      streamOf<V2.LanguageModelV2StreamPart>([{ type: 'text-start', id: 't' }]).pipeThrough(
        addLanguageModelStreamWarnings('v2', warnings),
      ),
    );
    expect(withoutStart).toEqual([
      {
        type: 'stream-start',
        warnings: [{ type: 'unsupported-setting', setting: 'reasoning', details: 'not applied' }],
      },
      { type: 'text-start', id: 't' },
    ]);
  });
});

describe('JSON values between versions', () => {
  it('V4 JSON is handed on as it is; what is not JSON becomes its JSON form', () => {
    const json = deepFreeze({ a: [1, { b: null }] });
    expect(jsonV4ToV3(json)).toBe(json);
    const notJson = { when: new Date('2026-01-01T00:00:00.000Z'), fn: () => 1 };
    expect(toJsonV3(notJson)).toEqual({ when: '2026-01-01T00:00:00.000Z' });
  });

  it('a tool-result URL that does not parse is refused with a clear error', () => {
    const options = deepFreeze<V3.LanguageModelV3CallOptions>({
      prompt: [
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c',
              toolName: 't',
              output: { type: 'content', value: [{ type: 'file-url', url: 'not a url' }] },
            },
          ],
        },
      ],
    });
    expect(() => callOptionsV3ToV4(options)).toThrow(/not a valid absolute URL/);
  });
});
