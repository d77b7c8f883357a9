/** The pure parts of governance, tested directly: Cache-Control parsing, cache keys, report queries, prompt-cache markers, identities, windows, config. */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { createGatewayServer, type GatewayServerConfig } from '../../src/server';
import { parseCallIdentity } from '../../src/server/governance/call-identity';
import { withAnthropicCacheMarkers } from '../../src/server/governance/prompt-caching';
import { parseReportQuery } from '../../src/server/governance/report-route';
import { decodeCached, encodeCached, parseCacheControl, responseCacheKey } from '../../src/server/governance/response-cache';
import { counterKey, dayWindow, minuteWindow, monthWindow, secondsUntil } from '../../src/server/governance/windows';
import { UsageRecorder } from '../../src/server/governance/usage-recorder';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';
import type { UsageRecord } from '../../src/storage/types';

describe('parseCacheControl', () => {
  it.each([
    [undefined, { lookup: false, freshMs: 0, staleMs: 0 }],
    ['max-age=3600', { lookup: true, freshMs: 3_600_000, staleMs: 0 }],
    ['max-age=60, s-maxage=120', { lookup: true, freshMs: 120_000, staleMs: 0 }],
    ['s-maxage=0, max-age=60', { lookup: false, freshMs: 0, staleMs: 0 }],
    ['max-age=10, stale-while-revalidate=30', { lookup: true, freshMs: 10_000, staleMs: 30_000 }],
    ['MAX-AGE="5"', { lookup: true, freshMs: 5_000, staleMs: 0 }],
    ['max-age=0', { lookup: false, freshMs: 0, staleMs: 0 }],
    ['no-store, max-age=60', { lookup: false, freshMs: 0, staleMs: 0 }],
    ['max-age=60, no-cache', { lookup: false, freshMs: 0, staleMs: 0 }],
    ['public, max-age=60, immutable', { lookup: true, freshMs: 60_000, staleMs: 0 }],
    ['stale-while-revalidate=60', { lookup: false, freshMs: 0, staleMs: 0 }],
  ])('%j', (value, expected) => {
    expect(parseCacheControl(value)).toEqual(expected);
  });

  it.each(['max-age', 'max-age=-1', 'max-age=1.5', 's-maxage=soon', 'stale-while-revalidate='])('%j → 400 naming the option', (value) => {
    expect(() => parseCacheControl(value)).toThrow(expect.objectContaining({ status: 400, param: 'providerOptions.gateway.cacheControl' }));
  });
});

describe('responseCacheKey', () => {
  type KeyFields = Parameters<typeof responseCacheKey>[0];
  const base: KeyFields = { kind: 'language', modelId: 'openai/gpt-4o-mini', streaming: false, options: { prompt: [{ role: 'user', content: 'hi' }], temperature: 0.5 }, gatewayOptions: {} };
  const key = (change: Partial<KeyFields> = {}) => responseCacheKey({ ...base, ...change });

  it('is stable across key order and ignores user, tags, cacheControl, headers and the signal', () => {
    expect(key({ options: { temperature: 0.5, prompt: [{ content: 'hi', role: 'user' }], headers: { a: 'b' }, abortSignal: new AbortController().signal } })).toBe(key());
    expect(key({ gatewayOptions: { user: 'a', tags: ['x'], cacheControl: 'max-age=1' } })).toBe(key());
    expect(key()).toMatch(/^response:[0-9a-f]{64}$/);
  });

  it('changes with the model, streaming, prompt, every parameter, tools, provider options and routing options', () => {
    const variants = [
      key({ modelId: 'openai/gpt-4.1-mini' }),
      key({ streaming: true }),
      key({ options: { ...base.options, prompt: [{ role: 'user', content: 'hello' }] } }),
      key({ options: { ...base.options, temperature: 0.6 } }),
      key({ options: { ...base.options, maxOutputTokens: 10 } }),
      key({ options: { ...base.options, tools: [{ type: 'function', name: 'f', inputSchema: {} }] } }),
      key({ options: { ...base.options, toolChoice: { type: 'required' } } }),
      key({ options: { ...base.options, providerOptions: { openai: { reasoningEffort: 'low' } } } }),
      key({ gatewayOptions: { order: ['azure'] } }),
      key({ options: { ...base.options, prompt: [{ role: 'user', content: [{ type: 'file', data: new Uint8Array([1, 2]) }] }] } }),
      key({ options: { ...base.options, prompt: [{ role: 'user', content: [{ type: 'file', data: new Uint8Array([1, 3]) }] }] } }),
    ];
    expect(new Set([key(), ...variants]).size).toBe(variants.length + 1);
  });
});

