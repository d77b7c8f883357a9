/**
 * The README's "Limits, budgets and caching" config, word for word: its code block must be
 * examples/governance.config.mjs; written with the self-host config it extends into a fresh
 * project folder (modelgate and the @ai-sdk packages linked in, as an install would put them),
 * it is imported and served on a real socket in front of the fake OpenAI and Anthropic APIs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateText } from 'ai-v7';
import { createGateway as createPublicGateway } from 'gateway-v4';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen as listenGateway } from '../../src/cli/node-listener';
import { createGatewayServer, type GatewayServerConfig } from '../../src/server';
import { MemoryCounterStore } from '../../src/storage/memory-counter-store';
import { createGateway } from '../../src/v4';
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_KEY } from '../fakes/anthropic-upstream';
import { listen, type ListeningServer } from '../fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, DEFAULT_OPENAI_MODELS } from '../fakes/openai-upstream';
import { readmeBlocks } from './readme-blocks';

const repo = process.cwd();
const GATEWAY_KEY = 'readme-governance-web-app-key-01';
const project = mkdtempSync(join(tmpdir(), 'modelgate-governance-'));
let openai: ListeningServer;
let anthropic: ListeningServer;
let server: Server;
let url: string;
/** The environment before the test: the providers read their base URLs from it at call time. */
let savedEnv: Record<string, string | undefined> = {};

function readmeFile(name: string): string {
  const block = readmeBlocks('Self-host the gateway').find(({ code }) => code.startsWith(`// ${name}:`));
  if (!block) throw new Error(`README.md's self-host section has no block for ${name}`);
  return block.code;
}

beforeAll(async () => {
  openai = await listen(createOpenAIUpstream({ models: [...DEFAULT_OPENAI_MODELS, 'gpt-5.4'] }).fetch);
  anthropic = await listen(createAnthropicUpstream().fetch);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repo, join(project, 'node_modules', 'modelgate'), 'dir');
  symlinkSync(join(repo, 'node_modules', '@ai-sdk'), join(project, 'node_modules', '@ai-sdk'), 'dir');
  for (const name of ['gateway.config.mjs', 'governance.config.mjs']) writeFileSync(join(project, name), readmeFile(name));

  const env = {
    OPENAI_BASE_URL: `${openai.url}/v1`,
    OPENAI_API_KEY: DEFAULT_OPENAI_KEY,
    ANTHROPIC_BASE_URL: `${anthropic.url}/v1`,
    ANTHROPIC_API_KEY: DEFAULT_ANTHROPIC_KEY,
    GATEWAY_KEY,
    BATCH_KEY_SHA256: 'c'.repeat(64),
  };
  savedEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const config = ((await import(pathToFileURL(join(project, 'governance.config.mjs')).href)) as { default: GatewayServerConfig }).default;
  // A clock that stays inside one minute, so the per-minute limit is tested and not the calendar.
  const minute = Date.parse('2026-11-21T10:00:05Z');
  const gateway = createGatewayServer({ ...config, env: {} }, { counters: new MemoryCounterStore({ now: () => minute }) });
  ({ server, url } = await listenGateway((request) => gateway.fetch(request)));
}, 30_000);

afterAll(async () => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await Promise.all([openai?.close(), anthropic?.close()]);
  rmSync(project, { recursive: true, force: true });
});

it('the README block is examples/governance.config.mjs', () => {
  expect(readmeFile('governance.config.mjs')).toBe(readFileSync(join(repo, 'examples/governance.config.mjs'), 'utf8'));
});

it('serves with its limits: 20 calls a minute per end user, then 429', async () => {
  const model = createGateway({ baseURL: `${url}/v4/ai`, apiKey: GATEWAY_KEY })('openai/gpt-5.4');
  for (let index = 0; index < 20; index++) {
    await generateText({ model, prompt: `Call ${index}`, providerOptions: { gateway: { user: 'alice' } }, maxRetries: 0 });
  }
  await expect(generateText({ model, prompt: 'One too many', providerOptions: { gateway: { user: 'alice' } }, maxRetries: 0 })).rejects.toMatchObject({
    statusCode: 429,
  });
  // Another user is not affected.
  const bob = await generateText({ model, prompt: 'Bob here', providerOptions: { gateway: { user: 'bob' } }, maxRetries: 0 });
  expect(bob.text).toContain('Bob here');
});

it('answers from the response cache and reports to its admin key', async () => {
  const model = createGateway({ baseURL: `${url}/v4/ai`, apiKey: GATEWAY_KEY })('anthropic/claude-sonnet-4.6');
  const options = { model, prompt: 'Cached answer', providerOptions: { gateway: { cacheControl: 'max-age=300', caching: 'auto' as const } } };
  const first = await generateText(options);
  const second = await generateText(options);
  expect(second.text).toBe(first.text);
  expect(second.providerMetadata?.gateway).toMatchObject({ cost: '0', cache: { hit: true } });

  const today = new Date().toISOString().slice(0, 10);
  const report = await createPublicGateway({ baseURL: `${url}/v4/ai`, apiKey: GATEWAY_KEY }).getSpendReport({ startDate: today, endDate: today, groupBy: 'user' });
  expect(report.results.find((row) => row.user === 'alice')?.requestCount).toBe(21);
  expect(report.results.find((row) => row.user === 'bob')?.requestCount).toBe(1);
});
