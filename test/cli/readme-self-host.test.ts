/**
 * The README's "Self-host the gateway" files, word for word: every code block there that
 * starts with `// <file name>` is written into a fresh project folder (modelgate and the
 * @ai-sdk packages linked into its node_modules, as an install would put them), then run the
 * way the README says: server.mjs on Node, bun-server.mjs and deno-server.mjs (and their realtime
 * versions) with the README's own commands on Bun and Deno (this repo's devDependencies), the Next.js route's GET and POST,
 * worker.mjs in workerd with wrangler.jsonc's compatibility settings. The config block must be
 * examples/gateway.config.mjs, which test/cli/serve.test.ts serves with the CLI. The providers
 * reach the fake OpenAI and Anthropic APIs through OPENAI_BASE_URL and ANTHROPIC_BASE_URL.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGateway as createPublicGateway } from '@ai-sdk/gateway';
import { createGateway as createReference } from 'gateway-v4';
import { generateText, streamText } from 'ai';
import { experimental_streamSpeech as streamSpeech, experimental_streamTranscribe as streamTranscribe, generateText as generateText7 } from 'ai-v7';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createGateway, GatewayAuthenticationError } from '../../src';
import { createGateway as createGateway4 } from '../../src/v4';
import { ReferenceWebSocket } from '../support/ws-gateway';
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_KEY } from '../fakes/anthropic-upstream';
import { listen, type ListeningServer } from '../fakes/listen';
import { reply, startFakeRealtimeUpstream, type FakeRealtimeUpstream } from '../fakes/openai-realtime-upstream';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, DEFAULT_OPENAI_MODELS } from '../fakes/openai-upstream';
import { connect, refusal, textRoundTrip } from '../server/socket-test-support';
import { readmeBlocks, readmeSection } from './readme-blocks';
import { createProjectFolder, DENO_LISTENING, QUIET_RUNTIME_ENV, runtimeBinary, startServer, stopAllServers, type RunningServer } from './spawned-server';

const repo = process.cwd();
const GATEWAY_KEY = 'readme-web-app-key-0123456789';
const BATCH_KEY_SHA256 = 'c'.repeat(64);

/** The code blocks of the README's self-host section that name their file on the first line. */
function readmeFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const { code } of readmeBlocks('Self-host the gateway')) {
    const name = /^\/\/ (\S+?)(?::\s.*)?$/.exec(code.split('\n')[0]!)?.[1];
    if (name) files.set(name, code);
  }
  return files;
}

/** The command the README's self-host section gives (as inline code) to run `file`, as argv. */
function readmeCommand(file: string): string[] {
  const commands = [...readmeSection('Self-host the gateway').matchAll(/`([^`\n]+)`/g)].map((match) => match[1]!);
  const command = commands.find((candidate) => candidate.endsWith(` ${file}`) && !candidate.startsWith('//'));
  if (!command) throw new Error(`README.md's self-host section gives no command for ${file}`);
  return command.split(' ');
}

const files = readmeFiles();
const project = createProjectFolder();
let openai: ListeningServer;
let anthropic: ListeningServer;
const env = () => ({
  OPENAI_BASE_URL: `${openai.url}/v1`,
  OPENAI_API_KEY: DEFAULT_OPENAI_KEY,
  ANTHROPIC_BASE_URL: `${anthropic.url}/v1`,
  ANTHROPIC_API_KEY: DEFAULT_ANTHROPIC_KEY,
  GATEWAY_KEY,
  BATCH_KEY_SHA256,
});

beforeAll(async () => {
  openai = await listen(createOpenAIUpstream({ models: [...DEFAULT_OPENAI_MODELS, 'gpt-5.4'] }).fetch);
  anthropic = await listen(createAnthropicUpstream().fetch);
  for (const [name, code] of files) {
    mkdirSync(dirname(join(project, name)), { recursive: true });
    writeFileSync(join(project, name), code);
  }
});

afterAll(async () => {
  // A server a failed test left running.
  await stopAllServers();
  await Promise.all([openai?.close(), anthropic?.close()]);
  rmSync(project, { recursive: true, force: true });
});

