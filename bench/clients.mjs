// The three clients the benchmark compares, behind one small interface:
//
//   raw        what any client must do: fetch, a minimal SSE split, JSON.parse
//              (and for images the cheapest base64 decode Node has)
//   modelgate  this package, through its public entry (self-reference: needs dist/)
//   public     @ai-sdk/gateway, the public client, at the same specification version
//
// Each client exposes the same workloads. Models are called directly (doStream,
// doGenerate, doEmbed), so the figures are the client's and not `ai`'s.

import { convertBase64ToUint8Array, createJsonResponseHandler } from '@ai-sdk/provider-utils';
import fs from 'node:fs';
import { z } from 'zod/v4';

export const SPECS = {
  v2: { header: '2', path: 'v1', modelgate: 'modelgate', public: '@ai-sdk/gateway' },
  v3: { header: '3', path: 'v3', modelgate: 'modelgate/v3', public: 'gateway-v3' },
  v4: { header: '4', path: 'v4', modelgate: 'modelgate/v4', public: 'gateway-v4' },
};

export const PROMPT = [
  { role: 'system', content: 'You are a benchmark.' },
  { role: 'user', content: [{ type: 'text', text: 'Write a long story about a gateway.' }] },
];

/** Reads a model's part stream to the end; returns { deltas, chars, finished }. */
async function drainParts(stream) {
  const reader = stream.getReader();
  let deltas = 0;
  let chars = 0;
  let finished = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'text-delta') {
      deltas++;
      chars += value.delta.length;
    } else if (value.type === 'finish') {
      finished = true;
    } else if (value.type === 'error') {
      throw new Error(`stream error part: ${JSON.stringify(value.error)}`);
    }
  }
  return { deltas, chars, finished };
}

const toBytes = (img) => (typeof img === 'string' ? convertBase64ToUint8Array(img) : img);

/** A client built on a gateway provider factory (modelgate or @ai-sdk/gateway). */
function providerClient(name, createGateway, baseURL) {
  const gw = createGateway({ baseURL, apiKey: 'bench-key' });
  const models = new Map();
  const lm = (id) => {
    let m = models.get(id);
    if (!m) models.set(id, (m = gw.languageModel(id)));
    return m;
  };
  const em = gw.textEmbeddingModel ? (id) => gw.textEmbeddingModel(id) : (id) => gw.embeddingModel(id);
  const embedModels = new Map();
  const imageModels = new Map();
  return {
    name,
    async stream(modelId, headers) {
      const { stream } = await lm(modelId).doStream({ prompt: PROMPT, headers });
      return drainParts(stream);
    },
    async generate(modelId) {
      const r = await lm(modelId).doGenerate({ prompt: PROMPT });
      return r.content[0].text.length;
    },
    async embed(modelId, values) {
      let m = embedModels.get(modelId);
      if (!m) embedModels.set(modelId, (m = em(modelId)));
      const r = await m.doEmbed({ values });
      return r.embeddings;
    },
    async image(modelId, n) {
      let m = imageModels.get(modelId);
      if (!m) imageModels.set(modelId, (m = gw.imageModel(modelId)));
      const r = await m.doGenerate({
        prompt: 'a lighthouse',
        n,
        size: undefined,
        aspectRatio: undefined,
        seed: undefined,
        providerOptions: {},
      });
      // ai decodes base64 images with this same helper; a client that already returns
      // bytes skips it.
      return r.images.map(toBytes);
    },
  };
}

