/**
 * Realtime models, client secrets and the WebSocket subprotocol helpers, compared with
 * @ai-sdk/gateway 4: the mint request on the wire (real HTTP to a local stand-in), the
 * connection settings a realtime session uses, and a server-owned connection over a real
 * socket. (A browser session through ai 7: test/e2e/websocket-browser.e2e.test.ts.)
 */
import { inspect } from 'node:util';
import * as reference4 from 'gateway-v4';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as modelgate from '../src/v4';
import { createGateway, GatewayAuthenticationError, GatewayRateLimitError } from '../src/v4';
import { useWsGateway, type WsGateway } from './support/ws-gateway';

const API_KEY = 'mg_test-key-realtime-31';
const MODEL = 'openai/gpt-realtime-2';

let gw: WsGateway;
useWsGateway((started) => (gw = started));

const ours = (settings: Parameters<typeof createGateway>[0] = {}) =>
  createGateway({ baseURL: gw.baseURL, apiKey: API_KEY, ...settings });
const reference = (settings: Parameters<typeof reference4.createGateway>[0] = {}) =>
  reference4.createGateway({ baseURL: gw.baseURL, apiKey: API_KEY, ...settings });

function httpWire() {
  return gw.httpRequests.splice(0).map(({ headers: { 'user-agent': _agent, ...headers }, ...request }) => ({ ...request, headers }));
}

describe('getToken: the same mint request and result as @ai-sdk/gateway 4', () => {
  const calls = [
    ['experimental_realtime', { model: MODEL, expiresAfterSeconds: 120 }],
    ['experimental_realtime', { model: MODEL }],
    ['experimental_speech', { model: 'openai/gpt-4o-mini-tts', expiresAfterSeconds: 30 }],
    ['experimental_transcription', { model: 'openai/gpt-realtime-whisper' }],
  ] as const;

  it.each(calls)('%s.getToken(%j)', async (member, options) => {
    const oursToken = await ours({ teamIdOrSlug: 'my-team' })[member].getToken(options);
    const oursWire = httpWire();
    const theirsToken = await reference({ teamIdOrSlug: 'my-team' })[member].getToken(options);
    const theirsWire = httpWire();

    expect(oursWire).toEqual(theirsWire);
    expect(oursWire).toEqual([
      {
        method: 'POST',
        // On the origin, not under /v4/ai.
        path: '/v1/realtime/client-secrets',
        headers: expect.objectContaining({ authorization: `Bearer ${API_KEY}`, 'x-vercel-ai-gateway-team': 'my-team' }),
        body: {
          model: options.model,
          ...(member === 'experimental_speech' && { routeKind: 'speech' }),
          ...(member === 'experimental_transcription' && { routeKind: 'transcription' }),
          ...('expiresAfterSeconds' in options && { expiresIn: options.expiresAfterSeconds }),
        },
      },
    ]);
    expect(oursToken).toEqual(theirsToken);
    const endpoint = { experimental_realtime: 'realtime', experimental_speech: 'speech', experimental_transcription: 'transcription' }[member];
    expect(oursToken).toEqual({
      token: 'vcst_minted-client-secret',
      expiresAt: 1_900_000_000,
      url: `ws://127.0.0.1:${new URL(gw.origin).port}/v4/ai/${endpoint}-model?ai-model-id=${encodeURIComponent(options.model)}`,
    });
  });

  it('a null expiresAt is left out, as the reference does', async () => {
    gw.answerClientSecret(200, { token: 'vcst_x1', expiresAt: null });
    const oursToken = await ours().experimental_realtime.getToken({ model: MODEL });
    const theirsToken = await reference().experimental_realtime.getToken({ model: MODEL });
    expect(oursToken).toEqual(theirsToken);
    expect(oursToken).not.toHaveProperty('expiresAt');
  });

  it('a failed mint is a typed gateway error, with the credential scrubbed', async () => {
    gw.answerClientSecret(401, { error: { type: 'authentication_error', message: `Invalid API key ${API_KEY}` } });
    const oursError = await ours().experimental_realtime.getToken({ model: MODEL }).catch((error: unknown) => error);
    const theirsError = await reference().experimental_realtime.getToken({ model: MODEL }).catch((error: unknown) => error);
    expect(GatewayAuthenticationError.isInstance(oursError)).toBe(true);
    expect((oursError as { statusCode: number }).statusCode).toBe(401);
    expect((theirsError as Error).name).toBe('GatewayAuthenticationError');
    expect(inspect(oursError, { depth: 8 }) + JSON.stringify(oursError)).not.toContain(API_KEY);

    gw.answerClientSecret(429, { error: { type: 'rate_limit_exceeded', message: 'Too many mints' } });
    const limited = await ours().experimental_speech.getToken({ model: 'openai/tts-1' }).catch((error: unknown) => error);
    expect(GatewayRateLimitError.isInstance(limited)).toBe(true);
  });

  it('an answer without a token string is a response error', async () => {
    gw.answerClientSecret(200, { secret: 'vcst_wrong-field' });
    await expect(ours().experimental_realtime.getToken({ model: MODEL })).rejects.toThrow(/without a `token` string/);
  });

  it('refuses to mint in a browser (where `window` exists), before sending anything', async () => {
    const global = globalThis as { window?: unknown };
    global.window = {};
    try {
      await expect(ours().experimental_realtime.getToken({ model: MODEL })).rejects.toThrow(/must be minted on a server/);
      await expect(ours().experimental_transcription.getToken({ model: MODEL })).rejects.toThrow(/must be minted on a server/);
    } finally {
      delete global.window;
    }
    expect(gw.httpRequests).toEqual([]);
  });

  it('rejects a bad expiresAfterSeconds or model id before sending anything', async () => {
    await expect(ours().experimental_realtime.getToken({ model: MODEL, expiresAfterSeconds: -5 })).rejects.toThrow(
      /Invalid expiresAfterSeconds -5: expected a number of seconds > 0/,
    );
    await expect(ours().experimental_speech.getToken({ model: ' ' })).rejects.toThrow(/Invalid model id/);
    expect(gw.httpRequests).toEqual([]);
  });
});

