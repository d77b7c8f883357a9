import { convertBase64ToUint8Array } from '@ai-sdk/provider-utils';
import type { UsageStore } from '../../storage/types';
import { loadDashboard, parseDashboardRange } from './dashboard-data';
import { renderDashboardPage } from './dashboard-page';
import { jsonResponse } from '../response-body';

export const DASHBOARD_PATH = '/dashboard';
export const DASHBOARD_DATA_PATH = '/dashboard/data.json';

/** What a presented key may do: 'admin' sees the dashboard, 'key' is a valid key without admin rights. */
export type DashboardAccess = 'admin' | 'key' | undefined;

export interface DashboardRouteOptions {
  usage: UsageStore;
  /** Looks up a gateway key (the lead wires it to the key store). */
  authorize: (token: string) => DashboardAccess | Promise<DashboardAccess>;
  /** The clock, ms epoch; default `Date.now`. */
  now?: () => number;
}

export function isDashboardPath(pathname: string): boolean {
  return pathname === DASHBOARD_PATH || pathname === `${DASHBOARD_PATH}/` || pathname === DASHBOARD_DATA_PATH;
}

// The page has no scripts and loads nothing: a value that ever escaped escaping still could not run.
const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The key a request presents: the password of HTTP Basic (any user name; browsers ask for it) or
 * `Authorization: Bearer <key>` (scripts). Undefined when there is none.
 */
export function dashboardCredential(headers: Headers): string | undefined {
  const authorization = headers.get('authorization')?.trim();
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer) return bearer[1]!.trim() || undefined;
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(authorization);
  if (!basic) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(convertBase64ToUint8Array(basic[1]!));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  const password = colon >= 0 ? decoded.slice(colon + 1) : '';
  return password || undefined;
}

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'forbidden', 405: 'invalid_request_error' };

/** A refusal: plain text for the page (a browser shows it as is), the protocol's error body for data.json. */
function plain(status: number, message: string, headers: Record<string, string> = {}, asJson = false): Response {
  return asJson
    ? jsonResponse({ error: { message, type: ERROR_TYPES[status] ?? 'internal_server_error' } }, { status, headers: { ...SECURITY_HEADERS, ...headers } })
    : new Response(`${message}\n`, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

/**
 * GET /dashboard (HTML) and GET /dashboard/data.json (the same view as JSON), for admin keys only.
 * No credentials or an unknown key: 401 with a Basic challenge, so a browser asks; a non-admin key: 403.
 */
export async function handleDashboard(request: Request, options: DashboardRouteOptions): Promise<Response> {
  const url = new URL(request.url);
  const asJson = url.pathname === DASHBOARD_DATA_PATH;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return plain(405, `The dashboard answers GET only, not ${request.method}.`, { allow: 'GET, HEAD' }, asJson);
  }
  const challenge = { 'www-authenticate': 'Basic realm="modelgate", charset="UTF-8"' };
  const token = dashboardCredential(request.headers);
  if (!token) {
    return plain(401, 'The dashboard needs an admin gateway key: sign in with any user name and the key as password, or send Authorization: Bearer <key>.', challenge, asJson);
  }
  const access = await options.authorize(token);
  if (access === undefined) return plain(401, 'That key is not a key of this gateway.', challenge, asJson);
  if (access !== 'admin') return plain(403, 'That key is not an admin key: the dashboard shows every key\'s usage, so it needs a key with `admin: true` in the config.', {}, asJson);

  let range;
  try {
    range = parseDashboardRange(url.searchParams.get('range'));
  } catch (error) {
    return plain(400, error instanceof Error ? error.message : 'Unknown range.', {}, asJson);
  }
  let view;
  try {
    view = await loadDashboard(options.usage, range, (options.now ?? Date.now)());
  } catch {
    // A store's error can name its connection (host, user): it stays out of the answer.
    return plain(503, 'The usage store did not answer; try again in a moment.', { 'retry-after': '5' }, asJson);
  }
  if (asJson) return jsonResponse(view, { headers: SECURITY_HEADERS });
  const basePath = url.pathname.replace(/\/$/, '');
  return new Response(request.method === 'HEAD' ? null : renderDashboardPage(view, { basePath }), {
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' },
  });
}
