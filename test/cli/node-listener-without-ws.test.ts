/** Without the optional `ws` package, the Node listener refuses WebSocket upgrades naming the fix; HTTP is unaffected. */
import { afterAll, expect, it, vi } from 'vitest';
import { refusedUpgrade } from './refused-upgrade';

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
  const answer = await refusedUpgrade(`${url}/v4/ai/realtime-model?ai-model-id=m`);
  expect(answer.status).toBe(424);
  expect(JSON.parse(answer.body).error).toMatchObject({ type: 'failed_dependency', message: expect.stringContaining('npm install ws') });
  expect(upgrades).toBe(0);
  expect(await (await fetch(url)).text()).toBe('http works');
});
