/** The pure translations between OpenAI images/generations bodies and the gateway's V4 image calls and results. */
import type { ImageModelV4Result } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { GatewayServerError } from '../../src/errors/gateway-server-error';
import { imageGenerationRequestToCall, imageGenerationResponseFromResult } from '../../src/server/openai-compatible/images';

const rejection = (body: unknown) => {
  try {
    imageGenerationRequestToCall(body);
  } catch (error) {
    if (GatewayServerError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
};

describe('imageGenerationRequestToCall', () => {
  it('maps prompt, n, size, OpenAI fields (into providerOptions.openai) and routing, without touching the body', () => {
    const body = {
      model: 'openai/gpt-image-1',
      prompt: 'a fox',
      n: 3,
      size: '512x512',
      quality: 'high',
      output_format: 'webp',
      output_compression: 50,
      providerOptions: { gateway: { order: ['azure'] }, openai: { quality: 'low' }, other: { knob: 1 } },
      models: ['openai/dall-e-3'],
    };
    const copy = structuredClone(body);
    const call = imageGenerationRequestToCall(body);
    expect(body).toEqual(copy);
    expect(call.modelId).toBe('openai/gpt-image-1');
    expect(call.routing).toEqual({ order: ['azure'], models: ['openai/dall-e-3'] });
    expect(call.callOptions).toMatchObject({ prompt: 'a fox', n: 3, size: '512x512' });
    // Explicit providerOptions.openai wins over the top-level field.
    expect(call.callOptions.providerOptions).toEqual({ openai: { quality: 'low', outputFormat: 'webp', outputCompression: 50 }, other: { knob: 1 } });
  });

  it('defaults n to 1 and size auto to the provider default', () => {
    const call = imageGenerationRequestToCall({ model: 'm/x', prompt: 'p', size: 'auto' });
    expect(call.callOptions).toMatchObject({ n: 1, size: undefined, providerOptions: {} });
  });

  it('rejects url output, streaming, bad sizes and missing fields with a 400 naming the field', () => {
    expect(rejection({ model: 'm/x', prompt: 'p', response_format: 'url' })).toMatchObject({ status: 400, param: 'response_format' });
    expect(rejection({ model: 'm/x', prompt: 'p', stream: true })).toMatchObject({ status: 400, param: 'stream' });
    expect(rejection({ model: 'm/x', prompt: 'p', size: '10 by 10' })).toMatchObject({ status: 400, param: 'size' });
    expect(rejection({ model: 'm/x', prompt: 'p', n: 0 })).toMatchObject({ status: 400, param: 'n' });
    expect(rejection({ prompt: 'p' })).toMatchObject({ status: 400, param: 'model' });
    expect(rejection({ model: 'm/x' }).message).toContain('`prompt`');
  });
});

describe('imageGenerationResponseFromResult', () => {
  const result: ImageModelV4Result = {
    images: ['AAAA', 'AQID'],
    warnings: [],
    usage: { inputTokens: 5, outputTokens: 32, totalTokens: undefined },
    response: { timestamp: new Date(0), modelId: 'gpt-image-1', headers: undefined },
    providerMetadata: {
      openai: { images: [{ revisedPrompt: 'a red fox', size: '512x512', outputFormat: 'png' }, {}] },
      gateway: { images: [], cost: '0.08' },
    },
  };

  it('returns base64 bytes as base64', () => {
    expect(imageGenerationResponseFromResult({ ...result, images: [new Uint8Array([1, 2, 3])] }, 1).data).toEqual([{ b64_json: 'AQID', revised_prompt: 'a red fox' }]);
  });

  it('returns base64 images, revised prompts, the image fields, usage and provider metadata', () => {
    const response = imageGenerationResponseFromResult(result, 1_700_000_000);
    expect(response).toEqual({
      created: 1_700_000_000,
      data: [{ b64_json: 'AAAA', revised_prompt: 'a red fox' }, { b64_json: 'AQID' }],
      size: '512x512',
      output_format: 'png',
      usage: { input_tokens: 5, output_tokens: 32, total_tokens: 37 },
      providerMetadata: result.providerMetadata,
    });
  });

  it('leaves usage out when the upstream reported none', () => {
    expect(imageGenerationResponseFromResult({ ...result, usage: undefined }, 1)).not.toHaveProperty('usage');
  });
});
