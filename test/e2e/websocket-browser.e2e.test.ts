/**
 * End to end, in headless Chromium, each on modelgate and then on @ai-sdk/gateway 4: an ai 7
 * realtime session, and an ai 7 streaming speech call. The page's server mints the client
 * secret with `getToken()`; the browser's own `WebSocket` connects with it (as a
 * subprotocol) to the local gateway stand-in. Both runs must look the same to the gateway
 * and to the page, and the browser never sees the API key.
 *
 * Needs Chromium at /usr/bin/chromium (scripts/ensure-chromium.sh installs Debian's package).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { createGateway as createReference } from 'gateway-v4';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import { startWsGateway, type WsGateway } from '../support/ws-gateway';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const API_KEY = 'mg_test-key-browser-realtime-55';
const MODEL = 'openai/gpt-realtime-2';

let gw: WsGateway;
let app: Server;
let appURL: string;
let browser: Browser;
const tokenRequests: unknown[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: run \`bash scripts/ensure-chromium.sh\` (installs Debian's chromium).`);
  }
  gw = await startWsGateway();
  const bundle = await esbuild.build({
    entryPoints: [new URL('./websocket-page.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const servers = {
    ours: createGateway({ baseURL: gw.baseURL, apiKey: API_KEY }),
    reference: createReference({ baseURL: gw.baseURL, apiKey: API_KEY }),
  };

  // The application: a page, its script, and the token route a realtime session calls.
  app = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://app');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    } else if (url.pathname === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (url.pathname === '/api/speech-token' && request.method === 'POST') {
      const client = url.searchParams.get('client') === 'reference' ? servers.reference : servers.ours;
      client.experimental_speech.getToken({ model: 'openai/gpt-4o-mini-tts', expiresAfterSeconds: 60 }).then(
        (token) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token)),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    } else if (url.pathname === '/api/realtime-token' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const { sessionConfig } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        tokenRequests.push(sessionConfig);
        const client = url.searchParams.get('client') === 'reference' ? servers.reference : servers.ours;
        try {
          const token = await client.experimental_realtime.getToken({ model: MODEL, sessionConfig });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token));
        } catch (error) {
          response.writeHead(500).end(String(error));
        }
      });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()));
  appURL = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
  await gw?.close();
});

afterEach(() => gw.reset());

describe('an ai 7 realtime session in Chromium', () => {
  it('connects with a client secret minted server-side, exchanges events, as with @ai-sdk/gateway 4', async () => {
    gw.onSocket('/v4/ai/realtime-model', async (socket) => {
      await socket.textFrame('session-update');
      socket.send({ type: 'session-created', sessionId: 'sess_1', raw: {} });
      await socket.textFrame('response-create');
      socket.send({ type: 'response-created', responseId: 'r1', raw: {} });
      socket.send({ type: 'text-delta', responseId: 'r1', itemId: 'i1', delta: 'Hi', raw: {} });
      socket.send({ type: 'text-delta', responseId: 'r1', itemId: 'i1', delta: '!', raw: {} });
      socket.send({ type: 'text-done', responseId: 'r1', itemId: 'i1', text: 'Hi!', raw: {} });
      socket.send({ type: 'response-done', responseId: 'r1', status: 'completed', raw: {} });
    });

    const runs: Record<string, unknown> = {};
    const consoleLines: string[] = [];
    for (const client of ['ours', 'reference'] as const) {
      const page = await browser.newPage();
      page.on('console', (message) => consoleLines.push(message.text()));
      await page.goto(appURL);
      await page.waitForFunction(() => 'runRealtime' in window);
      runs[client] = await page.evaluate(
        (which) => (window as unknown as { runRealtime(client: string): Promise<unknown> }).runRealtime(which),
        client,
      );
      await page.close();
    }
    await Promise.all(gw.sockets.map((socket) => socket.closed));

    expect(runs.ours).toEqual(runs.reference);
    expect(runs.ours).toMatchObject({
      errors: [],
      messages: [
        { role: 'user', text: 'Say hi' },
        { role: 'assistant', text: 'Hi!' },
      ],
    });
    expect((runs.ours as { statuses: string[] }).statuses).toContain('connected');

    const [ours, reference] = gw.sockets.map(({ path, protocols, frames }) => ({ path, protocols, frames }));
    expect(ours).toEqual(reference);
    expect(ours!.path).toBe(`/v4/ai/realtime-model?ai-model-id=${encodeURIComponent(MODEL)}`);
    // The browser authenticates with the minted secret only.
    expect(ours!.protocols).toEqual(['ai-gateway-realtime.v1', 'ai-gateway-auth.vcst_minted-client-secret']);
    expect(ours!.frames).toEqual([
      { text: { type: 'session-update', config: { instructions: 'Answer in one word.', outputModalities: ['text'] } } },
      { text: { type: 'conversation-item-create', item: { type: 'text-message', role: 'user', text: 'Say hi' } } },
      { text: { type: 'response-create' } },
    ]);

    // The mint went out from the page's server with the API key; the browser never had it.
    const mints = gw.httpRequests.filter((request) => request.path === '/v1/realtime/client-secrets');
    expect(mints.map(({ body }) => body)).toEqual([{ model: MODEL }, { model: MODEL }]);
    expect(mints.every(({ headers }) => headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(JSON.stringify(gw.sockets.map((socket) => socket.headers))).not.toContain(API_KEY);
    expect(consoleLines.join('\n')).not.toContain('vcst_minted-client-secret');
  });
});

describe('streaming speech in Chromium, with the browser\'s own WebSocket', () => {
  it('authenticates with a minted speech secret as a subprotocol and streams audio back, as with @ai-sdk/gateway 4', async () => {
    gw.onSocket('/v4/ai/speech-model', async (socket) => {
      await socket.textFrame('speech-stream.text-done');
      socket.send({ type: 'stream-start', warnings: [] });
      for (const length of [480, 960]) {
        socket.send({ type: 'audio', audio: Buffer.alloc(length, 7).toString('base64'), audioFormat: { type: 'audio/pcm', rate: 24000 } });
      }
      socket.send({ type: 'finish', usage: { inputCharacters: 23 } });
    });
    const runs: Record<string, unknown> = {};
    for (const client of ['ours', 'reference'] as const) {
      const page = await browser.newPage();
      await page.goto(appURL);
      await page.waitForFunction(() => 'runSpeech' in window);
      runs[client] = await page.evaluate(
        ([which, baseURL]) =>
          (window as unknown as { runSpeech(client: string, baseURL: string): Promise<unknown> }).runSpeech(which, baseURL),
        [client, gw.baseURL] as const,
      );
      await page.close();
    }
    await Promise.all(gw.sockets.map((socket) => socket.closed));

    expect(runs.ours).toEqual(runs.reference);
    expect(runs.ours).toEqual({ chunks: [480, 960], usage: { inputCharacters: 23 } });
    const [ours, reference] = gw.sockets.map(({ path, protocols, frames, clientClose }) => ({ path, protocols, frames, clientClose }));
    expect(ours).toEqual(reference);
    expect(ours!.protocols).toEqual(['ai-gateway-speech.v1', 'ai-gateway-auth.vcst_minted-client-secret']);
    expect(ours!.clientClose?.code).toBe(1000);
    const mints = gw.httpRequests.filter((request) => request.path === '/v1/realtime/client-secrets');
    expect(mints.map(({ body }) => body)).toEqual([
      { model: 'openai/gpt-4o-mini-tts', routeKind: 'speech', expiresIn: 60 },
      { model: 'openai/gpt-4o-mini-tts', routeKind: 'speech', expiresIn: 60 },
    ]);
    // A browser WebSocket sends no authorization header: the secret was the only credential, and the API key never left the server.
    expect(JSON.stringify(gw.sockets.map((socket) => socket.headers))).not.toContain(API_KEY);
  });
});
