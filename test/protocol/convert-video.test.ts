import { InvalidArgumentError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { parseVideoCallBody, parseVideoStatusBody, videoCallV4ToV3, videoResultToWire } from '../../src/protocol/convert-video';

const call = {
  prompt: 'p',
  n: 1,
  aspectRatio: undefined,
  resolution: undefined,
  duration: undefined,
  fps: undefined,
  seed: 0,
  image: { type: 'url' as const, url: 'https://example.test/a.png', mediaType: 'image/png', providerOptions: { fal: { x: 1 } } },
  frameImages: [{ frameType: 'last_frame' as const, image: { type: 'file' as const, mediaType: 'image/png', data: 'AQID' } }],
  inputReferences: undefined,
  generateAudio: undefined,
  providerOptions: { google: { a: 1 } },
};

describe('video models between spec V3 and V4, and on the wire', () => {
  it('calls a V3 upstream without the V4-only URL media type, leaving the caller’s options as they were', () => {
    const v3 = videoCallV4ToV3(call);
    expect(v3.image).toEqual({ type: 'url', url: 'https://example.test/a.png', providerOptions: { fal: { x: 1 } } });
    expect(v3.frameImages).toEqual([{ frameType: 'last_frame', image: { type: 'file', mediaType: 'image/png', data: 'AQID' } }]);
    expect(v3).toMatchObject({ prompt: 'p', n: 1, seed: 0, providerOptions: { google: { a: 1 } } });
    expect(call.image.mediaType).toBe('image/png');
  });

  it('sends bytes as base64; V3 clients get no uploaded videos (a warning says so) and no deprecated warnings', () => {
    const result = {
      videos: [
        { type: 'binary' as const, data: new Uint8Array([1, 2, 3]), mediaType: 'video/mp4' },
        { type: 'uploaded' as const, mediaType: 'video/mp4' },
      ],
      warnings: [{ type: 'deprecated' as const, setting: 'fps', message: 'old' }],
      providerMetadata: { p: { k: 1 } },
    };
    expect(videoResultToWire.v4(result)).toEqual({
      videos: [{ type: 'base64', data: 'AQID', mediaType: 'video/mp4' }, { type: 'uploaded', mediaType: 'video/mp4' }],
      warnings: result.warnings,
      providerMetadata: { p: { k: 1 } },
    });
    const v3 = videoResultToWire.v3(result);
    expect(v3.videos).toEqual([{ type: 'base64', data: 'AQID', mediaType: 'video/mp4' }]);
    expect(v3.warnings).toEqual([
      { type: 'other', message: 'Deprecated: fps. old' },
      expect.objectContaining({ type: 'other', message: expect.stringContaining('uploaded') }),
    ]);
  });

  it('parses the bodies the public clients send and names what is wrong otherwise', () => {
    expect(parseVideoCallBody('v4', { prompt: 'p', n: 2, aspectRatio: '16:9', seed: 0 })).toMatchObject({ n: 2, aspectRatio: '16:9', seed: 0, providerOptions: {} });
    expect(() => parseVideoCallBody('v3', { prompt: 'p', n: 1, resolution: 'big' })).toThrow(InvalidArgumentError);
    expect(() => parseVideoCallBody('v3', { prompt: 'p', n: 1, resolution: 'big' })).toThrow(/video-model \(spec v3\) body is not valid: resolution/);
    expect(parseVideoStatusBody({ operation: { jobId: 'j1' } })).toEqual({ jobId: 'j1' });
    expect(() => parseVideoStatusBody({ operation: 'j1' })).toThrow(/operation/);
  });
});