it('names every file it deploys, and its config is examples/gateway.config.mjs', () => {
  // (embedded/replicas configs and server-with-storage.mjs run in test/governance/readme-storage.test.ts.)
  expect([...files.keys()].sort()).toEqual(
    [
      'app/[...path]/route.ts', 'bun-server.mjs', 'bun-realtime-server.mjs', 'deno-server.mjs', 'deno-realtime-server.mjs', 'gateway.config.mjs', 'governance.config.mjs', 'server.mjs', 'worker.mjs', 'wrangler.jsonc',
      'embedded.config.mjs', 'replicas.config.mjs', 'server-with-storage.mjs',
    ].sort(),
  );
  expect(files.get('gateway.config.mjs')).toBe(readFileSync(join(repo, 'examples/gateway.config.mjs'), 'utf8'));
});

describe('server.mjs on Node', () => {
  it('serves the config with listen from modelgate/server/node', { timeout: 30_000 }, async () => {
    const server = await startServer({ argv: [process.execPath, 'server.mjs'], cwd: project, env: env(), listening: /^gateway listening on http:\/\/127\.0\.0\.1:(\d+)$/m });
    try {
      const gateway = createGateway({ baseURL: `${server.url}/v1/ai`, apiKey: GATEWAY_KEY });
      const result = streamText({ model: gateway('anthropic/claude-sonnet-4.6'), prompt: 'Hello, Node' });
      expect(await result.text).toBe('You said: Hello, Node This reply comes from anthropic model claude-sonnet-4-6.');
      expect((await result.providerMetadata)?.gateway?.routing).toMatchObject({ finalProvider: 'anthropic' });
    } finally {
      await server.stop();
    }
  });
});

/** The line bun-server.mjs and bun-realtime-server.mjs print once listening; its group is the port. */
const BUN_LISTENING = /^gateway listening on http:\/\/localhost:(\d+)\/$/m;

const RUNTIMES = [
  { runtime: 'bun', file: 'bun-server.mjs', listening: BUN_LISTENING },
  { runtime: 'deno', file: 'deno-server.mjs', listening: DENO_LISTENING },
] as const;

// The README's command for each file, its runtime taken from this repo's node_modules/.bin.
for (const { runtime, file, listening } of RUNTIMES) describe(`${file} on ${runtime}`, () => {
  let server: RunningServer;
  beforeAll(async () => {
    const [command, ...args] = readmeCommand(file);
    expect(command).toBe(runtime);
    server = await startServer({ argv: [runtimeBinary(runtime), ...args], cwd: project, env: { ...env(), ...QUIET_RUNTIME_ENV }, listening });
  });
  afterAll(() => server?.stop());

  it('answers generateText through @ai-sdk/gateway', async () => {
    const gateway = createPublicGateway({ baseURL: `${server.url}/v1/ai`, apiKey: GATEWAY_KEY });
    const result = await generateText({ model: gateway('openai/gpt-5.4'), prompt: `Hello, ${runtime}` });
    expect(result.text).toBe(`You said: Hello, ${runtime} This reply comes from openai model gpt-5.4.`);
    expect(result.providerMetadata?.gateway?.routing).toMatchObject({ finalProvider: 'openai' });
  });

  it("streams streamText through modelgate's client", async () => {
    const gateway = createGateway({ baseURL: `${server.url}/v1/ai`, apiKey: GATEWAY_KEY });
    const result = streamText({ model: gateway('anthropic/claude-sonnet-4.6'), prompt: `Stream, ${runtime}` });
    expect(await result.text).toBe(`You said: Stream, ${runtime} This reply comes from anthropic model claude-sonnet-4-6.`);
    expect((await result.providerMetadata)?.gateway?.routing).toMatchObject({ finalProvider: 'anthropic' });
  });

  it("answers a bad key with 401 and the protocol's error body, never echoing the key", async () => {
    const badKey = 'not-a-key-of-this-gateway-0123456789';
    const raw = await fetch(`${server.url}/v1/ai/config`, { headers: { authorization: `Bearer ${badKey}` } });
    expect(raw.status).toBe(401);
    const body = await raw.text();
    expect(JSON.parse(body)).toMatchObject({ error: { type: 'authentication_error', message: expect.stringContaining('Invalid API key') } });
    expect(body).not.toContain(badKey);

    const gateway = createGateway({ baseURL: `${server.url}/v1/ai`, apiKey: badKey });
    const error: unknown = await generateText({ model: gateway('openai/gpt-5.4'), prompt: 'hi' }).catch((caught: unknown) => caught);
    expect(GatewayAuthenticationError.isInstance(error), String(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401 });
  });
});

