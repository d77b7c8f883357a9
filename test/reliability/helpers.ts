import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';

/** Reads a stream to the end and returns every part. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/**
 * Watches the process for unhandled rejections and for listener-leak warnings
 * (`MaxListenersExceededWarning`, which Node also emits for EventTarget/AbortSignal).
 * Call `stop()` and check both lists are empty.
 */
export function watchProcess() {
  const unhandled: unknown[] = [];
  const warnings: Error[] = [];
  const onRejection = (reason: unknown) => unhandled.push(reason);
  const onWarning = (warning: Error) => {
    if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
  };
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);
  return {
    unhandled,
    warnings,
    async stop() {
      // Let pending rejections surface: a few macrotasks.
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
      process.off('unhandledRejection', onRejection);
      process.off('warning', onWarning);
    },
  };
}

export function abortListenerCount(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

/**
 * Every text a user might log for an error: message, stack, `util.inspect` (full
 * depth, hidden properties too), `JSON.stringify`, `requestBodyValues`,
 * `responseBody` and the same for the whole `cause` chain and for the errors
 * inside an AI SDK `RetryError`.
 */
export function errorRenderings(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (e === undefined || e === null || seen.has(e) || depth > 10) return;
    seen.add(e);
    if (typeof e !== 'object') {
      out.push(String(e));
      return;
    }
    const err = e as Record<string, unknown>;
    out.push(String(err.message ?? ''), String(err.stack ?? ''));
    out.push(inspect(e, { depth: Infinity, showHidden: true }));
    out.push(inspect(e));
    try {
      out.push(JSON.stringify(e) ?? '');
    } catch {
      out.push(safeStringify(e));
    }
    out.push(safeStringify(err.requestBodyValues) ?? '');
    out.push(String(err.responseBody ?? ''));
    visit(err.cause, depth + 1);
    if (Array.isArray(err.errors)) for (const inner of err.errors) visit(inner, depth + 1);
    visit(err.lastError, depth + 1);
  };
  visit(error, 0);
  return out;
}

/**
 * The secrets (by label) found in any of `texts`: as written, as escaped inside
 * JSON or `util.inspect` output, or any long line of a multi-line secret (PEM keys).
 */
export function leakedSecrets(texts: string[], secrets: Record<string, string>): string[] {
  const leaked: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    const fragments = new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      ...secret.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
    ]);
    if (texts.some((t) => [...fragments].some((f) => t.includes(f)))) leaked.push(label);
  }
  return leaked;
}

/**
 * A stream part reduced to what a user sees, minus values that change between
 * identical calls (HTTP `date` headers, request bodies).
 */
export function comparablePart(part: unknown): unknown {
  return JSON.parse(
    JSON.stringify(part, (key, value) => {
      if (key === 'headers' || key === 'request') return undefined;
      if (value instanceof Error) return { name: value.name, message: value.message };
      return value;
    }),
  );
}
