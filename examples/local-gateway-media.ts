/**
 * The local gateway stand-in's reranking, speech, transcription and video models
 * (spec v3 and v4 routes; see local-gateway.ts for the rest):
 *
 *   POST /…/reranking-model       deterministic rankings: documents scored by the words they share with the query
 *   POST /…/speech-model          a real WAV (16-bit mono PCM, 8 kHz): one short tone per word of the text
 *   POST /…/transcription-model   a transcript of the audio: for WAVs from the speech model, their text back
 *   POST /…/video-model           `text/event-stream` with one `result` event; the video is a tiny MP4
 *   POST /…/video-model/start     a video job (spec v4); `/…/video-model/status` reports it pending once,
 *                                 then completed; with a `callbackUrl` the stand-in posts `video.completed` to it
 *
 * The MP4s are containers only (an `ftyp` and a `moov` with a movie header giving the duration,
 * no tracks): valid files that players open but show nothing, enough to see bytes flow.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** What the stand-in's routes share with these handlers. */
export interface MediaContext {
  /** The parsed JSON body. */
  body: any;
  modelId: string;
  /** The spec version from the request's `ai-<kind>-model-specification-version` header. */
  spec: number;
  /** Routing options applied as for the other kinds: the model actually served, and whether BYOK was used. */
  plan: { servedModel: string; provider: string; isByok: boolean; routing: unknown };
  /** Records a billed call; returns its generation id. */
  record(kind: 'reranking' | 'speech' | 'transcription' | 'video', cost: number): string;
  /** Decimal string of a USD amount, as the gateway sends costs. */
  formatUsd(value: number): string;
}

const SAMPLE_RATE = 8000;
const WORD_SECONDS = 0.12;
// The speech model writes its text into a WAV `LIST/INFO/ICMT` chunk, so transcription can read it back.
const TEXT_CHUNK = 'ICMT';

const ascii = (text: string) => new TextEncoder().encode(text);

function riffChunk(id: string, data: Uint8Array): Uint8Array {
  const padded = data.length + (data.length % 2);
  const chunk = new Uint8Array(8 + padded);
  chunk.set(ascii(id), 0);
  new DataView(chunk.buffer).setUint32(4, data.length, true);
  chunk.set(data, 8);
  return chunk;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A real WAV file: one tone per word of `text` (pitch from the word), with the text in an INFO chunk. */
export function makeWav(text: string): Uint8Array {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 40);
  const perWord = Math.round(SAMPLE_RATE * WORD_SECONDS);
  const pcm = new DataView(new ArrayBuffer(Math.max(1, words.length) * perWord * 2));
  words.forEach((word, index) => {
    const hertz = 220 + (createHash('sha256').update(word).digest()[0]! % 64) * 10;
    for (let i = 0; i < perWord; i++) {
      const fade = Math.min(1, i / 80, (perWord - i) / 80);
      const sample = Math.round(Math.sin((2 * Math.PI * hertz * i) / SAMPLE_RATE) * 9000 * fade);
      pcm.setInt16((index * perWord + i) * 2, sample, true);
    }
  });
  const format = new DataView(new ArrayBuffer(16));
  format.setUint16(0, 1, true); // PCM
  format.setUint16(2, 1, true); // mono
  format.setUint32(4, SAMPLE_RATE, true);
  format.setUint32(8, SAMPLE_RATE * 2, true); // bytes per second
  format.setUint16(12, 2, true); // block align
  format.setUint16(14, 16, true); // bits per sample
  const info = riffChunk('LIST', concat([ascii('INFO'), riffChunk(TEXT_CHUNK, ascii(`${text}\0`))]));
  const body = concat([
    ascii('WAVE'),
    riffChunk('fmt ', new Uint8Array(format.buffer)),
    info,
    riffChunk('data', new Uint8Array(pcm.buffer)),
  ]);
  return riffChunk('RIFF', body);
}