const REALTIME_RUNTIMES = [
  { runtime: 'deno', file: 'deno-realtime-server.mjs', listening: DENO_LISTENING, greeting: 'Hello, Deno' },
  { runtime: 'bun', file: 'bun-realtime-server.mjs', listening: BUN_LISTENING, greeting: 'Hello, Bun!' },
] as const;

/**
 * Streaming speech and transcription models of spec v4, as a provider package would offer them, added to the
 * realtime servers' config: speech answers each text part with `audio(<text>)`; transcription answers each audio
 * chunk (ASCII as bytes) with a delta, and finishes with the whole text. Plain JavaScript: it runs in the runtime.
 */
const STREAMING_MODELS = `
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const voice = {
  specificationVersion: 'v4', provider: 'streams', modelId: 'voice-1',
  async doGenerate() { throw new Error('this model only streams'); },
  async doStream({ text }) {
    const reader = text.getReader();
    let characters = 0;
    const stream = new ReadableStream({
      start(controller) { controller.enqueue({ type: 'stream-start', warnings: [] }); },
      async pull(controller) {
        const next = await reader.read();
        if (next.done) { controller.enqueue({ type: 'finish', usage: { inputCharacters: characters } }); return controller.close(); }
        characters += next.value.text.length;
        controller.enqueue({ type: 'audio', audio: encoder.encode('audio(' + next.value.text + ')'), audioFormat: { type: 'audio/pcm', rate: 24000 } });
      },
      cancel: () => reader.cancel(),
    });
    return { stream };
  },
};
const ears = {
  specificationVersion: 'v4', provider: 'streams', modelId: 'ears-1',
  async doGenerate() { throw new Error('this model only streams'); },
  async doStream({ audio }) {
    const reader = audio.getReader();
    let transcript = '';
    const stream = new ReadableStream({
      start(controller) { controller.enqueue({ type: 'stream-start', warnings: [] }); },
      async pull(controller) {
        const next = await reader.read();
        if (next.done) { controller.enqueue({ type: 'finish', text: transcript, segments: [], language: 'en' }); return controller.close(); }
        const chunk = typeof next.value === 'string' ? next.value : decoder.decode(next.value);
        transcript += chunk;
        controller.enqueue({ type: 'transcript-delta', delta: chunk });
      },
      cancel: () => reader.cancel(),
    });
    return { stream };
  },
};
const streaming = {
  providers: { streams: { languageModel: () => undefined, speechModel: () => voice, transcriptionModel: () => ears } },
  models: {
    'acme/voice-stream': { type: 'speech', providers: [{ provider: 'streams', model: 'voice-1', pricing: { request: '0.003' } }] },
    'acme/ears-stream': { type: 'transcription', providers: [{ provider: 'streams', model: 'ears-1', pricing: { request: '0.001' } }] },
  },
};
`;

