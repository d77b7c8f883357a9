/**
 * `modelgate serve` as users run it: the built CLI (dist/cli/modelgate.js) in its own Node
 * process, loading the README's config file (examples/gateway.config.mjs) word for word, with
 * the providers' base URLs pointed at the fake OpenAI and Anthropic APIs through the
 * environment variables @ai-sdk/openai and @ai-sdk/anthropic read. Then real calls through
 * modelgate and the public @ai-sdk/gateway over real sockets, and configs with mistakes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateText as generateText5, streamText as streamText5 } from 'ai';
import { generateText as generateText6 } from 'ai-v6';
import { APICallError, generateText as generateText7 } from 'ai-v7';
import { createGateway as createPublicGateway3 } from 'gateway-v3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src';
import { createGateway as createGateway4 } from '../../src/v4';
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_KEY } from '../fakes/anthropic-upstream';
import { listen, type ListeningServer } from '../fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, DEFAULT_OPENAI_MODELS } from '../fakes/openai-upstream';
import { readmeBlocks } from './readme-blocks';

const CLI = join(process.cwd(), 'dist/cli/modelgate.js');
const README_CONFIG = join(process.cwd(), 'examples/gateway.config.mjs');
const GATEWAY_KEY = 'web-app-key-0123456789abcdef';
const BATCH_KEY = 'batch-jobs-key-0123456789abcdef';
const VLLM_KEY = 'vllm-server-key';
const { version: VERSION } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its exit. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the CLI did not exit within 15 s\n${stdout}\n${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Serving {
  child: ChildProcess;
  url: string;
  summary: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `modelgate serve` and waits for its startup summary. */
function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup summary within 15 s\n${stdout}\n${stderr}`)), 15_000);
    void exited.then((code) => reject(new Error(`the CLI exited with ${code} before serving\n${stdout}\n${stderr}`)));
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url || !stdout.includes('first-token timeout')) return;
      clearTimeout(timer);
      resolve({
        child,
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

/** The environment a user would set for the README config, without anything the test process had. */
function configEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The README's self-host block of program output (a fence without a language) that starts with `start`. */
function readmeOutput(start: string): string {
  const block = readmeBlocks('Self-host the gateway').find(({ language, code }) => language === '' && code.startsWith(start));
  if (!block) throw new Error(`no output block starting with ${JSON.stringify(start)} in the README's self-host section`);
  return block.code;
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
});

