/**
 * The README's "Storage, replicas and the dashboard", word for word: its config blocks must be
 * examples/embedded.config.mjs, examples/replicas.config.mjs and examples/server-with-storage.mjs;
 * written into a fresh project folder (modelgate and the @ai-sdk packages linked in, as an install
 * would put them, with its `modelgate` bin), they run as the README says: `bash
 * scripts/ensure-services.sh --start` starts Redis and PostgreSQL (on free ports and a temp dir
 * here, through the script's own variables), two `npx modelgate serve --config
 * replicas.config.mjs` replicas share one usage log, an admin key signs in to the dashboard of
 * the other replica, `server-with-storage.mjs` serves and stops on SIGTERM, and the embedded
 * config keeps its log in `.modelgate`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateText } from 'ai-v7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/v4';
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_KEY } from '../fakes/anthropic-upstream';
import { listen, type ListeningServer } from '../fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, DEFAULT_OPENAI_MODELS } from '../fakes/openai-upstream';
import { readmeBlocks } from '../cli/readme-blocks';
import { freePort } from '../storage/engines';
import type { DashboardView } from '../../src/server/dashboard/dashboard-data';
import { tempDir, until } from './replica-harness';

const repo = process.cwd();
const GATEWAY_KEY = 'readme-storage-web-app-key-0001';
const BATCH_KEY = 'readme-storage-batch-key-000002';
const project = tempDir('modelgate-readme-storage-');
const services = tempDir('modelgate-readme-services-');
let openai: ListeningServer;
let anthropic: ListeningServer;
let servicesEnv: Record<string, string>;
let urls: { REDIS_URL: string; DATABASE_URL: string };

const sha256 = (text: string) => spawnSync('sh', ['-c', `printf %s "$0" | sha256sum | cut -d' ' -f1`, text], { encoding: 'utf8' }).stdout.trim();

function readmeBlock(start: string): string {
  const block = readmeBlocks('Self-host the gateway').find(({ code }) => code.startsWith(start));
  if (!block) throw new Error(`README.md's self-host section has no block starting with ${JSON.stringify(start)}`);
  return block.code;
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${join(project.path, 'node_modules', '.bin')}:${process.env.PATH}`,
    HOME: process.env.HOME,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    OPENAI_API_KEY: DEFAULT_OPENAI_KEY,
    ANTHROPIC_BASE_URL: `${anthropic.url}/v1`,
    ANTHROPIC_API_KEY: DEFAULT_ANTHROPIC_KEY,
    GATEWAY_KEY,
    BATCH_KEY_SHA256: sha256(BATCH_KEY),
    ...urls,
    ...extra,
  };
}

interface Running {
  url: string;
  stdout: () => string;
  /** SIGTERM; the exit code, or the signal when the process (npx passes it on to modelgate) ended by it. */
  stop(): Promise<number | string | null>;
}

/** Runs a command in the project folder until it prints a URL it listens on. */
function run(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Running> {
  // Its own process group, stopped as a terminal's Ctrl-C stops it: npx does not pass signals on to modelgate.
  const child = spawn(command, args, { cwd: project.path, env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} printed no URL within 90 s\n${stdout}\n${stderr}`));
    }, 90_000);
    void exited.then((code) => reject(new Error(`${command} exited with ${code}\n${stdout}\n${stderr}`)));
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      const url = /listening on (http:\/\/[^\s;]+)/.exec(stdout)?.[1];
      // `modelgate serve` prints its summary in one write; wait for its last line.
      if (!url || (command === 'npx' && !stdout.includes('first-token timeout'))) return;
      clearTimeout(timer);
      resolve({
        url,
        stdout: () => stdout,
        stop: () => {
          process.kill(-child.pid!, 'SIGTERM');
          return exited;
        },
      });
    });
  });
}

beforeAll(async () => {
  openai = await listen(createOpenAIUpstream({ models: [...DEFAULT_OPENAI_MODELS, 'gpt-5.4'] }).fetch);
  anthropic = await listen(createAnthropicUpstream().fetch);
  writeFileSync(join(project.path, 'package.json'), JSON.stringify({ type: 'module' }));
  mkdirSync(join(project.path, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(repo, join(project.path, 'node_modules', 'modelgate'), 'dir');
  symlinkSync(join(repo, 'node_modules', '@ai-sdk'), join(project.path, 'node_modules', '@ai-sdk'), 'dir');
  symlinkSync(join(repo, 'dist', 'cli', 'modelgate.js'), join(project.path, 'node_modules', '.bin', 'modelgate'));
  for (const name of ['gateway.config.mjs', 'governance.config.mjs']) writeFileSync(join(project.path, name), readFileSync(join(repo, 'examples', name), 'utf8'));
  for (const name of ['embedded.config.mjs', 'replicas.config.mjs', 'server-with-storage.mjs']) {
    const code = readmeBlock(`// ${name}:`);
    expect(code, `README block ${name} = examples/${name}`).toBe(readFileSync(join(repo, 'examples', name), 'utf8'));
    writeFileSync(join(project.path, name), code);
  }

  // The README's command, on free ports and a temp dir (the script's variables) so it meets no other Redis or PostgreSQL.
  // PostgreSQL runs as the postgres user when we are root: it must be able to reach its data directory.
  chmodSync(services.path, 0o755);
  servicesEnv = { SERVICES_DIR: join(services.path, 'data'), REDIS_PORT: String(await freePort()), PG_PORT: String(await freePort()) };
  const started = spawnSync('bash', ['scripts/ensure-services.sh', '--start'], { cwd: repo, env: { ...process.env, ...servicesEnv }, encoding: 'utf8', timeout: 120_000 });
  expect(started.status, started.stderr).toBe(0);
  urls = Object.fromEntries(started.stdout.trim().split('\n').map((line) => line.split('=') as [string, string])) as typeof urls;
  expect(urls).toEqual({ REDIS_URL: `redis://127.0.0.1:${servicesEnv.REDIS_PORT}`, DATABASE_URL: `postgres://postgres@127.0.0.1:${servicesEnv.PG_PORT}/postgres` });
}, 180_000);