describe('encodeCached / decodeCached', () => {
  it('keeps bytes and dates', () => {
    const value = { data: new Uint8Array([0, 255, 7]), at: new Date('2026-11-21T10:00:00Z'), nested: [{ text: 'x' }] };
    const back = decodeCached<typeof value>(encodeCached(value));
    expect(back.data).toEqual(value.data);
    expect(back.at).toEqual(value.at);
    expect(back.nested).toEqual(value.nested);
  });
});

describe('parseReportQuery', () => {
  const parse = (query: string) => parseReportQuery(new URLSearchParams(query));

  it('reads every protocol parameter, with defaults', () => {
    expect(parse('start_date=2026-11-01&end_date=2026-11-21')).toEqual({ startDate: '2026-11-01', endDate: '2026-11-21', groupBy: 'day', datePart: 'day' });
    expect(
      parse('start_date=2026-11-01&end_date=2026-11-21&group_by=tag&date_part=hour&user_id=u%3A1&model=openai%2Fgpt-4o&provider=openai&credential_type=byok&tags=a, b,,c&key=ci&team=red'),
    ).toEqual({
      startDate: '2026-11-01',
      endDate: '2026-11-21',
      groupBy: 'tag',
      datePart: 'hour',
      user: 'u:1',
      model: 'openai/gpt-4o',
      provider: 'openai',
      credentialType: 'byok',
      tags: ['a', 'b', 'c'],
      keyName: 'ci',
      team: 'red',
    });
  });

  it.each([
    ['end_date=2026-11-01', 'start_date'],
    ['start_date=2026-11-01', 'end_date'],
    ['start_date=11/01/2026&end_date=2026-11-02', 'start_date'],
    ['start_date=2026-13-01&end_date=2026-11-02', 'start_date'],
    ['start_date=2026-11-03&end_date=2026-11-02', 'end_date'],
    ['start_date=2026-11-01&end_date=2026-11-02&group_by=month', 'group_by'],
    ['start_date=2026-11-01&end_date=2026-11-02&date_part=week', 'date_part'],
    ['start_date=2026-11-01&end_date=2026-11-02&credential_type=own', 'credential_type'],
  ])('%s → 400 naming %s', (query, param) => {
    expect(() => parse(query)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});

describe('withAnthropicCacheMarkers', () => {
  const ephemeral = { anthropic: { cacheControl: { type: 'ephemeral' } } };

  it('marks the last system message, never changing the caller’s objects', () => {
    const options: LanguageModelV4CallOptions = {
      prompt: [
        { role: 'system', content: 'one' },
        { role: 'system', content: 'two', providerOptions: { anthropic: { other: true } } },
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
      ],
    };
    const before = structuredClone(options);
    const marked = withAnthropicCacheMarkers(options);
    expect(options).toEqual(before);
    expect(marked.prompt[0]).toEqual(options.prompt[0]);
    expect(marked.prompt[1]!.providerOptions).toEqual({ anthropic: { other: true, cacheControl: { type: 'ephemeral' } } });
    expect(marked.prompt[2]).toBe(options.prompt[2]);
  });

  it('without a system message, marks the last part of the conversation', () => {
    const options: LanguageModelV4CallOptions = {
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
      ],
    };
    const marked = withAnthropicCacheMarkers(options);
    expect(marked.prompt[0]!.content).toEqual([{ type: 'text', text: 'a' }, { type: 'text', text: 'b', providerOptions: ephemeral }]);
    expect((options.prompt[0]!.content as Array<{ providerOptions?: unknown }>)[1]!.providerOptions).toBeUndefined();
  });

  it('leaves prompts that already carry a marker alone', () => {
    const options: LanguageModelV4CallOptions = {
      prompt: [
        { role: 'system', content: 's' },
        { role: 'user', content: [{ type: 'text', text: 'a', providerOptions: ephemeral }] },
      ],
    };
    expect(withAnthropicCacheMarkers(options)).toBe(options);
  });
});

describe('parseCallIdentity', () => {
  it('keeps distinct tags and the key’s team', () => {
    expect(parseCallIdentity({ user: 'u', tags: ['a', 'b', 'a'] }, 'k', 'red')).toEqual({ keyName: 'k', team: 'red', user: 'u', tags: ['a', 'b'] });
    expect(parseCallIdentity({}, 'k', undefined)).toEqual({ keyName: 'k', tags: [] });
  });

  it('rejects bad values naming the field, without echoing them', () => {
    const secretish = 'x'.repeat(300);
    expect(() => parseCallIdentity({ user: secretish }, 'k', undefined)).toThrow(expect.objectContaining({ param: 'providerOptions.gateway.user', message: expect.not.stringContaining(secretish) }));
    expect(() => parseCallIdentity({ user: 5 }, 'k', undefined)).toThrow(expect.objectContaining({ param: 'providerOptions.gateway.user' }));
    expect(() => parseCallIdentity({ tags: 'a' }, 'k', undefined)).toThrow(expect.objectContaining({ param: 'providerOptions.gateway.tags' }));
  });

  it('reads the ai-reporting-user and ai-reporting-tags headers when the body names no user or tags', () => {
    const headers = new Headers({ 'ai-reporting-user': ' u-1 ', 'ai-reporting-tags': 'a, b,,a' });
    expect(parseCallIdentity({}, 'k', undefined, headers)).toEqual({ keyName: 'k', user: 'u-1', tags: ['a', 'b'] });
    expect(parseCallIdentity({ user: 'body', tags: [] }, 'k', undefined, headers)).toEqual({ keyName: 'k', user: 'body', tags: [] });
    const tooMany = new Headers({ 'ai-reporting-tags': Array.from({ length: 11 }, (_, index) => `t${index}`).join(',') });
    expect(() => parseCallIdentity({}, 'k', undefined, tooMany)).toThrow(expect.objectContaining({ param: 'ai-reporting-tags' }));
    expect(() => parseCallIdentity({}, 'k', undefined, new Headers({ 'ai-reporting-user': 'x'.repeat(300) }))).toThrow(expect.objectContaining({ param: 'ai-reporting-user' }));
  });
});

describe('windows and counter keys', () => {
  it('encodes every part, so separators in values cannot collide', () => {
    expect(counterKey('rpm', 'user', 'a:b', 7)).toBe('rpm:user:a%3Ab:7');
    expect(counterKey('rpm', 'user', 'a', 'b:7')).not.toBe(counterKey('rpm', 'user', 'a:b', 7));
    expect(counterKey('x', '100%')).toBe('x:100%25');
  });

  it('minute, UTC day and UTC month boundaries', () => {
    const at = Date.parse('2026-12-31T23:59:59.500Z');
    expect(minuteWindow(at).endsAt).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(dayWindow(at)).toEqual({ id: '2026-12-31', endsAt: Date.parse('2027-01-01T00:00:00Z') });
    expect(monthWindow(at)).toEqual({ id: '2026-12', startsAt: Date.parse('2026-12-01T00:00:00Z'), endsAt: Date.parse('2027-01-01T00:00:00Z') });
    // The remembered month answers only inside itself: a moment later (or earlier) is its own month.
    expect(monthWindow(at + 500).id).toBe('2027-01');
    expect(monthWindow(Date.parse('2026-11-30T23:59:59.999Z')).id).toBe('2026-11');
    expect(monthWindow(at).id).toBe('2026-12');
    expect(secondsUntil(Date.parse('2027-01-01T00:00:00Z'), at)).toBe(1);
    expect(secondsUntil(at, at + 5)).toBe(1);
  });
});

describe('UsageRecorder', () => {
  const record = (id: string): UsageRecord => ({
    id, createdAt: 0, keyName: 'k', tags: [], kind: 'language', model: 'm', credentialType: 'system', attempts: [], status: 200,
    inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, cost: 0, latencyMs: 0, ttftMs: 0, streamed: false, cacheHit: false,
  });

  it('finds queued records at once, writes them later, and keeps them through a failing store', async () => {
    const store = new MemoryUsageStore();
    let failing = true;
    const original = store.append.bind(store);
    store.append = async (records) => {
      if (failing) throw new Error('store down');
      return original(records);
    };
    const lines: string[] = [];
    const recorder = new UsageRecorder(store, { retryMs: 10, log: (line) => lines.push(line) });
    recorder.record(record('a'));
    expect((await recorder.get('a'))?.id).toBe('a');
    await recorder.flush();
    expect(recorder.pending).toBe(1);
    recorder.record(record('b'));
    expect(lines).toHaveLength(1);
    failing = false;
    await expect.poll(() => recorder.pending).toBe(0);
    expect((await store.get('a'))?.id).toBe('a');
    expect((await store.get('b'))?.id).toBe('b');
    await recorder.close();
  });

  it('makes a record held by recordLater once the current work is done, or as soon as anything reads the records', async () => {
    const store = new MemoryUsageStore();
    const recorder = new UsageRecorder(store);
    const made: string[] = [];
    const later = (id: string) => () => (made.push(id), record(id));
    recorder.recordLater(later('a'));
    expect(made).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(made).toEqual(['a']);
    expect(recorder.pending).toBe(1);
    // Each way of reading makes the waiting ones first, in order.
    recorder.recordLater(later('b'));
    expect((await recorder.get('b'))?.id).toBe('b');
    recorder.recordLater(later('c'));
    recorder.recordLater(later('d'));
    expect(recorder.pending).toBe(4);
    recorder.recordLater(later('e'));
    await recorder.flush();
    expect(made).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await store.get('e'))?.id).toBe('e');
    recorder.recordLater(later('f'));
    await recorder.close();
    expect((await store.get('f'))?.id).toBe('f');
  });

  it('reports a record that cannot be made, and makes the others', async () => {
    const lines: string[] = [];
    const recorder = new UsageRecorder(new MemoryUsageStore(), { log: (line) => lines.push(line) });
    recorder.recordLater(() => {
      throw new Error('no record here');
    });
    recorder.recordLater(() => record('after'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(['[modelgate] a usage record could not be made: no record here']);
    expect((await recorder.get('after'))?.id).toBe('after');
    await recorder.close();
  });
});

describe('config validation', () => {
  const base: GatewayServerConfig = {
    providers: { openai: { languageModel: () => ({}) } },
    models: { 'openai/gpt-4o': { providers: [{ provider: 'openai', model: 'gpt-4o' }] } },
    keys: [{ name: 'app', key: 'k'.repeat(16) }],
    env: {},
  };
  const invalid = (change: Record<string, unknown>): string => {
    try {
      createGatewayServer({ ...base, ...change } as GatewayServerConfig);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it.each([
    [{ limits: { perKey: { requestsPerMinute: 0 } } }, '`limits.perKey.requestsPerMinute`'],
    [{ limits: { perKey: { requestsPerHour: 5 } } }, '`limits.perKey.requestsPerHour`'],
    [{ limits: { perTeam: {} } }, '`limits.perTeam`'],
    [{ budgets: { keys: { app: { monthlyUsd: -1 } } } }, '`budgets.keys["app"].monthlyUsd`'],
    [{ budgets: { users: { default: { monthlyUsd: 5, softUsd: 6 } } } }, '`budgets.users["default"].softUsd`'],
    [{ budgets: { projects: {} } }, '`budgets.projects`'],
    [{ budgetWebhook: 'not a url' }, '`budgetWebhook`'],
    [{ usageLog: { storePrompts: 'yes' } }, '`usageLog.storePrompts`'],
    [{ storage: { onOutage: 'maybe' } }, '`storage.onOutage`'],
    [{ credits: { balance: 1, enforce: 'yes' } }, '`credits.enforce`'],
    [{ storage: { redis: 6379 } }, '`storage.redis`'],
    [{ storage: { embeded: '.modelgate' } }, '`storage.embeded`'],
    [{ storage: { postgres: 'postgres://localhost/a', embedded: '.modelgate' } }, '`storage.embedded`'],
    [{ keys: [{ name: 'app', key: 'k'.repeat(16), admin: 'yes' }] }, '`keys[0].admin`'],
    [{ keys: [{ name: 'app', key: 'k'.repeat(16), limits: { concurrentRequests: 1.5 } }] }, '`keys[0].limits.concurrentRequests`'],
    [{ keys: [{ name: 'app', key: 'k'.repeat(16), budget: { softUsd: 1 } }] }, '`keys[0].budget.monthlyUsd`'],
    [{ budgets: { quotaEntities: { default: { monthlyUsd: 'lots' } } } }, '`budgets.quotaEntities["default"].monthlyUsd`'],
    [{ demoteUnhealthy: { afterFailures: 0 } }, '`demoteUnhealthy.afterFailures`'],
    [{ demoteUnhealthy: { forMs: -1 } }, '`demoteUnhealthy.forMs`'],
    [{ demoteUnhealthy: { after: 3 } }, '`demoteUnhealthy.after`'],
    [{ models: { 'openai/gpt-4o': { providers: [{ provider: 'openai', model: 'gpt-4o', pricing: { ouput: '0.1' } }] } } }, '`models["openai/gpt-4o"].providers[0].pricing.ouput`'],
    [{ rateLimits: { perKey: { requestsPerMinute: 5 } } }, '`rateLimits`'],
    [{ models: { 'openai/gpt-4o': { providers: [{ provider: 'openai', model: 'gpt-4o' }], typ: 'image' } } }, '`models["openai/gpt-4o"].typ`'],
    [{ models: { 'openai/gpt-4o': { providers: [{ provider: 'openai', model: 'gpt-4o', prices: { input: '0.1' } }] } } }, '`models["openai/gpt-4o"].providers[0].prices`'],
    [{ keys: [{ name: 'app', key: 'k'.repeat(16), budgets: { monthlyUsd: 1 } }] }, '`keys[0].budgets`'],
    [{ credits: { balance: 1, enforced: true } }, '`credits.enforced`'],
    [{ usageLog: { storePrompts: true, keepPrompts: true } }, '`usageLog.keepPrompts`'],
  ])('%j is refused naming %s', (change, key) => {
    expect(invalid(change)).toContain(`Invalid gateway server config at ${key}`);
  });

  it('names the setting a misspelt one most likely meant, and lists the rest', () => {
    expect(invalid({ budgetWebhok: 'https://hooks.example.com' })).toBe(
      'Invalid gateway server config at `budgetWebhok`: unknown setting. Did you mean `budgetWebhook`? The settings here are providers, models, keys, firstTokenTimeoutMs, attemptTimeoutMs, demoteUnhealthy, credits, env, limits, budgets, budgetWebhook, usageLog, storage, compliance.',
    );
    expect(invalid({ keys: [{ name: 'app', key: 'k'.repeat(16), Team: 'red' }] })).toContain('at `keys[0].Team`: unknown setting. Did you mean `team`?');
    expect(invalid({ zzz: 1 })).not.toContain('Did you mean');
  });

  it('accepts a full governance config', () => {
    expect(
      invalid({
        keys: [{ name: 'app', key: 'k'.repeat(16), team: 'red', admin: true, limits: { requestsPerMinute: 5 }, budget: { monthlyUsd: 10, softUsd: 8 } }],
        limits: { perKey: { requestsPerMinute: 60, tokensPerDay: 1_000_000, concurrentRequests: 4 }, perUser: { requestsPerMinute: 10 } },
        budgets: { teams: { red: { monthlyUsd: 100 } }, users: { default: { monthlyUsd: 5 } }, tags: { 'feature:chat': { monthlyUsd: 50 } } },
        budgetWebhook: 'https://hooks.example.com/budget',
        usageLog: { storePrompts: true },
        storage: { keyPrefix: 'a:', onOutage: 'closed' },
      }),
    ).toBe('accepted');
  });

  it('a config naming Redis or a usage log, given no engine objects, is refused instead of silently running on memory', () => {
    const storage = { redis: 'redis://localhost:6379', postgres: 'postgres://localhost/modelgate' };
    expect(invalid({ storage })).toMatch(/storage\.redis names an engine.*openGatewayStorage/);
    expect(invalid({ storage: { embedded: '.modelgate' } })).toMatch(/storage\.embedded names an engine/);
    expect(() => createGatewayServer({ ...base, storage }, { counters: new MemoryCounterStore(), usage: new MemoryUsageStore() })).not.toThrow();
  });
});