/** The floor: only what any client must do to get the data out. */
function rawClient(baseURL, specHeader) {
  const common = {
    authorization: 'Bearer bench-key',
    'content-type': 'application/json',
    'ai-gateway-protocol-version': '0.0.1',
    'ai-gateway-auth-method': 'api-key',
  };
  const post = (path, headers, body) =>
    fetch(`${baseURL}${path}`, { method: 'POST', headers: { ...common, ...headers }, body: JSON.stringify(body) });
  const check = (res) => {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res;
  };
  return {
    name: 'raw',
    async stream(modelId, headers) {
      const res = check(
        await post(
          '/language-model',
          {
            'ai-language-model-specification-version': specHeader,
            'ai-language-model-id': modelId,
            'ai-language-model-streaming': 'true',
            ...headers,
          },
          { prompt: PROMPT },
        ),
      );
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      let deltas = 0;
      let chars = 0;
      let finished = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let start = 0;
        let end;
        while ((end = buf.indexOf('\n\n', start)) !== -1) {
          const event = buf.slice(start, end);
          start = end + 2;
          if (!event.startsWith('data: ')) continue;
          const part = JSON.parse(event.slice(6));
          if (part.type === 'text-delta') {
            deltas++;
            chars += part.delta.length;
          } else if (part.type === 'finish') finished = true;
        }
        buf = buf.slice(start);
      }
      return { deltas, chars, finished };
    },
    async generate(modelId) {
      const res = check(
        await post(
          '/language-model',
          {
            'ai-language-model-specification-version': specHeader,
            'ai-language-model-id': modelId,
            'ai-language-model-streaming': 'false',
          },
          { prompt: PROMPT },
        ),
      );
      const r = await res.json();
      return r.content[0].text.length;
    },
    async embed(modelId, values) {
      const res = check(
        await post(
          '/embedding-model',
          { 'ai-embedding-model-specification-version': specHeader, 'ai-model-id': modelId },
          specHeader === '2' ? { input: values } : { values },
        ),
      );
      return (await res.json()).embeddings;
    },
    async image(modelId, n) {
      const res = check(
        await post(
          '/image-model',
          { 'ai-image-model-specification-version': specHeader, 'ai-model-id': modelId },
          { prompt: 'a lighthouse', n, providerOptions: {} },
        ),
      );
      const { images } = await res.json();
      return images.map((s) => {
        const b = Buffer.from(s, 'base64');
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      });
    },
  };
}

/**
 * The interface floor for streams: the raw baseline's fetch + SSE split + JSON.parse,
 * with the parts handed out through one pull-based ReadableStream (which the spec's
 * doStream must return) and read by the same consumer as the real clients. Other
 * workloads are the raw baseline's. Only measured when asked for (--clients ...,floor).
 */
function floorClient(raw, baseURL, specHeader) {
  return {
    ...raw,
    name: 'floor',
    async stream(modelId, headers) {
      const res = await fetch(`${baseURL}/language-model`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer bench-key',
          'content-type': 'application/json',
          'ai-gateway-protocol-version': '0.0.1',
          'ai-gateway-auth-method': 'api-key',
          'ai-language-model-specification-version': specHeader,
          'ai-language-model-id': modelId,
          'ai-language-model-streaming': 'true',
          ...headers,
        },
        body: JSON.stringify({ prompt: PROMPT }),
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      const stream = new ReadableStream({
        async pull(controller) {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return controller.close();
            buf += decoder.decode(value, { stream: true });
            let start = 0;
            let end;
            let any = false;
            while ((end = buf.indexOf('\n\n', start)) !== -1) {
              const event = buf.slice(start, end);
              start = end + 2;
              if (event.startsWith('data: ')) {
                controller.enqueue(JSON.parse(event.slice(6)));
                any = true;
              }
            }
            buf = buf.slice(start);
            if (any) return;
          }
        },
      });
      return drainParts(stream);
    },
  };
}

/**
 * The two ways to decode an image response, each on the raw client's request (the image
 * workload only; `--image-decoders` in run.mjs). Both stop where modelgate's image model
 * hands `Uint8Array`s back, so the difference between them is the decoding alone.
 *   image-body     modelgate's streaming reader, src/image-body.ts (compiled on load), then
 *                  JSON.parse and the placeholders replaced, as src/gateway-image-model.ts does
 *   binary-fields  @ai-sdk/provider-utils' createJsonResponseHandler(schema,
 *                  { experimental_binaryFields: ['images[*]'] }), the way @ai-sdk/gateway 4.x
 *                  reads images with `experimental_streamingImageDecoding`; strings it leaves
 *                  (images under 64 KiB) are decoded with convertBase64ToUint8Array, as gw4 does
 */
