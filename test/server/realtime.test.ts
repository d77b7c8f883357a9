/**
 * Realtime sessions through the server over real sockets: modelgate's v4 client and the public
 * @ai-sdk/gateway 4 connect (an ai 7 realtime session, or the model's connection driven the way
 * ai 7's event channel drives it), the server relays to a fake OpenAI Realtime API through
 * @ai-sdk/openai 4's realtime model, and every refusal is checked as the client reads it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import type { Experimental_RealtimeModelV4 as RealtimeModelV4, Experimental_RealtimeModelV4ServerEvent as ServerEvent } from '@ai-sdk/provider';
import { Experimental_AbstractRealtimeSession as AbstractRealtimeSession, type Experimental_RealtimeState as RealtimeState } from 'ai-v7';
import { createGateway as createReference } from 'gateway-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { listen } from '../../src/cli/node-listener';
import { createGatewayServer, MemoryUsageStore, type UsageRecord } from '../../src/server';
import { connect, refusal, textRoundTrip, until, usageRecordOf } from './socket-test-support';
import { createGateway, getGatewayRealtimeProtocols } from '../../src/v4';
import { reply, startFakeRealtimeUpstream, type FakeRealtimeUpstream } from '../fakes/openai-realtime-upstream';

const KEY = 'mg-realtime-test-key-0123456789';
const LIMITED_KEY = 'mg-realtime-limited-key-0123456789';
const BUDGET_KEY = 'mg-realtime-budget-key-0123456789';
const UPSTREAM_KEY = 'sk-fake-upstream-realtime-secret-0001';
const MODEL = 'openai/gpt-realtime-2';
const FAILOVER_MODEL = 'openai/gpt-realtime-failover';
const PRICING = { input: '0.000004', output: '0.000016' };

let upstream: FakeRealtimeUpstream;
let refusing: FakeRealtimeUpstream;
let usage: MemoryUsageStore;
let gateway: ReturnType<typeof createGatewayServer>;
let http: Server;
let origin: string;
let baseURL: string;
/** The app's own server that mints client secrets for its browser (ai 7's `api.token`). */
let tokenRoute: Server;
let tokenURL: string;

const upstreamOpenAI = () => createOpenAI({ apiKey: UPSTREAM_KEY, baseURL: upstream.baseURL });

function buildGateway() {
  return createGatewayServer(
    {
      providers: {
        openai: upstreamOpenAI(),
        refusing: createOpenAI({ apiKey: UPSTREAM_KEY, baseURL: refusing.baseURL }),
        // Nothing listens on port 1: the connection is refused.
        unreachable: createOpenAI({ apiKey: UPSTREAM_KEY, baseURL: 'http://127.0.0.1:1/v1' }),
        plain: { languageModel: () => undefined },
      },
      models: {
        [MODEL]: { type: 'realtime', providers: [{ provider: 'openai', model: 'gpt-realtime', pricing: PRICING }] },
        [FAILOVER_MODEL]: { type: 'realtime', providers: [{ provider: 'refusing', model: 'gpt-realtime' }, { provider: 'unreachable', model: 'gpt-realtime' }, { provider: 'openai', model: 'gpt-realtime', pricing: PRICING }] },
        'openai/gpt-realtime-brief': { type: 'realtime', providers: [{ provider: 'openai', model: 'gpt-realtime-brief' }] },
        'openai/gpt-realtime-down': { type: 'realtime', providers: [{ provider: 'refusing', model: 'gpt-realtime' }] },
        'acme/voice-without-realtime': { type: 'realtime', providers: [{ provider: 'plain', model: 'voice-1' }] },
        'openai/gpt-5.4': { providers: [{ provider: 'plain', model: 'gpt-5.4' }] },
      },
      keys: [
        { name: 'app', key: KEY },
        { name: 'limited', key: LIMITED_KEY, limits: { concurrentRequests: 1 } },
        { name: 'budgeted', key: BUDGET_KEY, budget: { monthlyUsd: 0.0001 } },
      ],
      demoteUnhealthy: false,
    },
    { usage, webSocket: WebSocket },
  );
}