afterAll(async () => {
  if (servicesEnv) spawnSync('bash', ['scripts/ensure-services.sh', '--stop'], { cwd: repo, env: { ...process.env, ...servicesEnv }, encoding: 'utf8', timeout: 60_000 });
  await Promise.all([openai?.close(), anthropic?.close()]);
  project.remove();
  services.remove();
}, 60_000);

describe('README: storage, replicas and the dashboard', () => {
  it('two `npx modelgate serve --config replicas.config.mjs` share one usage log; an admin signs in to the dashboard', async () => {
    const [first, second] = await Promise.all([
      run('npx', ['modelgate', 'serve', '--config', 'replicas.config.mjs', '--port', '0']),
      run('npx', ['modelgate', 'serve', '--config', 'replicas.config.mjs', '--port', '0']),
    ]);
    try {
      const storageLine = first.stdout().split('\n').find((line) => line.startsWith('  storage'));
      const printed = storageLine!.replaceAll(`:${servicesEnv.REDIS_PORT}`, ':6379').replaceAll(`:${servicesEnv.PG_PORT}`, ':5432');
      expect(`${printed}\n`).toBe(readmeBlock('  storage'));

      const gateway = createGateway({ baseURL: `${first.url}/v4/ai`, apiKey: GATEWAY_KEY });
      const result = await generateText({ model: gateway('openai/gpt-5.4'), prompt: 'Hello, replicas', providerOptions: { gateway: { user: 'user-7', tags: ['feature:summaries'] } } });
      const id = (result.providerMetadata?.gateway as { generationId: string }).generationId;

      // The other replica's dashboard shows it once the first has written it (in batches, within a second).
      const page = async () => fetch(`${second.url}/dashboard?range=24h`, { headers: { authorization: `Basic ${btoa(`lead:${GATEWAY_KEY}`)}` } });
      await until(async () => (await (await page()).text()).includes(id), 10_000, 'the call on the other replica’s dashboard');
      expect((await page()).headers.get('content-type')).toContain('text/html');
      // The README's curl, as fetch.
      const data = await fetch(`${second.url}/dashboard/data.json?range=24h`, { headers: { Authorization: `Bearer ${GATEWAY_KEY}` } });
      expect(data.status).toBe(200);
      const view = (await data.json()) as DashboardView;
      expect(view.recent.find((call) => call.id === id)).toMatchObject({ keyName: 'web-app', user: 'user-7', tags: ['feature:summaries'], provider: 'openai' });
      // A key without admin: 403.
      const batch = await fetch(`${second.url}/dashboard`, { headers: { authorization: `Basic ${btoa(`jobs:${BATCH_KEY}`)}` } });
      expect(batch.status).toBe(403);
    } finally {
      expect(await first.stop()).toBeOneOf([0, 'SIGTERM']);
      expect(await second.stop()).toBeOneOf([0, 'SIGTERM']);
    }
  }, 120_000);

  it('server-with-storage.mjs serves on the same storage and stops on SIGTERM', async () => {
    const server = await run('node', ['server-with-storage.mjs'], { PORT: '0' });
    expect(server.stdout()).toMatch(/storage: Redis at 127\.0\.0\.1:\d+ .*PostgreSQL at 127\.0\.0\.1:\d+\/postgres \(usage log\)/);
    const gateway = createGateway({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY });
    const result = await generateText({ model: gateway('openai/gpt-5.4'), prompt: 'Hello from my own process' });
    expect(result.text).toContain('Hello from my own process');
    const id = (result.providerMetadata?.gateway as { generationId: string }).generationId;
    expect(await server.stop()).toBe(0);
    // Its last record was written on the way out: a replica started now answers for it.
    const replica = await run('npx', ['modelgate', 'serve', '--config', 'replicas.config.mjs', '--port', '0']);
    try {
      const info = await gateway.getGenerationInfo({ id }).catch(() => undefined);
      expect(info).toBeUndefined(); // the stopped server no longer answers
      const fromReplica = await createGateway({ baseURL: `${replica.url}/v4/ai`, apiKey: GATEWAY_KEY }).getGenerationInfo({ id });
      expect(fromReplica).toMatchObject({ id, model: 'openai/gpt-5.4', providerName: 'openai' });
    } finally {
      expect(await replica.stop()).toBeOneOf([0, 'SIGTERM']);
    }
  }, 120_000);

  it('embedded.config.mjs keeps its usage log in .modelgate', async () => {
    const server = await run('npx', ['modelgate', 'serve', '--config', 'embedded.config.mjs', '--port', '0']);
    try {
      expect(server.stdout()).toMatch(/storage\s+embedded: usage log in \.modelgate \(PGlite\) · limits and budgets in memory, restored from the usage log/);
      expect(existsSync(join(project.path, '.modelgate', 'PG_VERSION'))).toBe(true);
    } finally {
      expect(await server.stop()).toBeOneOf([0, 'SIGTERM']);
    }
  }, 120_000);
});