for (const { runtime, file, listening, greeting } of REALTIME_RUNTIMES) describe(`${file} on ${runtime}`, () => {
  const UPSTREAM_KEY = 'sk-fake-openai-realtime-key';
  const MODEL = 'openai/gpt-realtime-2';
  // Its own folder: the README's config with the realtime section's model added, and ws installed, as that section says.
  const folder = createProjectFolder();
  let upstream: FakeRealtimeUpstream;
  let server: RunningServer;

  beforeAll(async () => {
    upstream = await startFakeRealtimeUpstream({ apiKey: UPSTREAM_KEY });
    symlinkSync(join(repo, 'node_modules', 'ws'), join(folder, 'node_modules', 'ws'), 'dir');
    const realtimeModels = readmeBlocks('Self-host the gateway').find(({ code }) => code.startsWith('models: {') && code.includes("type: 'realtime'"));
    if (!realtimeModels) throw new Error("README.md's realtime section shows no realtime model");
    writeFileSync(
      join(folder, 'gateway.config.mjs'),
      `import config from ${JSON.stringify(join(project, 'gateway.config.mjs'))};\nconst realtime = {\n${realtimeModels.code}};\n${STREAMING_MODELS}\nexport default { ...config, providers: { ...config.providers, ...streaming.providers }, models: { ...config.models, ...realtime.models, ...streaming.models } };\n`,
    );
    writeFileSync(join(folder, file), files.get(file)!);
    const [command, ...args] = readmeCommand(file);
    expect(command).toBe(runtime);
    server = await startServer({
      argv: [runtimeBinary(runtime), ...args],
      cwd: folder,
      env: { ...env(), OPENAI_BASE_URL: upstream.baseURL, OPENAI_API_KEY: UPSTREAM_KEY, ...QUIET_RUNTIME_ENV },
      listening,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("relays a realtime session of modelgate's client to the provider, and charges it when it ends", async () => {
    const model = createGateway4({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY }).experimental_realtime(MODEL);
    const { url, headers } = await model.getServerWebSocketConfig!();
    const session = await connect(model, url, { headers });
    expect(await textRoundTrip(session, greeting)).toBe(reply(greeting));
    session.socket.close(1000);
    const [upstreamSocket] = upstream.sockets;
    expect(await upstreamSocket!.whenClosed).toEqual({ code: 1000, reason: '' });
    expect(upstreamSocket!.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);

    // The fake counts characters in and out, at the README model's prices.
    let used = 0;
    for (let polls = 0; used === 0 && polls < 50; polls++) {
      const credits = await fetch(`${server.url}/v1/credits`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
      used = Number(((await credits.json()) as { total_used: string }).total_used);
      if (used === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(used).toBeCloseTo(greeting.length * 0.000004 + reply(greeting).length * 0.000016, 12);
  });

  it("refuses a bad key with 401 and the protocol's error body, never echoing the key", async () => {
    const badKey = 'not-a-key-of-this-gateway-0123456789';
    const url = `${server.url.replace(/^http/, 'ws')}/v4/ai/realtime-model?ai-model-id=${encodeURIComponent(MODEL)}`;
    const refused = await refusal(url, { headers: { authorization: `Bearer ${badKey}` } });
    expect(refused).toMatchObject({ status: 401, body: { error: { type: 'authentication_error' } } });
    expect(JSON.stringify(refused.body)).not.toContain(badKey);
  });

  const streamingClients = {
    modelgate: () => createGateway4({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY, webSocket: WebSocket }),
    '@ai-sdk/gateway 4': () => createReference({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY, webSocket: ReferenceWebSocket }),
  };
  for (const [client, makeGateway] of Object.entries(streamingClients)) it(`streams speech and transcription sessions of ${client} through the runtime's WebSocket server`, async () => {
    const gateway = makeGateway();
    const speech = streamSpeech({ model: gateway.experimental_speech('acme/voice-stream'), text: ['Hello ', 'from ', runtime] });
    const audio: string[] = [];
    for await (const part of speech.fullStream) if (part.type === 'audio') audio.push(new TextDecoder().decode(part.audio));
    expect(audio).toEqual(['audio(Hello )', 'audio(from )', `audio(${runtime})`]);
    expect(await speech.usage).toEqual({ inputCharacters: `Hello from ${runtime}`.length });
    expect((await speech.providerMetadata).gateway).toMatchObject({ cost: '0.003', routing: { finalProvider: 'streams' } });

    const words = ['one ', 'two ', 'three'];
    const transcription = streamTranscribe({
      model: gateway.experimental_transcription('acme/ears-stream'),
      audio: new ReadableStream<Uint8Array>({
        start(controller) {
          for (const word of words) controller.enqueue(new TextEncoder().encode(word));
          controller.close();
        },
      }),
      inputAudioFormat: { type: 'audio/pcm', rate: 16_000 },
    });
    expect(await transcription.text).toBe('one two three');
    expect((await transcription.providerMetadata).gateway).toMatchObject({ cost: '0.001' });
  });

  // bunServeOptions sets Bun's frame limit to the Node listener's (Deno's server keeps its own).
  if (runtime === 'bun') {
    it('closes a session whose client sends a frame past 8 MiB with 1009, as the Node listener does', async () => {
      const model = createGateway4({ baseURL: `${server.url}/v4/ai`, apiKey: GATEWAY_KEY }).experimental_realtime(MODEL);
      const { url, headers } = await model.getServerWebSocketConfig!();
      const session = await connect(model, url, { headers });
      session.socket.send('x'.repeat(8 * 2 ** 20 + 1));
      expect((await session.closed).code).toBe(1009);
    });
  }
});

describe('app/[...path]/route.ts (Next.js)', () => {
  it('GET serves the catalog and POST the model calls of every path clients use', { timeout: 30_000 }, async () => {
    const saved = { ...process.env };
    Object.assign(process.env, env());
    let route: { GET: (request: Request) => Promise<Response>; POST: (request: Request) => Promise<Response> };
    try {
      route = await import(pathToFileURL(join(project, 'app/[...path]/route.ts')).href);
    } finally {
      process.env = saved;
    }
    const catalog = await route.GET(new Request('https://gateway.example.com/v3/ai/config', { headers: { authorization: `Bearer ${GATEWAY_KEY}` } }));
    expect(catalog.status).toBe(200);
    const { models } = (await catalog.json()) as { models: Array<{ id: string }> };
    expect(models.map((model) => model.id)).toEqual([
      'anthropic/claude-sonnet-4.6',
      'openai/gpt-5.4',
      'openai/gpt-oss-120b',
      'openai/text-embedding-3-small',
    ]);
    // modelgate (ai 7) with the route handler as its fetch: what Next.js does with a request.
    const gateway = createGateway4({
      baseURL: 'https://gateway.example.com/v4/ai',
      apiKey: GATEWAY_KEY,
      fetch: (input, init) => route.POST(new Request(input, init)),
    });
    const result = await generateText7({ model: gateway('openai/gpt-5.4'), prompt: 'Hello, Next' });
    expect(result.text).toBe('You said: Hello, Next This reply comes from openai model gpt-5.4.');
    const credits = await route.GET(new Request('https://gateway.example.com/v1/credits', { headers: { authorization: `Bearer ${GATEWAY_KEY}` } }));
    expect(await credits.json()).toMatchObject({ total_used: result.providerMetadata?.gateway?.cost });
  });
});

describe('worker.mjs on Cloudflare Workers (workerd)', () => {
  let mf: Miniflare | undefined;
  afterAll(() => mf?.dispose());

  it('reads the config from process.env and serves a stream', { timeout: 60_000 }, async () => {
    const wrangler = JSON.parse(files.get('wrangler.jsonc')!.replace(/^\s*\/\/.*$/gm, '')) as {
      main: string;
      compatibility_date: string;
      compatibility_flags: string[];
    };
    // What wrangler does: bundle `main` for the workerd/worker conditions.
    const bundle = await esbuild.build({
      entryPoints: [join(project, wrangler.main)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    mf = new Miniflare({
      compatibilityDate: wrangler.compatibility_date,
      compatibilityFlags: wrangler.compatibility_flags,
      modules: [{ type: 'ESModule', path: 'worker.mjs', contents: bundle.outputFiles[0]!.text }],
      bindings: env(),
    });
    const url = await mf.ready;
    const gateway = createGateway({ baseURL: new URL('/v1/ai', url).href, apiKey: GATEWAY_KEY });
    const result = streamText({ model: gateway('openai/gpt-5.4'), prompt: 'Hello, Worker' });
    expect(await result.text).toBe('You said: Hello, Worker This reply comes from openai model gpt-5.4.');
    expect((await result.providerMetadata)?.gateway?.routing).toMatchObject({ finalProvider: 'openai' });
    // Later calls too: the gateway keeps a few AbortControllers made ahead from one request to the next.
    for (const prompt of ['Again', 'Once more']) {
      const again = await generateText({ model: gateway('openai/gpt-5.4'), prompt });
      expect(again.text).toBe(`You said: ${prompt} This reply comes from openai model gpt-5.4.`);
    }
  });
});
