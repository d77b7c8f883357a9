/** The Node listener's WebSocket adapter: what it hands the handler's upgradeWebSocket, and what it does with the answer. */
import { request as httpRequest, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { listen, type UpgradingHandler } from '../../src/cli/node-listener';
import type { RelaySocket, WebSocketAdapterDefaults } from '../../src/server';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: UpgradingHandler) {
  const listening = await listen(handler);
  servers.push(listening.server);
  return { ...listening, ws: listening.url.replace(/^http/, 'ws') };
}

const noFetch = async () => new Response('not here', { status: 418 });

describe('node listener: WebSocket upgrades for a handler that takes them', () => {
  it("hands over the upgrade request and ws's client class, selects the acceptance's subprotocol and gives it the socket", async () => {
    const seen: Array<{ method: string; url: string; protocols: string | null; adapter: WebSocketAdapterDefaults | undefined }> = [];
    const { ws } = await serve({
      fetch: noFetch,
      async upgradeWebSocket(request, adapter) {
        seen.push({ method: request.method, url: request.url, protocols: request.headers.get('sec-websocket-protocol'), adapter });
        return {
          protocol: 'chosen.v1',
          accept(socket: RelaySocket) {
            socket.addEventListener('message', (event) => socket.send(`echo ${String(event.data)}`));
          },
          reject() {},
        };
      },
    });
    const client = new WebSocket(`${ws}/v4/ai/realtime-model?ai-model-id=m`, ['other', 'chosen.v1']);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    expect(client.protocol).toBe('chosen.v1');
    const echoed = new Promise<string>((resolve) => client.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
    client.send('hi');
    expect(await echoed).toBe('echo hi');
    client.close();
    expect(seen).toEqual([{ method: 'GET', url: expect.stringMatching(/\/v4\/ai\/realtime-model\?ai-model-id=m$/), protocols: 'other,chosen.v1', adapter: { webSocket: WebSocket } }]);
  });

  it("sends a refusal Response as the HTTP answer, status, headers and body", async () => {
    const { url } = await serve({
      fetch: noFetch,
      upgradeWebSocket: async () => new Response(JSON.stringify({ error: { type: 'authentication_error', message: 'no' } }), { status: 401, headers: { 'content-type': 'application/json', 'x-extra': 'kept' } }),
    });
    const answer = await new Promise<{ status: number; extra: unknown; body: string }>((resolve, reject) => {
      const request = httpRequest(`${url}/v4/ai/realtime-model`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, extra: response.headers['x-extra'], body }));
      });
      request.on('upgrade', () => reject(new Error('upgraded')));
      request.on('error', reject);
      request.end();
    });
    expect(answer).toEqual({ status: 401, extra: 'kept', body: JSON.stringify({ error: { type: 'authentication_error', message: 'no' } }) });
  });

  it('closeWebSockets ends open sessions with 1001', async () => {
    const { ws, closeWebSockets } = await serve({ fetch: noFetch, upgradeWebSocket: async () => ({ protocol: undefined, accept() {}, reject() {} }) });
    const client = new WebSocket(`${ws}/x`);
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    closeWebSockets();
    expect(await closed).toBe(1001);
  });

  it("a client that leaves while its session is being opened aborts the request's signal, and the acceptance is rejected", async () => {
    let rejected = 0;
    let accepted = 0;
    const { url } = await serve({
      fetch: noFetch,
      upgradeWebSocket: (request) =>
        new Promise((resolve) =>
          request.signal.addEventListener('abort', () => resolve({ protocol: undefined, accept: () => void (accepted += 1), reject: () => void (rejected += 1) })),
        ),
    });
    const request = httpRequest(`${url}/x`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    request.on('error', () => {});
    request.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    request.destroy();
    for (let attempt = 0; attempt < 100 && rejected === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect([rejected, accepted]).toEqual([1, 0]);
  });
});