/** What a WAV holds: its duration, and the text the speech model wrote into it (if it made it). */
export function readWav(bytes: Uint8Array): { seconds: number; text?: string } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => new TextDecoder().decode(bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let seconds = 0;
  let text: string | undefined;
  const walk = (start: number, end: number) => {
    for (let offset = start; offset + 8 <= end; ) {
      const id = tag(offset);
      const size = view.getUint32(offset + 4, true);
      const data = offset + 8;
      if (id === 'data') seconds = size / (SAMPLE_RATE * 2);
      if (id === 'LIST' && tag(data) === 'INFO') walk(data + 4, data + size);
      if (id === TEXT_CHUNK) text = new TextDecoder().decode(bytes.subarray(data, data + size)).replace(/\0+$/, '');
      offset = data + size + (size % 2);
    }
  };
  walk(12, bytes.length);
  return { seconds, text };
}

function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const data = concat(parts);
  const out = new Uint8Array(8 + data.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(ascii(type), 4);
  out.set(data, 8);
  return out;
}

/** A tiny MP4 container (no tracks): `ftyp`, and a `moov` whose movie header gives `seconds`. */
export function makeMp4(seconds: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(100));
  header.setUint32(12, 1000); // timescale: 1000 units per second
  header.setUint32(16, Math.round(seconds * 1000)); // duration
  header.setUint32(20, 0x00010000); // rate 1.0
  header.setUint16(24, 0x0100); // volume 1.0
  for (const [index, value] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries()) {
    header.setUint32(36 + index * 4, value); // identity matrix
  }
  header.setUint32(96, 1); // next track id
  return concat([
    box('ftyp', ascii('isom'), new Uint8Array([0, 0, 2, 0]), ascii('isomiso2mp41')),
    box('moov', box('mvhd', new Uint8Array(header.buffer))),
  ]);
}

const STOP_WORDS = new Set('a an and are as at be by do for from how i in is it of on or the there to was what when where which who why with'.split(' '));

/** The words of a text (or of a JSON document) that carry meaning. */
const words = (text: unknown) =>
  new Set(
    ((typeof text === 'string' ? text : JSON.stringify(text ?? '')).toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
      (word) => !STOP_WORDS.has(word),
    ),
  );

// ---------------------------------------------------------------------------------------

export function rerank({ body, plan, record, formatUsd }: MediaContext) {
  const query = words(body.query);
  const values: unknown[] = Array.isArray(body.documents?.values) ? body.documents.values : [];
  const ranking = values
    .map((document, index) => {
      const shared = [...words(document)].filter((word) => query.has(word)).length;
      return { index, relevanceScore: Number((shared / Math.max(1, query.size)).toFixed(4)) };
    })
    .sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index)
    .slice(0, typeof body.topN === 'number' ? body.topN : undefined);
  const cost = plan.isByok ? 0 : 0.001;
  const generationId = record('reranking', cost);
  return { ranking, warnings: [], providerMetadata: { gateway: { routing: plan.routing, cost: formatUsd(cost), generationId } } };
}

export function speech({ body, spec, plan, record, formatUsd }: MediaContext) {
  const text = typeof body.text === 'string' ? body.text : '';
  const warnings: unknown[] = [];
  if (body.outputFormat && body.outputFormat !== 'wav') {
    warnings.push({ type: 'unsupported', feature: 'outputFormat', details: `The local stand-in only makes WAV, not ${body.outputFormat}.` });
  }
  const cost = plan.isByok ? 0 : text.length * 0.000015;
  const generationId = record('speech', cost);
  return {
    audio: Buffer.from(makeWav(text)).toString('base64'),
    warnings,
    ...(spec >= 4 ? { usage: { inputCharacters: text.length } } : {}),
    providerMetadata: { gateway: { routing: plan.routing, cost: formatUsd(cost), generationId } },
  };
}

