/**
 * The two hand-written decoders on the hot paths (see bench/): the event-stream splitter
 * behind doStream and the streaming image-body reader behind the image model. Each is
 * fed through the public models with bodies split at every byte, so what is checked is
 * what a caller gets back.
 */
import { experimental_generateImage as generateImage } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGateway, GatewayResponseError } from '../../src';

const BASE = 'http://gateway.test/v1/ai';
const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

/** A fetch that answers every call with `body`, delivered in the given pieces. */
function fetchWith(pieces: Uint8Array[], contentType: string): typeof fetch {
  return (async () => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < pieces.length) controller.enqueue(pieces[i++]!);
        else controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': contentType } });
  }) as typeof fetch;
}

const bytes = (text: string) => new TextEncoder().encode(text);
/** Every split of `data` into two pieces, plus one byte per piece. */
function splits(data: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[data], Array.from(data, (b) => new Uint8Array([b]))];
  for (let at = 1; at < data.length; at++) out.push([data.slice(0, at), data.slice(at)]);
  return out;
}

async function streamParts(pieces: Uint8Array[]) {
  const model = createGateway({ baseURL: BASE, apiKey: 'k', fetch: fetchWith(pieces, 'text/event-stream') })('m/a');
  const { stream } = (await model.doStream({ prompt })) as { stream: ReadableStream<{ type: string }> };
  const parts: Array<Record<string, unknown>> = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value as Record<string, unknown>);
  }
}

describe('event stream', () => {
  const finish = { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } };

  it('yields the same parts with LF, CRLF or CR line ends, however the body is split', async () => {
    const events = [
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'héllo ✓' },
      { type: 'text-end', id: 't' },
      finish,
    ];
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = events.map((e) => `data: ${JSON.stringify(e)}${eol}${eol}`).join('');
      for (const pieces of splits(bytes(text))) {
        expect(await streamParts(pieces)).toEqual(events);
      }
    }
  });

  it('joins multi-line data, skips comments and other fields, and accepts `data:` without a space', async () => {
    const text =
      ': keep-alive\n\n' +
      'event: message\nid: 7\nretry: 100\ndata: {"type":"text-delta",\ndata: "id":"t","delta":"a"}\n\n' +
      `data:${JSON.stringify(finish)}\n\n`;
    for (const pieces of splits(bytes(text))) {
      expect(await streamParts(pieces)).toEqual([{ type: 'text-delta', id: 't', delta: 'a' }, finish]);
    }
  });

  it('drops an event the body ends in the middle of, and says the stream was cut', async () => {
    const parts = await streamParts([bytes('data: {"type":"text-delta","id":"t","delta":"a"}\n\ndata: {"type":"fin')]);
    expect(parts.map((p) => p.type)).toEqual(['text-delta', 'error']);
    expect(GatewayResponseError.isInstance(parts[1]!.error)).toBe(true);
  });
});

describe('image body', () => {
  const imageA = Uint8Array.from({ length: 47 }, (_, i) => (i * 37 + 11) & 255);
  const imageB = Uint8Array.from({ length: 32 }, (_, i) => 255 - i * 5);
  const b64 = (data: Uint8Array) => btoa(String.fromCharCode(...data));

  async function images(pieces: Uint8Array[]) {
    const model = createGateway({ baseURL: BASE, apiKey: 'k', fetch: fetchWith(pieces, 'application/json') }).imageModel('m/i');
    return (await model.doGenerate({ prompt: 'x', n: 2, size: undefined, aspectRatio: undefined, seed: undefined, providerOptions: {} })) as {
      images: Uint8Array[];
      warnings: unknown[];
      providerMetadata: unknown;
      usage?: unknown;
    };
  }

  it('returns the decoded bytes and the rest of the body, however the body is split', async () => {
    const body = JSON.stringify({
      warnings: [{ type: 'other', message: 'an "images": ["x"] lookalike ü' }],
      images: [b64(imageA), b64(imageB)],
      providerMetadata: { gateway: { cost: '0.08', images: ['not an image'] } },
      usage: { inputTokens: 3, outputTokens: 0, totalTokens: 3 },
    });
    for (const pieces of splits(bytes(body))) {
      const result = await images(pieces);
      expect(result.images).toEqual([imageA, imageB]);
      expect(result.warnings).toEqual([{ type: 'other', message: 'an "images": ["x"] lookalike ü' }]);
      expect(result.providerMetadata).toEqual({ gateway: { cost: '0.08', images: ['not an image'] } });
      expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 0, totalTokens: 3 });
    }
  });

  it('accepts escaped slashes, escaped line breaks and URL-safe base64', async () => {
    const plain = b64(imageA);
    const escaped = plain.replace(/\//g, '\\/').replace(/(.{16})/g, '$1\\n');
    const urlSafe = plain.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    for (const encoded of [escaped, urlSafe]) {
      const result = await images([bytes(`{"images":["${encoded}"]}`)]);
      expect(result.images).toEqual([imageA]);
    }
  });

  it('decodes images the streaming reader leaves as strings (an escaped `images` key), and rejects bad ones', async () => {
    const escapedKey = (images: string[]) => bytes(`{"\\u0069mages":${JSON.stringify(images)}}`);
    const urlSafe = b64(imageA).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect((await images([escapedKey([b64(imageA), `${b64(imageB)}\n`, urlSafe])])).images).toEqual([imageA, imageB, imageA]);
    const bad = await images([escapedKey([b64(imageA), 'not base64!'])]).catch((e: unknown) => e);
    expect(GatewayResponseError.isInstance(bad)).toBe(true);
    expect((bad as Error).message).toMatch(/not valid base64/);
  });

  it('works through generateImage: ai gets bytes and can still give base64', async () => {
    const result = await generateImage({
      model: createGateway({
        baseURL: BASE,
        apiKey: 'k',
        fetch: fetchWith([bytes(JSON.stringify({ images: [b64(imageA)] }))], 'application/json'),
      }).imageModel('m/i'),
      prompt: 'x',
    });
    expect(result.image.uint8Array).toEqual(imageA);
    expect(result.image.base64).toBe(b64(imageA));
  });

  it('rejects an image that is not base64, a body cut inside an image, and a body without images', async () => {
    await expect(images([bytes('{"images":["data:image/png;base64,AAAA"]}')])).rejects.toThrow(/not valid base64/);
    const cut = await images([bytes(`{"images":["${b64(imageA).slice(0, 20)}`)]).catch((e: unknown) => e);
    expect(GatewayResponseError.isInstance(cut)).toBe(true);
    expect((cut as Error).message).toMatch(/not valid JSON/);
    await expect(images([bytes('{"warnings":[]}')])).rejects.toThrow(/without an `images` array/);
  });
});
