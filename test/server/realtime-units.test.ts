/** The pure pieces of realtime sessions: handshake parsing, gateway options, usage, close codes. */
import { describe, expect, it } from 'vitest';
import { hashApiKeys } from '../../src/server/api-keys';
import { mintClientSecret } from '../../src/server/client-secrets';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { realtimeUsageAsTokens, withoutGatewayOptions } from '../../src/server/realtime-relay';
import { handshakeRefusal } from '../../src/server/realtime-route';
import { offeredProtocols, upgradeApiKey } from '../../src/server/websocket-upgrade';
import { judgeFailure } from '../../src/server/route-execution';
import { closeReason, relayedCloseCode } from '../../src/server/server-websocket';
import { getGatewayRealtimeProtocols } from '../../src/v4';

const keys = hashApiKeys([{ name: 'app', key: 'app-key-0123456789abcdef' }]);
const MODEL = 'openai/gpt-realtime-2';
const NOW = 1_900_000_000;
const upgrade = (headers: Record<string, string>) => new Request('http://gateway/v4/ai/realtime-model', { headers });
const counters = new MemoryCounterStore();
const realtimeApiKey = (request: Request, store: MemoryCounterStore, known: typeof keys, model: string, now: number) => upgradeApiKey(request, store, known, model, 'realtime', now);
const status = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return (error as { status?: number; message: string }).status;
  }
  return 'accepted';
};

describe('the realtime handshake', () => {
  it('reads offered subprotocols as the header lists them', () => {
    expect(offeredProtocols(null)).toEqual([]);
    expect(offeredProtocols(' ai-gateway-realtime.v1 ,ai-gateway-auth.t,, ')).toEqual(['ai-gateway-realtime.v1', 'ai-gateway-auth.t']);
  });

  it('authenticates with a header key, a subprotocol key or a client secret for the model', async () => {
    const secret = await mintClientSecret(counters, keys[0]!, MODEL, NOW + 60);
    const byHeader = await realtimeApiKey(upgrade({ authorization: 'Bearer app-key-0123456789abcdef' }), counters, keys, MODEL, NOW);
    const bySubprotocol = await realtimeApiKey(upgrade({ 'sec-websocket-protocol': getGatewayRealtimeProtocols('app-key-0123456789abcdef').join(', ') }), counters, keys, MODEL, NOW);
    const bySecret = await realtimeApiKey(upgrade({ 'sec-websocket-protocol': getGatewayRealtimeProtocols(secret, { teamIdOrSlug: 'team' }).join(',') }), counters, keys, MODEL, NOW);
    expect([byHeader.name, bySubprotocol.name, bySecret.name]).toEqual(['app', 'app', 'app']);
  });

  it('refuses with 401 a missing or unknown token and a secret for another model or past its expiry', async () => {
    const secret = await mintClientSecret(counters, keys[0]!, MODEL, NOW + 60);
    const withSecret = upgrade({ 'sec-websocket-protocol': getGatewayRealtimeProtocols(secret).join(',') });
    expect(await status(() => realtimeApiKey(upgrade({}), counters, keys, MODEL, NOW))).toBe(401);
    expect(await status(() => realtimeApiKey(upgrade({ authorization: 'Bearer nope-0123456789abcdef' }), counters, keys, MODEL, NOW))).toBe(401);
    expect(await status(() => realtimeApiKey(withSecret, counters, keys, 'openai/other', NOW))).toBe(401);
    expect(await status(() => realtimeApiKey(withSecret, counters, keys, MODEL, NOW + 60))).toBe(401);
    expect(await status(() => realtimeApiKey(withSecret, counters, keys, MODEL, NOW + 59))).toBe('accepted');
  });
});

describe('handshakeRefusal', () => {
  const url = 'wss://api.example.com/v1/realtime?model=m';
  it('judges a refused handshake by its status, as an HTTP call: 401 moves on without blaming the provider, 503 blames it', () => {
    expect(judgeFailure(handshakeRefusal(new Error('Unexpected server response: 401'), url))).toMatchObject({ nextProvider: true, providerFault: false, statusCode: 401 });
    expect(judgeFailure(handshakeRefusal(new Error('Unexpected server response: 503'), url))).toMatchObject({ nextProvider: true, providerFault: true, statusCode: 503 });
    const refused = new Error('the WebSocket connection failed: connect ECONNREFUSED');
    expect(handshakeRefusal(refused, url)).toBe(refused);
  });
});

describe('withoutGatewayOptions', () => {
  it("takes out only the gateway's options, from session configs and context appends, without touching the event", () => {
    const event = { type: 'session-update', config: { instructions: 'hi', providerOptions: { gateway: { user: 'u' }, openai: { a: 1 } } } };
    const frozen = JSON.stringify(event);
    expect(withoutGatewayOptions(event)).toEqual({ type: 'session-update', config: { instructions: 'hi', providerOptions: { openai: { a: 1 } } } });
    expect(JSON.stringify(event)).toBe(frozen);
    expect(withoutGatewayOptions({ type: 'session-start', config: { providerOptions: { gateway: {} } } })).toEqual({ type: 'session-start', config: {} });
    expect(withoutGatewayOptions({ type: 'context-append', content: 'c', delegationId: null, providerOptions: { gateway: { tags: ['x'] } } })).toEqual({ type: 'context-append', content: 'c', delegationId: null });
    const untouched = { type: 'response-create', options: { metadata: { gateway: 'kept: not provider options' } } };
    expect(withoutGatewayOptions(untouched)).toBe(untouched);
  });
});

describe('realtimeUsageAsTokens', () => {
  it('counts gross input with its cached part, and output', () => {
    expect(realtimeUsageAsTokens({ inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, outputTextTokens: 5 })).toEqual({
      inputTokens: { total: 100, noCache: 60, cacheRead: 40, cacheWrite: undefined },
      outputTokens: { total: 20, text: 5, reasoning: undefined },
    });
    expect(realtimeUsageAsTokens({ seconds: 3 }).inputTokens.total).toBeUndefined();
  });
});

describe('close codes and reasons', () => {
  it('passes on what can be sent, an orderly close without status as 1000, and a drop as the given code', () => {
    expect([1000, 1001, 1011, 3000, 4001, 4999].map((code) => relayedCloseCode(code, 1011))).toEqual([1000, 1001, 1011, 3000, 4001, 4999]);
    expect(relayedCloseCode(1005, 1011)).toBe(1000);
    expect([1004, 1006, 1015, 999, 2000, 5000].map((code) => relayedCloseCode(code, 1001))).toEqual([1001, 1001, 1001, 1001, 1001, 1001]);
  });

  it('keeps reasons within 123 bytes, whole characters only', () => {
    expect(closeReason('short')).toBe('short');
    const long = closeReason('é'.repeat(100));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(123);
    expect(long).not.toContain('\uFFFD');
  });
});
