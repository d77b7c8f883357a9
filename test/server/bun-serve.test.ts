/**
 * bunServeOptions' event plumbing against a hand-written fake of Bun's server and ServerWebSocket
 * (the real thing runs in test/cli/readme-self-host.test.ts: bun-realtime-server.mjs on Bun).
 */
import { describe, expect, it, vi } from 'vitest';
import { bunServeOptions, type BunServeOptions, type BunServer, type BunServerWebSocket, type RelaySocket, type WebSocketAcceptance } from '../../src/server';

/** What fetch passes to `server.upgrade` as `data`, and Bun hands back on its socket. */
type RelayData = Parameters<BunServeOptions['websocket']['open']>[0]['data'];

/** A Bun server that records its upgrades; `accepts: false` is a request Bun will not upgrade. */
function fakeBunServer(accepts = true) {
  const upgrades: Array<{ data: unknown; headers: Record<string, string> | undefined }> = [];
  const server: BunServer = {
    upgrade(_request, options) {
      upgrades.push({ data: options?.data, headers: options?.headers });
      return accepts;
    },
  };
  return { server, upgrades };
}

/** Bun's socket for an upgrade: `data` is what fetch passed to `server.upgrade`. */
function fakeServerWebSocket<Data>(data: Data) {
  const sent: unknown[] = [];
  const closes: Array<{ code?: number; reason?: string }> = [];
  const socket: BunServerWebSocket<Data> = {
    data,
    readyState: 1,
    send: (message) => sent.push(message),
    close: (code, reason) => void closes.push({ code, reason }),
  };
  return { socket, sent, closes };
}

/** A gateway whose every upgrade is accepted (selecting `protocol`), keeping the socket it is given. */
function acceptingGateway(protocol?: string) {
  const accepted: RelaySocket[] = [];
  const reject = vi.fn();
  const gateway = {
    fetch: vi.fn(async () => new Response('catalog')),
    upgradeWebSocket: vi.fn(async (): Promise<Response | WebSocketAcceptance> => ({ protocol, accept: (socket) => void accepted.push(socket), reject })),
  };
  return { gateway, accepted, reject };
}

const upgradeRequest = () => new Request('http://localhost/v4/ai/realtime-model?ai-model-id=openai%2Fgpt-realtime-2', { headers: { upgrade: 'websocket' } });

describe('bunServeOptions', () => {
  it('answers HTTP requests with the gateway fetch', async () => {
    const { gateway } = acceptingGateway();
    const { server, upgrades } = fakeBunServer();
    const response = await bunServeOptions(gateway).fetch(new Request('http://localhost/v1/ai/config'), server);
    expect(await response?.text()).toBe('catalog');
    expect(upgrades).toEqual([]);
  });

  it('sends a refusal as the gateway answered it, without upgrading', async () => {
    const { gateway } = acceptingGateway();
    gateway.upgradeWebSocket.mockResolvedValueOnce(new Response('{"error":{"type":"authentication_error"}}', { status: 401 }));
    const { server, upgrades } = fakeBunServer();
    const response = await bunServeOptions(gateway).fetch(upgradeRequest(), server);
    expect(response?.status).toBe(401);
    expect(upgrades).toEqual([]);
  });

  it('upgrades selecting the subprotocol, and relays frames both ways once the socket opens', async () => {
    const { gateway, accepted } = acceptingGateway('realtime');
    const { server, upgrades } = fakeBunServer();
    const options = bunServeOptions(gateway);
    expect(await options.fetch(upgradeRequest(), server)).toBeUndefined();
    expect(upgrades[0]!.headers).toEqual({ 'Sec-WebSocket-Protocol': 'realtime' });
    const relay = accepted[0]!;
    expect(relay).toBe(upgrades[0]!.data);
    expect(relay.readyState).toBe(0);

    const events: unknown[] = [];
    relay.addEventListener('open', () => events.push('open'));
    relay.addEventListener('message', ({ data }) => events.push(data));
    relay.addEventListener('close', (event) => events.push(event));
    const bun = fakeServerWebSocket(upgrades[0]!.data as RelayData);
    options.websocket.open(bun.socket);
    expect(relay.readyState).toBe(1);
    options.websocket.message(bun.socket, '{"type":"session.update"}');
    options.websocket.message(bun.socket, new Uint8Array([1, 2, 3]));
    relay.send('{"type":"session.updated"}');
    options.websocket.close(bun.socket, 1000, 'bye');

    expect(events).toEqual(['open', '{"type":"session.update"}', new Uint8Array([1, 2, 3]), { code: 1000, reason: 'bye' }]);
    expect(bun.sent).toEqual(['{"type":"session.updated"}']);
    expect(relay.readyState).toBe(3);
  });

  it('hands the session a socket Bun opened inside upgrade, and delivers its frames', async () => {
    const { gateway, accepted } = acceptingGateway();
    const options = bunServeOptions(gateway);
    let bun: ReturnType<typeof fakeServerWebSocket<RelayData>> | undefined;
    // As real Bun does: the open handler runs before upgrade returns.
    const server: BunServer = {
      upgrade(_request, upgradeOptions) {
        bun = fakeServerWebSocket(upgradeOptions?.data as RelayData);
        options.websocket.open(bun.socket);
        return true;
      },
    };
    await options.fetch(upgradeRequest(), server);
    const relay = accepted[0]!;
    expect(relay.readyState).toBe(1);
    const received: unknown[] = [];
    relay.addEventListener('message', ({ data }) => received.push(data));
    options.websocket.message(bun!.socket, 'hi');
    expect(received).toEqual(['hi']);
  });

  it('leaves the subprotocol header out when the client offered none', async () => {
    const { gateway } = acceptingGateway(undefined);
    const { server, upgrades } = fakeBunServer();
    await bunServeOptions(gateway).fetch(upgradeRequest(), server);
    expect(upgrades[0]!.headers).toBeUndefined();
  });

  it('closes a socket the session closed before it opened, once it opens', async () => {
    const { gateway, accepted } = acceptingGateway();
    const { server, upgrades } = fakeBunServer();
    const options = bunServeOptions(gateway);
    await options.fetch(upgradeRequest(), server);
    const relay = accepted[0]!;
    const opened = vi.fn();
    relay.addEventListener('open', opened);
    relay.close(1008, 'policy');
    expect(() => relay.send('late')).toThrow();
    const bun = fakeServerWebSocket(upgrades[0]!.data as RelayData);
    options.websocket.open(bun.socket);
    expect(bun.closes).toEqual([{ code: 1008, reason: 'policy' }]);
    expect(opened).not.toHaveBeenCalled();
  });

  it("gives the session up and answers 400 with the protocol's error body when Bun will not upgrade", async () => {
    const { gateway, accepted, reject } = acceptingGateway();
    const { server } = fakeBunServer(false);
    const response = await bunServeOptions(gateway).fetch(upgradeRequest(), server);
    expect(response?.status).toBe(400);
    expect(await response?.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('WebSocket') } });
    expect(reject).toHaveBeenCalledOnce();
    expect(accepted).toEqual([]);
  });
});
