/** Without the optional `ws` package, the Node listener refuses WebSocket upgrades naming the fix; HTTP is unaffected. */
import { request as httpRequest } from 'node:http';
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('ws', () => {
  throw new Error("Cannot find package 'ws'");
});

const { listen } = await import('../../src/cli/node-listener');
let upgrades = 0;
const { server, url } = await listen({
  fetch: async () => new Response('http works'),
  upgradeWebSocket: async () => {
    upgrades += 1;
    return new Response(null, { status: 500 });
  },
});
afterAll(() => {
  server.close();
});

it('answers an upgrade 424 failed_dependency saying npm install ws, and never asks the handler', async () => {
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(`${url}/v4/ai/realtime-model?ai-model-id=m`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('upgrade', () => reject(new Error('upgraded')));
    request.on('error', reject);
    request.end();
  });
  expect(answer.status).toBe(424);
  expect(JSON.parse(answer.body).error).toMatchObject({ type: 'failed_dependency', message: expect.stringContaining('npm install ws') });
  expect(upgrades).toBe(0);
  expect(await (await fetch(url)).text()).toBe('http works');
});