export function transcription({ body, spec, plan, record, formatUsd }: MediaContext) {
  const audio = Buffer.from(typeof body.audio === 'string' ? body.audio : '', 'base64');
  const wav = readWav(new Uint8Array(audio));
  const text = wav?.text ?? `(${audio.length} bytes of ${body.mediaType ?? 'audio'}: the local stand-in only transcribes WAVs from its own speech model)`;
  const seconds = wav?.seconds ?? 0;
  const spoken = text.split(/\s+/).filter(Boolean);
  const step = spoken.length > 0 ? seconds / spoken.length : 0;
  const timed = spoken.map((word, index) => ({
    text: word,
    startSecond: Number((index * step).toFixed(3)),
    endSecond: Number(((index + 1) * step).toFixed(3)),
  }));
  const cost = plan.isByok ? 0 : seconds * 0.0001;
  const generationId = record('transcription', cost);
  return {
    text,
    segments: [{ text, startSecond: 0, endSecond: seconds }],
    ...(spec >= 4 ? { words: timed, usage: { durationSeconds: seconds } } : {}),
    language: 'en',
    durationInSeconds: seconds,
    warnings: [],
    providerMetadata: { gateway: { routing: plan.routing, cost: formatUsd(cost), generationId } },
  };
}

function videos(body: any) {
  const n = Math.min(Math.max(1, Number(body.n) || 1), 4);
  const seconds = Number(body.duration) > 0 ? Number(body.duration) : 4;
  return Array.from({ length: n }, () => ({
    type: 'base64',
    data: Buffer.from(makeMp4(seconds)).toString('base64'),
    mediaType: 'video/mp4',
  }));
}

/** `/video-model`: the result as the one event of an event stream. */
export function video({ body, plan, record, formatUsd }: MediaContext): string {
  const result = videos(body);
  const cost = plan.isByok ? 0 : result.length * 0.5;
  const generationId = record('video', cost);
  const event = { type: 'result', videos: result, warnings: [], providerMetadata: { gateway: { routing: plan.routing, cost: formatUsd(cost), generationId } } };
  return `data: ${JSON.stringify(event)}\n\n`;
}

interface VideoJob {
  body: any;
  checks: number;
  generationId: string;
  cost: number;
}

/** Video jobs (spec v4): start, then status; each job is pending on its first status check. */
export function videoJobs() {
  const jobs = new Map<string, VideoJob>();
  return {
    start(context: MediaContext) {
      const { body, plan, record, formatUsd } = context;
      const jobId = `vjob_${randomBytes(8).toString('hex')}`;
      const cost = plan.isByok ? 0 : Math.min(Math.max(1, Number(body.n) || 1), 4) * 0.5;
      const job: VideoJob = { body, checks: 0, generationId: record('video', cost), cost };
      jobs.set(jobId, job);
      const webhookSigningSecret = `whsec_${randomBytes(12).toString('hex')}`;
      if (typeof body.callbackUrl === 'string') {
        // The job "finishes" at once: tell the webhook, signed as the hosted gateway signs it.
        setTimeout(() => void notify(body.callbackUrl, jobId, webhookSigningSecret).catch(() => {}), 50);
        job.checks = 1;
      }
      return {
        operation: { jobId },
        warnings: [],
        providerMetadata: {
          gateway: { asyncJob: { jobId, status: 'pending', webhookSigningSecret }, generationId: job.generationId, cost: formatUsd(cost) },
        },
      };
    },
    status({ body, formatUsd }: MediaContext) {
      const jobId = body.operation?.jobId;
      const job = typeof jobId === 'string' ? jobs.get(jobId) : undefined;
      if (!job) return undefined;
      const asyncJob = (status: string) => ({ gateway: { asyncJob: { jobId, status }, generationId: job.generationId } });
      if (job.checks++ === 0) return { status: 'pending', providerMetadata: asyncJob('pending') };
      return {
        status: 'completed',
        videos: videos(job.body),
        warnings: [],
        providerMetadata: { gateway: { ...asyncJob('completed').gateway, cost: formatUsd(job.cost) } },
      };
    },
  };
}

async function notify(url: string, jobId: string, secret: string) {
  const body = JSON.stringify({ type: 'video.completed', data: { jobId, status: 'completed' } });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ai-gateway-signature': `t=${timestamp},v1=${signature}`,
      'x-ai-gateway-idempotency-key': `${jobId}-completed`,
    },
    body,
  });
}
