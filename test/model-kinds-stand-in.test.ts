/**
 * Reranking, speech, transcription and video against the local gateway stand-in
 * (examples/local-gateway.ts) over real sockets, through ai 6 and ai 7 with modelgate and the
 * public client side by side; and the four examples run as a user runs them, with no key.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import { createGateway as createPublicV3 } from 'gateway-v3';
import { createGateway as createPublicV4 } from 'gateway-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../examples/local-gateway';
import { readWav } from '../examples/local-gateway-media';
import { GatewayPaymentRequiredError } from '../src';
import { createGateway as createV3 } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';
import { failure } from './support/mock-gateway';

let local: LocalGateway;
beforeAll(async () => {
  local = await startLocalGateway();
});
afterAll(() => local.close());

const documents = ['Paris is the capital of France.', 'Bananas are yellow.', 'The Louvre is a museum in Paris, France.'];
const query = 'museum in Paris';
const isMp4 = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(4, 8)) === 'ftyp';

describe('ai 6 × v3 against the stand-in', () => {
  const ours = () => createV3({ baseURL: local.baseURL('v3'), apiKey: 'local' });
  const theirs = () => createPublicV3({ baseURL: local.baseURL('v3'), apiKey: 'local' });

  it('rerank ranks by shared words, the same through both clients', async () => {
    const [mine, public_] = await Promise.all(
      [ours(), theirs()].map((p) => ai6.rerank({ model: p.rerankingModel('cohere/rerank-v3.5'), documents, query, topN: 2 })),
    );
    expect(mine!.rerankedDocuments).toEqual([documents[2], documents[0]]);
    expect(mine!.ranking).toEqual(public_!.ranking);
  });

  it('speech gives a real WAV, and transcription reads its words back', async () => {
    const speech = await ai6.experimental_generateSpeech({ model: ours().speechModel('openai/tts-1'), text: 'Hello from ai six' });
    expect(speech.audio.mediaType).toBe('audio/wav');
    expect(readWav(speech.audio.uint8Array)).toEqual({ seconds: expect.closeTo(0.48, 5), text: 'Hello from ai six' });
    for (const p of [ours(), theirs()]) {
      const transcript = await ai6.experimental_transcribe({ model: p.transcriptionModel('openai/whisper-1'), audio: speech.audio.uint8Array });
      expect([transcript.text, transcript.language, transcript.durationInSeconds]).toEqual(['Hello from ai six', 'en', 0.48]);
    }
  });

  it('generateVideo returns MP4 bytes', async () => {
    const { videos } = await ai6.experimental_generateVideo({ model: ours().videoModel('google/veo-3.1-generate-001'), prompt: 'A boat', n: 2 });
    expect(videos).toHaveLength(2);
    expect(videos.every((video) => video.mediaType === 'video/mp4' && isMp4(video.uint8Array))).toBe(true);
  });
});

describe('ai 7 × v4 against the stand-in', () => {
  const ours = () => createV4({ baseURL: local.baseURL('v4'), apiKey: 'local' });
  const theirs = () => createPublicV4({ baseURL: local.baseURL('v4'), apiKey: 'local' });

  it('rerank, speech and transcription agree with the public client', async () => {
    const results = await Promise.all(
      [ours(), theirs()].map(async (p) => {
        const ranked = await ai7.rerank({ model: p.reranking('cohere/rerank-v3.5'), documents, query });
        const speech = await ai7.generateSpeech({ model: p.speech('openai/tts-1'), text: 'Seven is here' });
        const transcript = await ai7.transcribe({ model: p.transcription('openai/whisper-1'), audio: speech.audio.uint8Array });
        return { ranking: ranked.ranking, audio: speech.audio.base64, text: transcript.text, segments: transcript.segments };
      }),
    );
    expect(results[0]!.text).toBe('Seven is here');
    expect(results[0]).toEqual(results[1]);
  });

  it('a video job: started, pending, then completed, through ai 7 and both clients', async () => {
    for (const p of [ours(), theirs()]) {
      const model = p.videoModel('google/veo-3.1-generate-001');
      const started = await ai7.experimental_startVideo({ model, prompt: 'Clouds', duration: 3 });
      const first = await ai7.experimental_getVideoStatus(model, { operation: started.operation });
      const second = await ai7.experimental_getVideoStatus(model, { operation: started.operation });
      expect([first.status, second.status]).toEqual(['pending', 'completed']);
      expect(second.status === 'completed' && second.videos[0]?.type === 'base64').toBe(true);
      const polled = await ai7.experimental_generateVideo({ model, prompt: 'Clouds', poll: { intervalMs: 10 } });
      expect(isMp4(polled.videos[0]!.uint8Array)).toBe(true);
    }
  });

  it('a webhook: the stand-in calls it back, signed, and ai 7 then fetches the video once', async () => {
    const received: IncomingMessage[] = [];
    const hook = createServer((request, response) => {
      received.push(request);
      response.end();
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/video-done`;
      const result = await ai7.experimental_generateVideo({
        model: ours().videoModel('google/veo-3.1-generate-001'),
        prompt: 'Rain',
        webhook: async () => ({
          url,
          received: new Promise((resolve) => hook.once('request', (request) => resolve({ headers: request.headers as Record<string, string>, body: null }))),
        }),
      });
      expect(isMp4(result.videos[0]!.uint8Array)).toBe(true);
      expect(received).toHaveLength(1);
      expect(received[0]!.headers['x-ai-gateway-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    } finally {
      hook.closeAllConnections();
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('the error triggers of the stand-in reach every kind as typed errors', async () => {
    const p = ours();
    const calls = [
      () => ai7.rerank({ model: p.rerankingModel('test/payment-required'), documents, query, maxRetries: 0 }),
      () => ai7.generateSpeech({ model: p.speechModel('test/payment-required'), text: 'x', maxRetries: 0 }),
      () => ai7.transcribe({ model: p.transcriptionModel('test/payment-required'), audio: new Uint8Array([1, 2, 3]), maxRetries: 0 }),
      () => ai7.experimental_generateVideo({ model: p.videoModel('test/payment-required'), prompt: 'x', maxRetries: 0 }),
    ];
    for (const call of calls) expect(GatewayPaymentRequiredError.isInstance(await failure(call()))).toBe(true);
  });
});

describe('examples', () => {
  const run = promisify(execFile);
  // The examples import modelgate/v4 by name: the built package (npm test builds it first).
  const env = { ...process.env, AI_GATEWAY_API_KEY: '', VERCEL_OIDC_TOKEN: '', AI_GATEWAY_BASE_URL: '' };

  it.each([
    ['rerank', /cohere\/rerank-v3\.5: the 3 best of 5 documents[\s\S]*#3 +The Louvre/],
    ['speech', /speech\.wav +audio\/wav, \d+ bytes/],
    ['transcription', /text: The quick brown fox jumps over the lazy dog\./],
    ['video', /video-1\.mp4 +video\/mp4[\s\S]*status: pending[\s\S]*status: completed/],
  ])('npm run example -- %s runs with no key', async (name, expected) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/run.ts', name], { env, timeout: 60_000 });
    expect(stdout).toMatch(/using the local gateway stand-in/);
    expect(stdout).toMatch(expected);
  });
});