describe('modelgate serve --config <the README config>', () => {
  let openaiUpstream: ReturnType<typeof createOpenAIUpstream>;
  let openai: ListeningServer;
  let anthropic: ListeningServer;
  let vllm: ListeningServer;
  let serving: Serving;
  const env = () =>
    configEnv({
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OPENAI_API_KEY: DEFAULT_OPENAI_KEY,
      ANTHROPIC_BASE_URL: `${anthropic.url}/v1`,
      ANTHROPIC_API_KEY: DEFAULT_ANTHROPIC_KEY,
      VLLM_BASE_URL: `${vllm.url}/v1`,
      VLLM_API_KEY: VLLM_KEY,
      GATEWAY_KEY,
      BATCH_KEY_SHA256: sha256(BATCH_KEY),
    });

  beforeAll(async () => {
    openaiUpstream = createOpenAIUpstream({ models: [...DEFAULT_OPENAI_MODELS, 'gpt-5.4'] });
    openai = await listen(openaiUpstream.fetch);
    anthropic = await listen(createAnthropicUpstream().fetch);
    vllm = await listen(createOpenAIUpstream({ name: 'vllm', apiKey: VLLM_KEY, models: ['openai/gpt-oss-120b'] }).fetch);
    serving = await serve(['--config', README_CONFIG, '--port', '0'], env());
  });

  afterAll(async () => {
    if (serving) expect(await serving.stop()).toBe(0);
    await Promise.all([openai?.close(), anthropic?.close(), vllm?.close()]);
  });

  it('prints one screen naming the URL, the providers, the keys by name and every model with its route', () => {
    const { summary, url } = serving;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lines = summary.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(summary).toContain(`${url}/v1/ai`);
    expect(summary).toContain(`${url}/v3/ai`);
    expect(summary).toContain(`${url}/v4/ai`);
    expect(summary).toContain(`${url}/health (live)  ${url}/health/ready`);
    expect(summary).toMatch(/providers\s+anthropic, openai \(byok, no training, US\), vllm \(ZDR, no training\), groq/);
    expect(summary).toMatch(/keys\s+2: web-app, batch-jobs/);
    for (const [model, route] of [
      ['anthropic/claude-sonnet-4.6', 'anthropic:claude-sonnet-4-6'],
      ['openai/gpt-5.4', 'openai:gpt-5.4'],
      ['openai/gpt-oss-120b', 'vllm:openai/gpt-oss-120b → groq:openai/gpt-oss-120b'],
      ['openai/text-embedding-3-small', 'openai:text-embedding-3-small'],
    ]) {
      expect(lines.find((line) => line.includes(`${model} `))).toContain(route);
    }
    expect(summary).toContain('$3 in / $15 out per M tokens');
    // Names only: no client key, no hash, no upstream key.
    for (const secret of [GATEWAY_KEY, BATCH_KEY, sha256(BATCH_KEY), DEFAULT_OPENAI_KEY, DEFAULT_ANTHROPIC_KEY, VLLM_KEY]) {
      expect(summary).not.toContain(secret);
    }
  });

  it('answers the health checks it prints, with no key', async () => {
    const live = await fetch(`${serving.url}/health`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${serving.url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { counters: 'ok', usage: 'ok' } }]);
  });

  it('prints what the README shows, but for the port', () => {
    const printed = serving.summary.replaceAll(serving.url, 'http://127.0.0.1:4000');
    expect(printed).toBe(readmeOutput('modelgate ').replace(/^modelgate \S+ /, `modelgate ${VERSION} `));
  });

  it('streams a reply through modelgate (ai 5) from the configured provider, reporting provider and cost', async () => {
    const gateway = createGateway({ baseURL: `${serving.url}/v1/ai`, apiKey: GATEWAY_KEY });
    const result = streamText5({ model: gateway('openai/gpt-5.4'), prompt: 'Hello from the CLI test' });
    expect(await result.text).toBe('You said: Hello from the CLI test This reply comes from openai model gpt-5.4.');
    const [usage, metadata, response] = await Promise.all([result.usage, result.providerMetadata, result.response]);
    expect(metadata?.gateway?.routing).toMatchObject({ finalProvider: 'openai', resolvedProviderApiModelId: 'gpt-5.4' });
    const expectedCost = usage.inputTokens! * 0.00000125 + usage.outputTokens! * 0.00001;
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(Number(metadata?.gateway?.cost)).toBeCloseTo(expectedCost, 12);
    expect(response.id).toBe(metadata?.gateway?.generationId);
  });

  it('serves the sha256 key its one model through vLLM (ai 7), and refuses it another model', async () => {
    const gateway = createGateway4({ baseURL: `${serving.url}/v4/ai`, apiKey: BATCH_KEY });
    const result = await generateText7({ model: gateway('openai/gpt-oss-120b'), prompt: 'batch item 1' });
    expect(result.text).toBe('You said: batch item 1 This reply comes from vllm model openai/gpt-oss-120b.');
    expect(result.providerMetadata?.gateway?.cost).toBe('0');
    const refused = await generateText7({ model: gateway('openai/gpt-5.4'), prompt: 'x', maxRetries: 0 }).catch((error: unknown) => error);
    expect(APICallError.isInstance(refused) && refused.statusCode).toBe(403);
  });

  it('answers the public @ai-sdk/gateway 3 (ai 6) pointed at it with baseURL, from Anthropic', async () => {
    const gateway = createPublicGateway3({ baseURL: `${serving.url}/v3/ai`, apiKey: GATEWAY_KEY });
    const result = await generateText6({ model: gateway('anthropic/claude-sonnet-4.6'), prompt: 'Hi Claude' });
    expect(result.text).toBe('You said: Hi Claude This reply comes from anthropic model claude-sonnet-4-6.');
  });

  it('rejects a wrong key with 401', async () => {
    const gateway = createGateway({ baseURL: `${serving.url}/v1/ai`, apiKey: 'not-a-configured-key-000000' });
    const error = await generateText5({ model: gateway('openai/gpt-5.4'), prompt: 'x', maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error) && error.statusCode).toBe(401);
  });

  it("reaches providers straight through Node's connection pool by default, and through Node's own fetch with --fetch undici", async () => {
    const ask = async (url: string) => {
      openaiUpstream.reset();
      const gateway = createGateway4({ baseURL: `${url}/v4/ai`, apiKey: GATEWAY_KEY });
      const result = await generateText7({ model: gateway('openai/gpt-5.4'), prompt: 'which fetch?' });
      expect(result.text).toBe('You said: which fetch? This reply comes from openai model gpt-5.4.');
      return openaiUpstream.requests.at(-1)!.headers;
    };
    expect(serving.summary).toContain("upstream fetch direct to Node's connection pool (--fetch undici for Node's fetch)");
    // undici's fetch marks its requests as a browser's would (sec-fetch-mode); its dispatcher alone sends what the provider set.
    expect(await ask(serving.url)).not.toHaveProperty('sec-fetch-mode');
    const undici = await serve(['--config', README_CONFIG, '--port', '0', '--fetch', 'undici'], env());
    try {
      expect(undici.summary).toContain("upstream fetch Node's own (undici)");
      expect(await ask(undici.url)).toHaveProperty('sec-fetch-mode', 'cors');
    } finally {
      expect(await undici.stop()).toBe(0);
    }
    const wrong = await runCli(['serve', '--config', README_CONFIG, '--fetch', 'curl'], env());
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--fetch must be node or undici, got curl');
  });

  it('answers a body past --max-body-mb with 413 naming the limit; a bad value exits with the usage', async () => {
    const small = await serve(['--config', README_CONFIG, '--port', '0', '--max-body-mb', '0.001'], env());
    try {
      const response = await fetch(`${small.url}/v4/ai/language-model`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json', 'ai-language-model-id': 'openai/gpt-5.4' },
        body: JSON.stringify({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(2000) }] }] }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('(1048 bytes)') } });
    } finally {
      expect(await small.stop()).toBe(0);
    }
    const wrong = await runCli(['serve', '--config', README_CONFIG, '--max-body-mb', 'lots'], env());
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--max-body-mb must be a positive number of MiB, got lots');
  });

  it('exits non-zero naming the key and the fix when the environment lacks a key the config reads', async () => {
    const { BATCH_KEY_SHA256: _unset, ...withoutHash } = env();
    const result = await runCli(['serve', '--config', README_CONFIG, '--port', '0'], withoutHash);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Invalid gateway server config at `keys[1]`');
    expect(result.stderr).toContain('an unset environment variable?');
    expect(result.stderr).toContain('sha256sum');
    expect(result.stderr).toBe(readmeOutput('modelgate: Invalid'));
    expect(result.stderr).not.toContain(GATEWAY_KEY);
  });
});

