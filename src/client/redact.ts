const REDACTED = '[REDACTED]';

type Json = Record<string, unknown>;

function byokOf(body: unknown): Json | undefined {
  const byok = ((body as Json | undefined)?.providerOptions as Json | undefined)?.gateway as Json | undefined;
  const value = byok?.byok;
  return typeof value === 'object' && value !== null ? (value as Json) : undefined;
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

function redactLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactLeaves);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactLeaves(item)]));
  }
  return REDACTED;
}

/** Every string inside `providerOptions.gateway.byok`: values that must never be echoed. */
export function byokSecrets(body: unknown): string[] {
  const secrets: string[] = [];
  collectStrings(byokOf(body), secrets);
  return secrets;
}

/**
 * The request body as it may be shown back to the caller (`request.body`,
 * `requestBodyValues`): BYOK credentials replaced (their structure kept) and the
 * per-call `headers` left out, since they may carry credentials. Returns the body
 * itself when there is nothing to hide.
 */
export function redactRequestBody<T>(body: T): T {
  const byok = byokOf(body);
  const hasHeaders = typeof body === 'object' && body !== null && 'headers' in body;
  if (byok === undefined && !hasHeaders) return body;
  const { headers: _headers, ...shown } = body as Json;
  if (byok === undefined) return shown as T;
  const providerOptions = shown.providerOptions as Json;
  return {
    ...shown,
    providerOptions: {
      ...providerOptions,
      gateway: { ...(providerOptions.gateway as Json), byok: redactLeaves(byok) },
    },
  } as T;
}