describe('the realtime model, as @ai-sdk/gateway 4 has it', () => {
  const oursModel = () => ours({ teamIdOrSlug: 'team_ä' }).experimental_realtime(MODEL);
  const theirsModel = () => reference({ teamIdOrSlug: 'team_ä' }).experimental_realtime(MODEL);

  it('declares the same identity and capabilities', () => {
    const pick = ({ specificationVersion, provider, modelId, capabilities }: ReturnType<typeof oursModel> | ReturnType<typeof theirsModel>) =>
      ({ specificationVersion, provider, modelId, capabilities });
    expect(pick(oursModel())).toEqual(pick(theirsModel()));
    expect(oursModel().provider).toBe('gateway.realtime');
  });

  it('gives a browser the same WebSocket URL and subprotocols for a client secret', () => {
    const options = { token: 'vcst_abc', url: 'wss://gateway.test/v4/ai/realtime-model?ai-model-id=x' };
    expect(oursModel().getWebSocketConfig(options)).toEqual(theirsModel().getWebSocketConfig!(options));
    expect(oursModel().getWebSocketConfig(options).protocols).toEqual([
      'ai-gateway-realtime.v1',
      'ai-gateway-auth.vcst_abc',
      `ai-gateway-team.${Buffer.from('team_ä').toString('base64url')}`,
    ]);
  });

  it('gives a trusted server the same URL and headers', async () => {
    const strip = ({ url, headers: { 'user-agent': _agent, ...headers } }: { url: string; headers: Record<string, string> }) => ({ url, headers });
    const oursConfig = await oursModel().getServerWebSocketConfig();
    const theirsConfig = await theirsModel().getServerWebSocketConfig!();
    expect(strip(oursConfig)).toEqual(strip(theirsConfig));
    expect(oursConfig.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(oursConfig.headers['user-agent']).toMatch(/modelgate\//);
    await expect(oursModel().getServerWebSocketConfig({ intent: 'transcription' })).rejects.toThrow(/conversations only/);
    await expect(theirsModel().getServerWebSocketConfig!({ intent: 'transcription' })).rejects.toThrow();
  });

  it('passes events and the session config through unchanged', () => {
    const model = oursModel();
    const event = { type: 'session-update' as const, config: { instructions: 'Hi', voice: 'alloy' } };
    expect(model.serializeClientEvent(event)).toBe(event);
    expect(model.buildSessionConfig(event.config)).toBe(event.config);
    const serverEvent = { type: 'text-delta', responseId: 'r', itemId: 'i', delta: 'x', raw: {} };
    expect(model.parseServerEvent(serverEvent)).toBe(serverEvent);
    expect(theirsModel().parseServerEvent(serverEvent)).toBe(serverEvent);
    // Not an event at all: kept, as a `custom` event, rather than passed on as something it is not.
    expect(model.parseServerEvent('garbage')).toEqual({ type: 'custom', rawType: 'string', raw: 'garbage' });
    expect(() => model.serializeClientEvent(event, { intent: 'transcription' })).toThrow(/conversations only/);
  });

  it('a server-owned connection: headers authenticate, events go through the model unchanged', async () => {
    gw.onSocket('/v4/ai/realtime-model', async (socket) => {
      const update = (await socket.textFrame('session-update')) as { config: unknown };
      socket.send({ type: 'session-updated', config: update.config, raw: { upstream: true } });
    });
    const model = oursModel();
    const { url, headers } = await model.getServerWebSocketConfig({ intent: 'conversation' });
    const socket = new WebSocket(url, { headers });
    const received = new Promise<unknown>((resolve, reject) => {
      socket.once('message', (data: Buffer) => resolve(model.parseServerEvent(JSON.parse(data.toString('utf8')))));
      socket.once('error', reject);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const config = { instructions: 'Be brief.', outputModalities: ['text' as const] };
    socket.send(JSON.stringify(model.serializeClientEvent({ type: 'session-update', config })));
    expect(await received).toEqual({ type: 'session-updated', config: { instructions: 'Be brief.', outputModalities: ['text'] }, raw: { upstream: true } });
    socket.close();
    const [record] = gw.sockets;
    expect(record!.path).toBe(`/v4/ai/realtime-model?ai-model-id=${encodeURIComponent(MODEL)}`);
    expect(record!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(record!.headers['x-vercel-ai-gateway-team']).toBe('team_ä');
  });
});

describe('WebSocket subprotocol helpers: the same values as @ai-sdk/gateway 4', () => {
  const names = [
    'GATEWAY_REALTIME_SUBPROTOCOL',
    'GATEWAY_TRANSCRIPTION_SUBPROTOCOL',
    'GATEWAY_SPEECH_SUBPROTOCOL',
    'GATEWAY_AUTH_SUBPROTOCOL_PREFIX',
    'GATEWAY_TEAM_SUBPROTOCOL_PREFIX',
  ] as const;

  it.each(names)('%s', (name) => {
    expect(modelgate[name]).toBe(reference4[name]);
  });

  const builders = ['getGatewayRealtimeProtocols', 'getGatewayTranscriptionProtocols', 'getGatewaySpeechProtocols'] as const;
  const builderInputs: Array<[string, { teamIdOrSlug?: string } | undefined]> = [
    ['vck_abc', undefined],
    ['vcst_1', { teamIdOrSlug: 'team_x' }],
    ['t', { teamIdOrSlug: 'Équipe ✓ / 東京' }],
    ['t', { teamIdOrSlug: '' }],
  ];

  it.each(builders)('%s builds the same protocols', (name) => {
    for (const [token, options] of builderInputs) expect(modelgate[name](token, options)).toEqual(reference4[name](token, options));
  });

  it('the server-side parsers read headers the same way', () => {
    const headers = [
      undefined,
      null,
      '',
      'ai-gateway-realtime.v1',
      'ai-gateway-realtime.v1, ai-gateway-auth.vck_123 , ai-gateway-team.dGVhbV94',
      'ai-gateway-auth.',
      `ai-gateway-team.${Buffer.from('Équipe ✓ / 東京').toString('base64url')},ai-gateway-auth.a`,
      'ai-gateway-team.%%%',
      'ai-gateway-team.a',
    ];
    for (const header of headers) {
      expect(modelgate.getGatewayRealtimeAuthToken(header)).toBe(reference4.getGatewayRealtimeAuthToken(header));
      expect(modelgate.getGatewayRealtimeTeamIdOrSlug(header)).toBe(reference4.getGatewayRealtimeTeamIdOrSlug(header));
    }
    expect(modelgate.getGatewayRealtimeTeamIdOrSlug(headers[6])).toBe('Équipe ✓ / 東京');
  });
});
