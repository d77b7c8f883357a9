import { describe, expect, it } from 'vitest';
import { dashboardCredential, handleDashboard, type DashboardAccess } from '../../src/server/dashboard/dashboard-route';
import type { UsageStore } from '../../src/storage/types';
import { NOW, seedRecords } from './seed';
import { MemoryUsageStore } from '../../src/storage/memory-usage-store';

const ADMIN_KEY = 'mg_admin-key-7c1e';
const TEAM_KEY = 'mg_team-key-99ab';
const authorize = (token: string): DashboardAccess => (token === ADMIN_KEY ? 'admin' : token === TEAM_KEY ? 'key' : undefined);
const basic = (user: string, password: string) => `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;

async function seeded(): Promise<UsageStore> {
  const store = new MemoryUsageStore();
  await store.append(seedRecords());
  return store;
}

async function call(path: string, init: RequestInit = {}, usage?: UsageStore): Promise<Response> {
  return handleDashboard(new Request(`http://gateway.test${path}`, init), { usage: usage ?? (await seeded()), authorize, now: () => NOW });
}

describe('dashboardCredential', () => {
  it('reads the Basic password (any user name, colons kept) or a Bearer key', () => {
    expect(dashboardCredential(new Headers({ authorization: basic('lead', ADMIN_KEY) }))).toBe(ADMIN_KEY);
    expect(dashboardCredential(new Headers({ authorization: basic('', 'pa:ss:wörd') }))).toBe('pa:ss:wörd');
    expect(dashboardCredential(new Headers({ authorization: `Bearer ${ADMIN_KEY}` }))).toBe(ADMIN_KEY);
    expect(dashboardCredential(new Headers({ authorization: basic('lead', '') }))).toBeUndefined();
    expect(dashboardCredential(new Headers({ authorization: 'Basic !!!' }))).toBeUndefined();
    expect(dashboardCredential(new Headers())).toBeUndefined();
  });
});

describe('handleDashboard', () => {
  it('asks for credentials with a Basic challenge when there are none', async () => {
    const response = await call('/dashboard');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="modelgate"/);
    expect(await response.text()).toContain('admin gateway key');
  });

  it('serves the page to an admin key by Basic auth, without the key in it', async () => {
    const response = await call('/dashboard', { headers: { authorization: basic('lead', ADMIN_KEY) } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('<h2>Models</h2>');
    expect(page).not.toContain(ADMIN_KEY);
  });

  it('serves the same view as JSON at /dashboard/data.json to a Bearer admin key', async () => {
    const response = await call('/dashboard/data.json?range=24h', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(200);
    const view = await response.json();
    expect(view).toMatchObject({ range: '24h', bucket: 'hour', from: '2026-11-20T11:00:00.000Z', to: '2026-11-21T11:00:00.000Z' });
    expect(view.recent[0].chain.map((step: { provider: string }) => step.provider)).toEqual(['openai', 'azure']);
    expect(JSON.stringify(view)).not.toContain(ADMIN_KEY);
  });

  it('refuses a valid key that is not an admin key with 403 and no page', async () => {
    for (const path of ['/dashboard', '/dashboard/data.json']) {
      const response = await call(path, { headers: { authorization: basic('lead', TEAM_KEY) } });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toBeNull();
      const body = await response.text();
      expect(body).toContain('not an admin key');
      expect(body).not.toContain('<h2>');
      expect(body).not.toContain(TEAM_KEY);
    }
  });

  it('answers an unknown key with 401 and a new challenge, never echoing the key', async () => {
    const response = await call('/dashboard', { headers: { authorization: basic('lead', 'mg_guess') } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await response.text()).not.toContain('mg_guess');
  });

  it('names the accepted ranges for a bad ?range=', async () => {
    const response = await call('/dashboard/data.json?range=1y', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { type: 'invalid_request_error', message: 'Unknown dashboard range "1y": use ?range=24h, ?range=7d or ?range=30d.' },
    });
  });

  it('answers 503 when the store fails, without the store\'s error text', async () => {
    const store = new MemoryUsageStore();
    store.report = async () => {
      throw new Error('connect ECONNREFUSED postgres://gateway:s3cret@db:5432/usage');
    };
    const response = await call('/dashboard', { headers: { authorization: `Bearer ${ADMIN_KEY}` } }, store);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.text()).not.toMatch(/s3cret|postgres/);
  });

  it('answers GET only', async () => {
    const response = await call('/dashboard', { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