export const IMAGE_DECODERS = ['image-body', 'binary-fields'];
export const IMAGE_BODY_SOURCE = new URL('../src/client/image-body.ts', import.meta.url);

async function loadImageBody() {
  if (!fs.existsSync(IMAGE_BODY_SOURCE)) throw new Error('src/image-body.ts is not in this checkout');
  const esbuild = await import('esbuild');
  const { code } = await esbuild.transform(fs.readFileSync(IMAGE_BODY_SOURCE, 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

// Its best case: @ai-sdk/gateway 4.x's `z.union([z.string(), z.instanceof(Uint8Array)])` per image
// made the call about 1.5-2× slower in a quick in-process check; the images are checked below.
const imageResponseSchema = z.looseObject({ images: z.array(z.unknown()) });

async function imageDecoderClient(name, raw, baseURL, specHeader) {
  const request = (modelId, n) =>
    fetch(`${baseURL}/image-model`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer bench-key',
        'content-type': 'application/json',
        'ai-gateway-protocol-version': '0.0.1',
        'ai-gateway-auth-method': 'api-key',
        'ai-image-model-specification-version': specHeader,
        'ai-model-id': modelId,
      },
      body: JSON.stringify({ prompt: 'a lighthouse', n, providerOptions: {} }),
    }).then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res;
    });
  if (name === 'image-body') {
    const { readImageBody } = await loadImageBody();
    return {
      ...raw,
      name,
      async image(modelId, n) {
        const body = await readImageBody((await request(modelId, n)).body);
        const result = JSON.parse(body.text);
        let streamed = 0;
        return result.images.map((image) => (image === 0 ? body.images[streamed++] : convertBase64ToUint8Array(image)));
      },
    };
  }
  const handler = createJsonResponseHandler(imageResponseSchema, { experimental_binaryFields: ['images[*]'] });
  return {
    ...raw,
    name,
    async image(modelId, n) {
      const response = await request(modelId, n);
      const { value } = await handler({ response, url: response.url, requestBodyValues: {} });
      return value.images.map((image) => {
        if (typeof image === 'string') return convertBase64ToUint8Array(image);
        if (image instanceof Uint8Array) return image;
        throw new Error('binary-fields: an image is neither a string nor bytes');
      });
    },
  };
}

/**
 * Loads the clients for one specification version. A client whose package cannot be
 * loaded (modelgate before `npm run build`) is reported in `missing` instead.
 */
export async function loadClients(port, spec = 'v2', wanted = ['raw', 'modelgate', 'public']) {
  const s = SPECS[spec];
  if (!s) throw new Error(`unknown spec ${spec}`);
  const baseURL = `http://127.0.0.1:${port}/${s.path}/ai`;
  const clients = [];
  const missing = [];
  for (const name of wanted) {
    if (name === 'raw') {
      clients.push(rawClient(baseURL, s.header));
      continue;
    }
    if (name === 'floor') {
      clients.push(floorClient(rawClient(baseURL, s.header), baseURL, s.header));
      continue;
    }
    if (IMAGE_DECODERS.includes(name)) {
      try {
        clients.push(await imageDecoderClient(name, rawClient(baseURL, s.header), baseURL, s.header));
      } catch (e) {
        missing.push({ name, pkg: name === 'image-body' ? 'src/image-body.ts' : '@ai-sdk/provider-utils', error: String(e?.message ?? e).split('\n')[0] });
      }
      continue;
    }
    try {
      const mod = await import(s[name]);
      clients.push(providerClient(name, mod.createGateway, baseURL));
    } catch (e) {
      missing.push({ name, pkg: s[name], error: String(e?.message ?? e).split('\n')[0] });
    }
  }
  return { clients, missing, baseURL };
}

export const LABELS = {
  raw: 'raw baseline',
  floor: 'raw + ReadableStream',
  modelgate: 'modelgate',
  public: '@ai-sdk/gateway',
  'image-body': 'image-body.ts',
  'binary-fields': 'experimental_binaryFields',
};
