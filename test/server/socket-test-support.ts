/** Helpers the WebSocket surface tests share (realtime.test.ts, media-streams.test.ts, the README's Deno realtime server). */
import type { Experimental_RealtimeModelV4 as RealtimeModelV4, Experimental_RealtimeModelV4ClientEvent as ClientEvent, Experimental_RealtimeModelV4ServerEvent as ServerEvent } from '@ai-sdk/provider';
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

/**
 * A model's connection driven as ai 7's realtime event channel drives it: events through
 * `serializeClientEvent` and JSON out, JSON in through `parseServerEvent`.
 */
export async function connect(model: RealtimeModelV4, url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}) {
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
  const events: ServerEvent[] = [];
  socket.on('message', (data: Buffer) => {
    const parsed = model.parseServerEvent(JSON.parse(data.toString('utf8')));
    events.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    events,
    closed,
    send: async (event: ClientEvent) => socket.send(JSON.stringify(await model.serializeClientEvent(event))),
    waitFor: async (type: string) => {
      await until(() => events.some((event) => event.type === type), type);
      return events.find((event) => event.type === type)!;
    },
  };
}

/** Sends a user text and asks for a response; resolves with the reply's text once it is done. */
export async function textRoundTrip(session: Awaited<ReturnType<typeof connect>>, text: string) {
  await session.send({ type: 'conversation-item-create', item: { type: 'text-message', role: 'user', text } });
  await session.send({ type: 'response-create' });
  await session.waitFor('response-done');
  return session.events.filter((event) => event.type === 'text-delta').map((event) => (event as { delta: string }).delta).join('');
}
