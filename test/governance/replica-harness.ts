/**
 * `modelgate serve` replicas as users run them: the built CLI (dist/cli/modelgate.js), each in
 * its own Node process, loading one config file (.mjs, written to a temp dir) that points at a
 * fake OpenAI upstream and at the storage the test gives it (one Redis + one PostgreSQL, or an
 * embedded directory), plus helpers to call them over real sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from 'redis';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, type FakeUpstream } from '../fakes/openai-upstream';
import { listen, type ListeningServer } from '../fakes/listen';

export const CLI = join(process.cwd(), 'dist/cli/modelgate.js');
export const MODEL = 'openai/gpt-4o-mini';
/** USD per token: a call's cost is exact in nano-USD. */
export const PRICING = { input: '0.000001', output: '0.000002' };

export interface ReplicaKey {
  name: string;
  key: string;
  admin?: boolean;
  limits?: { requestsPerMinute?: number; tokensPerDay?: number; concurrentRequests?: number };
  budget?: { monthlyUsd: number; softUsd?: number };
}

export interface ReplicaConfig {
  keys: ReplicaKey[];
  /** The config's `storage` key. */
  storage: Record<string, string>;
}

/** Writes the config module; the provider package is imported by absolute URL, so the temp dir needs no node_modules. */
export function writeConfig(dir: string, name: string, config: ReplicaConfig): string {
  const openaiUrl = pathToFileURL(createRequire(import.meta.url).resolve('@ai-sdk/openai')).href;
  const file = join(dir, name);
  writeFileSync(
    file,
    `import { createOpenAI } from ${JSON.stringify(openaiUrl)};
export default {
  providers: { openai: { create: createOpenAI, settings: { baseURL: process.env.UPSTREAM_URL + '/v1', apiKey: process.env.UPSTREAM_KEY } } },
  models: { ${JSON.stringify(MODEL)}: { providers: [{ provider: 'openai', model: 'gpt-4o-mini', pricing: ${JSON.stringify(PRICING)} }] } },
  keys: ${JSON.stringify(config.keys)},
  storage: ${JSON.stringify(config.storage)},
};
`,
  );
  return file;
}

export interface Replica {
  url: string;
  summary: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, and its exit code once it exited. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `modelgate serve` and waits for its startup summary. */
export function startReplica(configFile: string, env: Record<string, string>, timeoutMs = 60_000): Promise<Replica> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no startup summary within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => reject(new Error(`modelgate serve exited with ${code} before serving\n${stdout}\n${stderr}`)));
    child.stdout!.on('data', (chunk) => {
      stdout += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url || !stdout.includes('first-token timeout')) return;
      clearTimeout(timer);
      resolve({
        url,
        summary: stdout,
        stderr: () => stderr,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

export interface Upstream {
  fake: FakeUpstream;
  server: ListeningServer;
  env: Record<string, string>;
  /** Model calls the fake answered. */
  calls(): number;
}

export async function startUpstream(): Promise<Upstream> {
  const fake = createOpenAIUpstream();
  const server = await listen(fake.fetch);
  return {
    fake,
    server,
    env: { UPSTREAM_URL: server.url, UPSTREAM_KEY: DEFAULT_OPENAI_KEY },
    calls: () => fake.requests.filter((request) => request.path === '/v1/responses' && request.outcome === 'ok').length,
  };
}

export interface CallResult {
  status: number;
  retryAfter: string | null;
  body: {
    generationId?: string;
    error?: { type: string; message: string };
    providerMetadata?: { gateway?: { generationId?: string; cost?: string; cache?: { hit: boolean } } };
  };
}

/** One native generate call (what @ai-sdk/gateway and modelgate send), read exactly. */
export async function callModel(url: string, key: string, text: string, gateway: Record<string, unknown> = {}): Promise<CallResult> {
  const response = await fetch(`${url}/v4/ai/language-model`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'ai-language-model-specification-version': '4',
      'ai-language-model-id': MODEL,
      'ai-language-model-streaming': 'false',
    },
    body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text }] }], providerOptions: { gateway } }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as CallResult['body'] };
}

export async function getJson<T>(url: string, key: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as T };
}

/** Redis's own clock (ms): the one the replicas' minute windows come from. */
export async function redisNow(redisUrl: string): Promise<number> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const [seconds, micros] = await client.sendCommand<[string, string]>(['TIME']);
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  } finally {
    await client.close();
  }
}

/** Waits, when fewer than `needMs` remain in Redis's current minute, for the next one to start. */
export async function freshMinute(redisUrl: string, needMs: number): Promise<void> {
  const now = await redisNow(redisUrl);
  const left = 60_000 - (now % 60_000);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