beforeAll(async () => {
  upstream = await startFakeRealtimeUpstream({ apiKey: UPSTREAM_KEY });
  refusing = await startFakeRealtimeUpstream({ apiKey: UPSTREAM_KEY, refuse: true });
  usage = new MemoryUsageStore();
  gateway = buildGateway();
  ({ server: http, url: origin } = await listen(gateway));
  baseURL = `${origin}/v4/ai`;
  tokenRoute = createServer((request, response) => {
    const client = new URL(request.url!, 'http://x').searchParams.get('client');
    const provider = client === 'ours' ? createGateway({ baseURL, apiKey: KEY }) : createReference({ baseURL, apiKey: KEY });
    provider.experimental_realtime.getToken({ model: MODEL }).then(
      (token) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(token)),
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => tokenRoute.listen(0, '127.0.0.1', resolve));
  tokenURL = `http://127.0.0.1:${(tokenRoute.address() as AddressInfo).port}/api/realtime-token`;
});

afterAll(async () => {
  http?.closeAllConnections();
  http?.close();
  tokenRoute?.close();
  await gateway?.close();
  await upstream?.close();
  await refusing?.close();
});

beforeEach(() => {
  upstream.sockets.length = 0;
  upstream.refused.length = 0;
  refusing.refused.length = 0;
});

const clients = {
  ours: (apiKey = KEY) => createGateway({ baseURL, apiKey }),
  reference: (apiKey = KEY) => createReference({ baseURL, apiKey }),
};
type ClientName = keyof typeof clients;


const recordOf = (predicate: (record: UsageRecord) => boolean) => usageRecordOf(gateway, usage, predicate);

/** The HTTP answer to an upgrade the server refuses, as a `ws` client sees it. */

const socketURL = (modelId: string) => `${baseURL.replace(/^http/, 'ws')}/realtime-model?ai-model-id=${encodeURIComponent(modelId)}`;

describe.each(['ours', 'reference'] as const)('a trusted server with %s client (headers)', (name: ClientName) => {
  it('relays a text round trip through the upstream model, without the gateway options and with the upstream key only upstream', async () => {
    const model = clients[name]().experimental_realtime(MODEL);
    const { url, headers } = await model.getServerWebSocketConfig!();
    const session = await connect(model, url, { headers });
    expect(session.socket.protocol).toBe('');
    await session.send({
      type: 'session-update',
      config: { instructions: 'Answer briefly.', outputModalities: ['text'], providerOptions: { gateway: { user: 'u-1', tags: ['voice'] }, truncation: 'auto' } },
    });
    const updated = await session.waitFor('session-updated');
    expect(await textRoundTrip(session, 'hello there')).toBe(reply('hello there'));
    const done = session.events.find((event) => event.type === 'response-done') as Extract<ServerEvent, { type: 'response-done' }>;
    expect(done.usage).toEqual({ inputTokens: 11, outputTokens: 17, cachedInputTokens: 0, inputTextTokens: 11, inputAudioTokens: 0, outputTextTokens: 17, outputAudioTokens: 0 });

    const [upstreamSocket] = upstream.sockets;
    expect(upstreamSocket!.path).toBe('/v1/realtime?model=gpt-realtime');
    expect(upstreamSocket!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    const sessionUpdate = upstreamSocket!.frames.find((frame) => frame.type === 'session.update')!;
    // @ai-sdk/openai merges every providerOption into the session: only the gateway's must be gone.
    expect(sessionUpdate.session).toEqual({ type: 'realtime', model: 'gpt-realtime', instructions: 'Answer briefly.', output_modalities: ['text'], truncation: 'auto' });
    expect(JSON.stringify(upstreamSocket!.frames)).not.toContain('u-1');
    expect((updated.raw as { session: Record<string, unknown> }).session).not.toHaveProperty('gateway');
    // Nothing the client got carries the upstream's key.
    expect(JSON.stringify(session.events)).not.toContain(UPSTREAM_KEY);

    session.socket.close(1000);
    expect(await upstreamSocket!.whenClosed).toEqual({ code: 1000, reason: '' });
    const record = await recordOf((entry) => entry.kind === 'realtime' && entry.inputTokens === 11);
    expect(record).toMatchObject({ keyName: 'app', model: MODEL, provider: 'openai', providerModel: 'gpt-realtime', status: 200, inputTokens: 11, outputTokens: 17, streamed: true });
    expect(record.cost).toBeCloseTo(11 * 0.000004 + 17 * 0.000016, 12);
  });
});

/** A runtime's server-side socket as an adapter hands it over: web-standard events, opening after the 101. */
class AdapterSocket {
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | undefined;
  private readonly listeners = new Map<string, Array<(event: never) => void>>();
  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  private emit(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as never);
  }
  send(data: string | ArrayBuffer | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: the socket is not open');
    this.sent.push(String(data));
  }
  /** The server closes it. */
  close(code?: number, reason?: string): void {
    this.closedWith = { code: code ?? 1005, reason: reason ?? '' };
    this.readyState = 3;
    this.emit('close', this.closedWith);
  }
  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }
  receive(data: string): void {
    this.emit('message', { data });
  }
  /** The client closes it. */
  remoteClose(code: number, reason: string): void {
    this.readyState = 3;
    this.emit('close', { code, reason });
  }
}

