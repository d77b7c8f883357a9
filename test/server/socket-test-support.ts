/** Helpers the WebSocket surface tests share (realtime.test.ts, media-streams.test.ts). */
import { WebSocket } from 'ws';
import type { UsageRecord, UsageStore } from '../../src/server';

export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The usage record a predicate picks, once the gateway has written it. */
export async function usageRecordOf(gateway: { flushUsage(): Promise<void> }, usage: UsageStore, predicate: (record: UsageRecord) => boolean): Promise<UsageRecord> {
  let found: UsageRecord | undefined;
  await until(() => {
    void gateway.flushUsage();
    void usage.recent(200).then((records) => (found = records.find(predicate)));
    return found !== undefined;
  }, 'the usage record');
  return found!;
}

/** An upgrade the server must refuse: its HTTP status and error body (rejects if it is accepted). */
export function refusal(url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<{ status: number; body: { error: { type: string; message: string; param?: unknown } } }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    socket.once('error', () => {});
  });
}
