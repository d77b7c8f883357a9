/**
 * `/dashboard` through the real gateway server on a socket: keys come from the config (`admin: true`),
 * and the calls an admin just made through `ai` 7 show up on the page and in data.json, failover
 * chain included. A non-admin key gets 403, no key 401 with a Basic challenge.
 */
import { generateText, streamText } from 'ai-v7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import type { DashboardView } from '../../src/server/dashboard/dashboard-data';
import { GATEWAY_KEY, MODELS, startHarness, type Harness } from './scenario-harness';

const ADMIN_KEY = 'mg-dash-admin-key-0000000001';
const TEAM_KEY = 'mg-dash-team-key-00000000002';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    config: {
      keys: [
        { name: 'scenarios', key: GATEWAY_KEY },
        { name: 'lead', key: ADMIN_KEY, admin: true },
        { name: 'app', key: TEAM_KEY, team: 'web' },
      ],
    },
  });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

const basic = (password: string) => `Basic ${btoa(`lead:${password}`)}`;

describe('/dashboard on the gateway server', () => {
  it('no key: 401 with a Basic challenge; a key without admin: 403 and no data; an unknown key: 401', async () => {
    const none = await fetch(`${harness.url}/dashboard`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic /);

    const notAdmin = await fetch(`${harness.url}/dashboard`, { headers: { authorization: basic(TEAM_KEY) } });
    expect(notAdmin.status).toBe(403);
    expect(await notAdmin.text()).toContain('admin: true');
    const notAdminData = await fetch(`${harness.url}/dashboard/data.json`, { headers: { authorization: `Bearer ${TEAM_KEY}` } });
    expect(notAdminData.status).toBe(403);
    expect(await notAdminData.json()).toMatchObject({ error: { type: 'forbidden' } });

    const unknown = await fetch(`${harness.url}/dashboard`, { headers: { authorization: basic('mg-not-a-key-of-this-gateway') } });
    expect(unknown.status).toBe(401);
  });

  it('an admin key sees the calls just made, with their failover chain', async () => {
    const gateway = createGateway({ baseURL: `${harness.url}/v4/ai`, apiKey: TEAM_KEY });
    const first = await generateText({
      model: gateway(MODELS.responses),
      prompt: 'Dashboard, first call',
      providerOptions: { gateway: { user: 'carol', tags: ['dash-test'] } },
    });
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'The openai fake is down.' });
    const failedOver = streamText({ model: gateway(MODELS.responses), prompt: 'Dashboard, failed over', providerOptions: { gateway: { user: 'carol' } } });
    await failedOver.consumeStream();
    const ids = [
      (first.providerMetadata?.gateway as { generationId: string }).generationId,
      ((await failedOver.providerMetadata)?.gateway as { generationId: string }).generationId,
    ];

    // Asked at once: the records are still queued for the usage log, and the page shows them anyway.
    const data = await fetch(`${harness.url}/dashboard/data.json?range=24h`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(data.status).toBe(200);
    const view = (await data.json()) as DashboardView;
    const recent = new Map(view.recent.map((call) => [call.id, call]));
    expect(recent.get(ids[0]!)).toMatchObject({ keyName: 'app', user: 'carol', tags: ['dash-test'], model: MODELS.responses, provider: 'openai', status: 200 });
    expect(recent.get(ids[1]!)).toMatchObject({ provider: 'azure', streamed: true, status: 200 });
    expect(recent.get(ids[1]!)!.chain.map((step) => [step.provider, step.success])).toEqual([
      ['openai', false],
      ['azure', true],
    ]);
    expect(view.users.find((user) => user.name === 'carol')?.requests).toBe(2);
    expect(view.tags.find((tag) => tag.name === 'dash-test')?.requests).toBe(1);

    // The page a browser signs in to (HTTP Basic, any user name, the admin key as password).
    const page = await fetch(`${harness.url}/dashboard?range=24h`, { headers: { authorization: basic(ADMIN_KEY) } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain(MODELS.responses);
    expect(html).toContain(ids[1]!);
    expect(html).toMatch(/>openai ✗ 500<\/span><span class="arrow">→<\/span><span class="step ok"[^>]*>azure ✓</);
    expect(html).not.toContain(ADMIN_KEY);
  });
});