class NodeRealtimeSession extends AbstractRealtimeSession {
  protected setState<K extends keyof RealtimeState>(key: K, value: RealtimeState[K]): void {
    this.state = { ...this.state, [key]: value };
  }
  get current(): RealtimeState {
    return this.state;
  }
}

/** ai 7's session needs a browser's WebSocket and an AudioContext: `ws`'s, and one that plays nothing. */
function withBrowserGlobals() {
  const globals = globalThis as Record<string, unknown>;
  const saved = { WebSocket: globals.WebSocket, AudioContext: globals.AudioContext };
  globals.WebSocket = WebSocket;
  globals.AudioContext = class {
    state = 'suspended';
    currentTime = 0;
    onstatechange: unknown = null;
    resume = async () => {};
    close = async () => {};
  };
  return () => Object.assign(globals, saved);
}

async function runAi7Session(model: RealtimeModelV4, api: ConstructorParameters<typeof NodeRealtimeSession>[0]['api'], text: string) {
  const restore = withBrowserGlobals();
  const errors: string[] = [];
  const session = new NodeRealtimeSession({
    model,
    api,
    sessionConfig: { instructions: 'Answer in one word.', outputModalities: ['text'] },
    onError: (error) => void errors.push(error.message),
  });
  try {
    await session.connect({ capture: false });
    await until(() => session.current.status === 'connected' || errors.length > 0, 'connected');
    expect(errors).toEqual([]);
    session.sendTextMessage(text);
    await until(() => session.current.messages.some((message) => message.role === 'assistant' && message.parts.some((part) => 'text' in part && part.text === reply(text))), 'the reply');
    return session.current.messages.map((message) => ({ role: message.role, text: message.parts.map((part) => ('text' in part ? part.text : '')).join('') }));
  } finally {
    session.disconnect();
    restore();
  }
}

describe.each(['ours', 'reference'] as const)('an ai 7 realtime session with %s client', (name: ClientName) => {
  it('connects with a client secret from getToken (subprotocol auth) and gets the reply', async () => {
    const model = clients[name]('').experimental_realtime(MODEL);
    const messages = await runAi7Session(model, { token: `${tokenURL}?client=${name}` }, 'Say hi');
    expect(messages).toEqual([
      { role: 'user', text: 'Say hi' },
      { role: 'assistant', text: reply('Say hi') },
    ]);
    await until(() => upstream.sockets[0]?.closed !== undefined, 'the upstream close');
    const record = await recordOf((entry) => entry.kind === 'realtime' && entry.inputTokens === 6);
    expect(record).toMatchObject({ keyName: 'app', provider: 'openai', outputTokens: reply('Say hi').length });
  });

  it('connects through a relay URL with the gateway key as the auth subprotocol', async () => {
    const model = clients[name]().experimental_realtime(MODEL);
    const messages = await runAi7Session(model, { websocket: socketURL(MODEL), protocols: getGatewayRealtimeProtocols(KEY) }, 'Relay me');
    expect(messages.at(-1)).toEqual({ role: 'assistant', text: reply('Relay me') });
  });
});