describe('modelgate serve with a broken config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, code: string) => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };

  it('names the model entry whose provider does not exist, and the providers that do', async () => {
    const config = write(
      'unknown-provider.mjs',
      `const provider = { languageModel() { throw new Error('not called'); } };
       export default {
         providers: { openai: provider, anthropic: provider },
         models: { 'acme/model-1': { providers: [{ provider: 'acme', model: 'model-1' }] } },
         keys: [{ name: 'app', key: 'a-key-of-twenty-characters' }],
       };`,
    );
    const result = await runCli(['serve', '--config', config], configEnv({}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid gateway server config at `models["acme/model-1"].providers[0].provider`');
    expect(result.stderr).toContain('no provider named "acme"');
    expect(result.stderr).toContain('Add it under `providers` or use one of: openai, anthropic.');
  });

  it('refuses a misspelt setting instead of ignoring it, naming the one it most likely meant', async () => {
    const config = write(
      'misspelt.mjs',
      `export default {
         providers: { openai: { languageModel() { throw new Error('not called'); } } },
         models: { 'openai/gpt-5.4': { providers: [{ provider: 'openai', model: 'gpt-5.4' }] } },
         keys: [{ name: 'app', key: 'a-key-of-twenty-characters' }],
         limit: { perKey: { requestsPerMinute: 5 } },
       };`,
    );
    const result = await runCli(['serve', '--config', config], configEnv({}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid gateway server config at `limit`: unknown setting. Did you mean `limits`?');
  });

  it('says when no key is configured at all', async () => {
    const config = write(
      'no-keys.mjs',
      `export default {
         providers: { openai: { languageModel() { throw new Error('not called'); } } },
         models: { 'openai/gpt-5.4': { providers: [{ provider: 'openai', model: 'gpt-5.4' }] } },
       };`,
    );
    const result = await runCli(['serve', '--config', config], configEnv({}));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid gateway server config at `keys`: no API keys are configured');
    expect(result.stderr).toContain('set MODELGATE_API_KEYS');
    // The fix it names works: the same config starts with a key in MODELGATE_API_KEYS.
    const serving = await serve(['--config', config, '--port', '0'], configEnv({ MODELGATE_API_KEYS: 'env-key-0123456789abcdef' }));
    expect(serving.summary).toMatch(/keys\s+1: MODELGATE_API_KEYS\[0\]/);
    expect(serving.summary).not.toContain('env-key-0123456789abcdef');
    expect(await serving.stop()).toBe(0);
  });

  it('says when the config file is missing or exports nothing, with the usage', async () => {
    const missing = await runCli(['serve', '--config', join(dir, 'nope.mjs')], configEnv({}));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`config file not found: ${join(dir, 'nope.mjs')}`);
    expect(missing.stderr).toContain('Usage: modelgate serve --config <file>');
    const empty = await runCli(['serve', '--config', write('empty.mjs', 'export const config = {};\n')], configEnv({}));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('must export the config as its default export');
  });

  it('loads a TypeScript config through tsx', async () => {
    const config = write(
      'gateway.config.ts',
      `interface Config { providers: Record<string, unknown>; models: Record<string, { providers: Array<{ provider: string; model: string }> }>; keys: Array<{ name: string; key: string }> }
       const config: Config = {
         providers: { demo: { languageModel(): never { throw new Error('not called'); } } },
         models: { 'demo/typed': { providers: [{ provider: 'demo', model: 'typed' }] } },
         keys: [{ name: 'typed-key', key: 'a-key-of-twenty-characters' }],
       };
       export default config;`,
    );
    const serving = await serve(['--config', config, '--port', '0'], configEnv({}));
    expect(serving.summary).toMatch(/demo\/typed +language +demo:typed/);
    expect(await serving.stop()).toBe(0);
  });

  it('prints its version', async () => {
    const result = await runCli(['--version'], configEnv({}));
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
