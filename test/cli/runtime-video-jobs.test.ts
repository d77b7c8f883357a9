/**
 * A video job started on Bun and on Deno runs to its end. Deno.serve aborts a request's signal once
 * its answer is sent (its legacy behaviour, the default in Deno 2.9), and that signal used to cancel
 * the job the start request left running. The gateway runs in the real runtime, with an upstream video
 * model that takes 200 ms and stops when its call is cancelled; ai 7 and @ai-sdk/gateway 4 start and poll.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimental_getVideoStatus as getVideoStatus, experimental_startVideo as startVideo } from 'ai-v7';
import { createGateway } from 'gateway-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { createProjectFolder, QUIET_RUNTIME_ENV, runtimeBinary, startServer, stopAllServers } from './spawned-server';

const GATEWAY_KEY = 'runtime-video-key-0123456789';
const project = createProjectFolder();
writeFileSync(
  join(project, 'video-server.mjs'),
  `import { createGatewayServer } from 'modelgate/server';

const slowVideoModel = (modelId) => ({
  specificationVersion: 'v4',
  provider: 'acme',
  modelId,
  maxVideosPerCall: 1,
  doGenerate: ({ abortSignal }) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve({ videos: [{ type: 'base64', data: 'AAAAGGZ0eXA=', mediaType: 'video/mp4' }], warnings: [], response: { timestamp: new Date(), modelId } }), 200);
      abortSignal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(abortSignal.reason);
      });
    }),
});
const gateway = createGatewayServer({
  providers: { acme: { languageModel: () => undefined, videoModel: slowVideoModel } },
  models: { 'acme/video-1': { type: 'video', providers: [{ provider: 'acme', model: 'video-1' }] } },
  keys: [{ name: 'app', key: process.env.GATEWAY_KEY }],
});
const port = Number(process.env.PORT);
const onListen = (address) => console.log(\`listening on port \${address.port}\`);
if (globalThis.Deno) Deno.serve({ port, onListen }, gateway.fetch);
else onListen(Bun.serve({ port, fetch: gateway.fetch }));
`,
);

afterAll(async () => {
  await stopAllServers();
  rmSync(project, { recursive: true, force: true });
});

const COMMANDS = {
  bun: [runtimeBinary('bun'), 'video-server.mjs'],
  deno: [runtimeBinary('deno'), 'run', '--allow-net', '--allow-env', '--allow-read', 'video-server.mjs'],
};

describe.each(['bun', 'deno'] as const)('on %s', (runtime) => {
  it('a job started with ai 7 completes after its start request was answered', async () => {
    const server = await startServer({ argv: COMMANDS[runtime], cwd: project, env: { GATEWAY_KEY, ...QUIET_RUNTIME_ENV }, listening: /^listening on port (\d+)$/m });
    try {
      const model = createGateway({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY }).videoModel('acme/video-1');
      const started = await startVideo({ model, prompt: 'a patient cat', maxRetries: 0 });
      let status = await getVideoStatus(model, { operation: started.operation, maxRetries: 0 });
      for (let polls = 0; status.status === 'pending' && polls < 100; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = await getVideoStatus(model, { operation: started.operation, maxRetries: 0 });
      }
      expect(status).toMatchObject({ status: 'completed', videos: [{ type: 'base64', data: 'AAAAGGZ0eXA=', mediaType: 'video/mp4' }] });
    } finally {
      await server.stop();
    }
  });
});