describe('client secrets', () => {
  const mint = (body: unknown, apiKey = KEY) =>
    fetch(`${origin}/v1/realtime/client-secrets`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('getToken gets a vcst_ token that never holds a key, for 60 s by default and at most 300 s', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await clients.ours().experimental_realtime.getToken({ model: MODEL });
    expect(token.token).toMatch(/^vcst_[A-Za-z0-9_-]{43}$/);
    expect(token.token).not.toContain(KEY);
    expect(token.url).toBe(socketURL(MODEL));
    expect(token.expiresAt! - before).toBeGreaterThanOrEqual(60);
    expect(token.expiresAt! - before).toBeLessThanOrEqual(61);
    const long = await clients.reference().experimental_realtime.getToken({ model: MODEL, expiresAfterSeconds: 3_600 });
    expect(long.expiresAt! - before).toBeLessThanOrEqual(301);
    expect(long.expiresAt! - before).toBeGreaterThanOrEqual(300);
  });

  it('refuses a caller without a key, a client secret as the minting credential, unknown models and streamed kinds', async () => {
    const { token } = await clients.ours().experimental_realtime.getToken({ model: MODEL });
    expect((await mint({ model: MODEL }, 'not-a-key-000000000')).status).toBe(401);
    expect((await mint({ model: MODEL }, token)).status).toBe(401);
    const unknown = await mint({ model: 'openai/nope' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { type: string } }).error.type).toBe('model_not_found');
    expect((await mint({ model: 'openai/gpt-5.4' })).status).toBe(400);
    // A realtime model opens no streamed speech.
    const speech = await mint({ model: MODEL, routeKind: 'speech' });
    expect(speech.status).toBe(400);
    const invalid = await mint({ model: MODEL, expiresIn: -1 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { param: string } }).error.param).toBe('expiresIn');
  });

  it('a client secret is no API key for HTTP calls', async () => {
    const { token } = await clients.ours().experimental_realtime.getToken({ model: MODEL });
    const response = await fetch(`${baseURL}/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  it('an expired secret, one for another model, a forged one and one from another gateway are refused with 401', async () => {
    const subprotocols = (token: string) => ({ protocols: getGatewayRealtimeProtocols(token) });
    const { token: otherModel } = await clients.ours().experimental_realtime.getToken({ model: FAILOVER_MODEL });
    const wrongModel = await refusal(socketURL(MODEL), subprotocols(otherModel));
    expect(wrongModel.status).toBe(401);
    expect(wrongModel.body.error).toMatchObject({ type: 'authentication_error', message: expect.stringContaining('another model') });

    const { token } = await clients.ours().experimental_realtime.getToken({ model: MODEL });
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await refusal(socketURL(MODEL), subprotocols(forged))).status).toBe(401);

    // The same key names, other keys: its secrets are foreign here.
    const other = createGatewayServer({ providers: { openai: upstreamOpenAI() }, models: { [MODEL]: { type: 'realtime', providers: [{ provider: 'openai', model: 'gpt-realtime' }] } }, keys: [{ name: 'app', key: 'another-gateway-key-0123456789' }] });
    const minted = await other.fetch(new Request('http://other/v1/realtime/client-secrets', { method: 'POST', headers: { authorization: 'Bearer another-gateway-key-0123456789' }, body: JSON.stringify({ model: MODEL }) }));
    const foreign = ((await minted.json()) as { token: string }).token;
    const foreignRefusal = await refusal(socketURL(MODEL), subprotocols(foreign));
    expect(foreignRefusal.status).toBe(401);
    expect(JSON.stringify(foreignRefusal.body)).not.toContain(foreign);
    await other.close();

    const { token: shortLived } = await clients.ours().experimental_realtime.getToken({ model: MODEL, expiresAfterSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const expired = await refusal(socketURL(MODEL), subprotocols(shortLived));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
    expect(upstream.sockets).toEqual([]);
  });
});

describe('refused upgrades', () => {
  it('a bad key, by header or subprotocol, is refused with 401 and the protocol body, never echoing the key', async () => {
    const byHeader = await refusal(socketURL(MODEL), { headers: { authorization: 'Bearer wrong-key-0123456789-secret' } });
    expect(byHeader.status).toBe(401);
    expect(byHeader.body.error.type).toBe('authentication_error');
    expect(JSON.stringify(byHeader.body)).not.toContain('wrong-key-0123456789-secret');
    const bySubprotocol = await refusal(socketURL(MODEL), { protocols: getGatewayRealtimeProtocols('wrong-key-0123456789-secret') });
    expect(bySubprotocol.status).toBe(401);
    expect(JSON.stringify(bySubprotocol.body)).not.toContain('wrong-key-0123456789-secret');
    expect((await refusal(socketURL(MODEL))).status).toBe(401);
    expect(upstream.sockets).toEqual([]);
  });

  it('an unknown model is 404 model_not_found, a model whose providers have no realtime models a 400 naming it', async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const unknown = await refusal(socketURL('openai/gpt-nope'), { headers });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: 'model_not_found', param: { modelId: 'openai/gpt-nope' } });
    const noRealtime = await refusal(socketURL('acme/voice-without-realtime'), { headers });
    expect(noRealtime.status).toBe(400);
    expect(noRealtime.body.error.message).toMatch(/'acme\/voice-without-realtime'.*offer no realtime models/);
    const language = await refusal(socketURL('openai/gpt-5.4'), { headers });
    expect(language.status).toBe(400);
    expect(language.body.error.message).toMatch(/language model/);
  });

  it('other WebSocket paths are 404, and so is an upgrade handed to fetch', async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const other = await refusal(`${baseURL.replace(/^http/, 'ws')}/video-model?ai-model-id=openai/sora`, { headers });
    expect(other.status).toBe(404);
    expect(other.body.error.message).toMatch(/No WebSocket endpoint.*speech-model.*transcription-model/);
    const v3 = await refusal(`${origin.replace(/^http/, 'ws')}/v3/ai/speech-model?ai-model-id=openai/tts-1`, { headers });
    expect(v3.status).toBe(404);
    const viaFetch = await gateway.fetch(new Request(socketURL(MODEL).replace(/^ws/, 'http'), { headers: { ...headers, upgrade: 'websocket' } }));
    expect(viaFetch.status).toBe(404);
    expect(((await viaFetch.json()) as { error: { message: string } }).error.message).toMatch(/upgradeWebSocket/);
  });

  it('when every provider refuses the connection, the upgrade is refused with the attempts', async () => {
    const refused = await refusal(socketURL('openai/gpt-realtime-down'), { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(500);
    expect(JSON.stringify(refused.body)).toMatch(/refusing/);
    expect(JSON.stringify(refused.body)).not.toContain(UPSTREAM_KEY);
  });
});

describe('the session', () => {
  const open = async () => {
    const model = clients.ours().experimental_realtime(MODEL);
    const { url, headers } = await model.getServerWebSocketConfig!();
    return connect(model, url, { headers });
  };

  it('fails over at connect: a provider that refuses and one that is unreachable are skipped', async () => {
    const model = clients.reference().experimental_realtime(FAILOVER_MODEL);
    const { url, headers } = await model.getServerWebSocketConfig!();
    const session = await connect(model, url, { headers });
    await session.send({ type: 'session-update', config: { outputModalities: ['text'] } });
    expect(await textRoundTrip(session, 'failover')).toBe(reply('failover'));
    expect(refusing.refused).toEqual([{ path: '/v1/realtime?model=gpt-realtime', status: 503 }]);
    session.socket.close();
    const record = await recordOf((entry) => entry.model === FAILOVER_MODEL && entry.status === 200);
    expect(record.attempts.map((attempt) => [attempt.provider, attempt.success])).toEqual([
      ['refusing', false],
      ['unreachable', false],
      ['openai', true],
    ]);
  });

  it("a client's close closes the upstream with its code, after the events it sent before", async () => {
    const session = await open();
    await session.send({ type: 'session-update', config: { instructions: 'last words' } });
    session.socket.close(4001, 'done here');
    const [upstreamSocket] = upstream.sockets;
    expect(await upstreamSocket!.whenClosed).toEqual({ code: 4001, reason: 'done here' });
    expect(upstreamSocket!.frames.map((frame) => frame.type)).toEqual(['session.update']);
  });

  it("the upstream's close closes the client with its code, after every frame it sent before", async () => {
    const session = await open();
    await until(() => upstream.sockets.length === 1, 'the upstream socket');
    const [upstreamSocket] = upstream.sockets;
    for (let index = 0; index < 50; index++) upstreamSocket!.socket.send(JSON.stringify({ type: 'response.output_text.delta', response_id: 'r', item_id: 'i', delta: `${index},` }));
    upstreamSocket!.socket.close(1000, 'session over');
    expect(await session.closed).toEqual({ code: 1000, reason: 'session over' });
    const deltas = session.events.filter((event) => event.type === 'text-delta').map((event) => (event as { delta: string }).delta);
    expect(deltas.join('')).toBe(Array.from({ length: 50 }, (_, index) => `${index},`).join(''));
  });

  it('an upstream that speaks and closes before the client is even open still reaches it whole, then closes it', async () => {
    const model = clients.ours().experimental_realtime('openai/gpt-realtime-brief');
    const { url, headers } = await model.getServerWebSocketConfig!();
    const socket = new WebSocket(url, { headers });
    const frames: string[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8')).type === 'text-delta' ? JSON.parse(data.toString('utf8')).delta : JSON.parse(data.toString('utf8')).type));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    expect(frames).toEqual(['session-created', 'one ', 'two ', 'three']);
    expect(closed).toEqual({ code: 1000, reason: 'brief' });
  });

  it("takes an adapter's socket that is still opening (Deno, Workers): upstream frames and the close wait for it, in order", async () => {
    const answer = await gateway.upgradeWebSocket(new Request(socketURL('openai/gpt-realtime-brief').replace(/^ws/, 'http'), { headers: { authorization: `Bearer ${KEY}`, upgrade: 'websocket' } }));
    if (!('accept' in answer)) throw new Error(`refused: ${answer.status}`);
    expect(answer.protocol).toBeUndefined();
    const client = new AdapterSocket();
    answer.accept(client);
    await until(() => upstream.sockets[0]?.closed !== undefined, 'the upstream to close');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.sent).toEqual([]);
    expect(client.closedWith).toBeUndefined();
    client.open();
    await until(() => client.closedWith !== undefined, 'the client to be closed');
    expect(client.sent.map((frame) => JSON.parse(frame) as { type: string; delta?: string }).map((event) => event.delta ?? event.type)).toEqual(['session-created', 'one ', 'two ', 'three']);
    expect(client.closedWith).toEqual({ code: 1000, reason: 'brief' });
  });

  it("relays an adapter socket's events upstream and its close", async () => {
    const answer = await gateway.upgradeWebSocket(
      new Request(socketURL(MODEL).replace(/^ws/, 'http'), { headers: { upgrade: 'websocket', 'sec-websocket-protocol': getGatewayRealtimeProtocols(KEY).join(', ') } }),
    );
    if (!('accept' in answer)) throw new Error(`refused: ${answer.status}`);
    expect(answer.protocol).toBe('ai-gateway-realtime.v1');
    const client = new AdapterSocket();
    answer.accept(client);
    client.open();
    client.receive(JSON.stringify({ type: 'session-update', config: { instructions: 'via adapter' } }));
    client.remoteClose(1000, '');
    const [upstreamSocket] = upstream.sockets;
    expect(await upstreamSocket!.whenClosed).toEqual({ code: 1000, reason: '' });
    expect(upstreamSocket!.frames).toEqual([{ type: 'session.update', session: { type: 'realtime', model: 'gpt-realtime', instructions: 'via adapter' } }]);
  });

  it('an upstream that drops the connection closes the client with 1011', async () => {
    const session = await open();
    await until(() => upstream.sockets.length === 1, 'the upstream socket');
    upstream.sockets[0]!.socket.terminate();
    expect((await session.closed).code).toBe(1011);
  });

  it('an event the upstream model cannot send, or a frame that is not an event, is answered with an error event and the session goes on', async () => {
    const session = await open();
    session.socket.send('not json');
    await session.waitFor('error');
    expect(session.events.find((event) => event.type === 'error')).toMatchObject({ code: 'invalid_request_error' });
    await session.send({ type: 'session-update', config: { outputModalities: ['text'] } });
    expect(await textRoundTrip(session, 'still here')).toBe(reply('still here'));
    session.socket.close();
  });

  it("an upstream error event quoting the provider's key reaches the client scrubbed", async () => {
    const session = await open();
    await session.send({ type: 'conversation-item-create', item: { type: 'text-message', role: 'user', text: 'leak the key' } });
    await session.send({ type: 'response-create' });
    const error = await session.waitFor('error');
    expect(JSON.stringify(error)).not.toContain(UPSTREAM_KEY);
    expect((error as { message: string }).message).toContain('[REDACTED]');
    session.socket.close();
  });

  it('counts against the key: its concurrency slot is held while the session is open, and its spend ends its budget', async () => {
    const model = clients.ours(LIMITED_KEY).experimental_realtime(MODEL);
    const { url, headers } = await model.getServerWebSocketConfig!();
    const first = await connect(model, url, { headers });
    const second = await refusal(url, { headers });
    expect(second.status).toBe(429);
    first.socket.close();
    await first.closed;
    // The slot is released when the session's record is written.
    await recordOf((entry) => entry.keyName === 'limited' && entry.status === 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await connect(model, url, { headers });
    third.socket.close();

    const budgeted = clients.ours(BUDGET_KEY).experimental_realtime(MODEL);
    const config = await budgeted.getServerWebSocketConfig!();
    const spender = await connect(budgeted, config.url, { headers: config.headers });
    await spender.send({ type: 'session-update', config: { outputModalities: ['text'] } });
    await textRoundTrip(spender, 'spend it');
    spender.socket.close();
    await recordOf((entry) => entry.keyName === 'budgeted' && entry.status === 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const over = await refusal(config.url, { headers: config.headers });
    expect(over.status).toBe(402);
    expect(over.body.error.type).toBe('quota_for_entity_exceeded');
  });
});
