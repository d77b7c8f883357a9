import type { ChildProcess } from 'node:child_process';
// Names shared by the three processes of `npm run bench:server`.
export const BENCH_GATEWAY_KEY = 'bench-gateway-key-0123456789';
/** Gateway model id for each fake upstream behaviour. */
export const BENCH_MODELS = {
  quick: 'openai/gpt-4o-mini',
  long: 'openai/gpt-4o-mini-long',
  slow: 'openai/gpt-4o-mini-slow',
  paced: 'openai/gpt-4o-mini-paced',
} as const;
export type UpstreamName = keyof typeof BENCH_MODELS;
export type UpstreamUrls = Record<UpstreamName, string>;
/** The model id at the (fake) OpenAI API. */
export const UPSTREAM_MODEL = 'gpt-4o-mini';
export const LONG_STREAM_DELTAS = 20_000;
/** The slow upstream's pause between deltas (memory phase). */
export const SLOW_CHUNK_MS = 1_000;
/** The paced upstream (Portkey comparison, stream capacity): a delta every PACED_CHUNK_MS, PACED_DELTAS in all. */
export const PACED_CHUNK_MS = 100;
export const PACED_DELTAS = 150;

export type GatewayMessage =
  | { type: 'ready'; url: string; floorUrl: string; bareUrl: string }
  | { type: 'memory'; heapUsed: number; external: number; rss: number; openRequests: number }
  /** CPU time the gateway process used since it started, in µs (user + system). */
  | { type: 'cpu'; micros: number };
export type UpstreamMessage = { type: 'ready'; urls: UpstreamUrls };

/** A bench gateway process's CPU time so far (µs), asked over IPC. */
export function gatewayCpu(gateway: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: GatewayMessage) => {
      if (message.type !== 'cpu') return;
      gateway.off('message', onMessage);
      resolve(message.micros);
    };
    gateway.on('message', onMessage);
    gateway.send({ type: 'cpu' });
  });
}
