/**
 * The gateway server under test, served on a real socket (src/cli/node-listener.ts) in front of
 * three fake upstreams on real sockets (test/fakes/), reached through the real AI SDK provider
 * packages:
 *
 *   openai     createOpenAI (Responses API)          → OpenAI-shaped fake  (system key + one BYOK key)
 *   azure      createOpenAI(…).chat (Chat Completions) → OpenAI-shaped fake named "azure"
 *   anthropic  createAnthropic (Messages API)         → Anthropic-shaped fake
 *
 * Every response body the server sends is kept (`bodies`), so tests can check that no secret
 * ever left the server.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import type { Server } from 'node:http';
import { listen as listenGateway } from '../../src/cli/node-listener';
import { createGatewayServer, type GatewayServer, type GatewayServerConfig, type GatewayServerOptions } from '../../src/server';
import { createGateway } from '../../src/v4';
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_MODELS } from '../fakes/anthropic-upstream';
import { FAKE_PNG_BASE64 } from '../fakes/deterministic';
import { listen as listenUpstream, type ListeningServer } from '../fakes/listen';
import { createOpenAIUpstream, DEFAULT_OPENAI_MODELS, type FakeUpstream } from '../fakes/openai-upstream';

export const GATEWAY_KEY = 'mg-scenario-gateway-key-5f0e2c9b';
export const OPENAI_SYSTEM_KEY = 'sk-system-openai-3c7d1e0a9b';
export const OPENAI_BYOK_KEY = 'sk-user-byok-openai-88f2a4c1';
export const AZURE_SYSTEM_KEY = 'sk-system-azure-6b1f04d2e7';
export const ANTHROPIC_SYSTEM_KEY = 'sk-ant-system-anthropic-1d9e7c';
/** A Claude subscription's login, as Claude Code sends it in Claude Max mode; the Anthropic fake takes it too. */
export const ANTHROPIC_SUBSCRIPTION_TOKEN = 'sk-ant-oat01-subscription-4e8a2d';
/** Every secret the server holds or sees; none may appear in anything it sends. */
export const SECRETS = [GATEWAY_KEY, OPENAI_SYSTEM_KEY, OPENAI_BYOK_KEY, AZURE_SYSTEM_KEY, ANTHROPIC_SYSTEM_KEY, ANTHROPIC_SUBSCRIPTION_TOKEN];

/** Small, so the stall scenarios stay quick; the harness warms every route up first, so a normal first token takes milliseconds. */
export const FIRST_TOKEN_TIMEOUT_MS = 500;
export const ATTEMPT_TIMEOUT_MS = 1_000;
export const CREDIT_BALANCE = 100;

/** USD per token, as configured; costs in `providerMetadata.gateway.cost` are checked against them. */
export const PRICES = {
  openai: { input: '0.00000015', output: '0.0000006' },
  azure: { input: '0.0000002', output: '0.0000008' },
  anthropic: { input: '0.000003', output: '0.000015' },
  embedding: { input: '0.00000002' },
  image: { image: '0.04' },
} as const;

/** Gateway model ids and the upstream model ids behind them. */
export const MODELS = {
  /** openai (Responses) first, azure (Chat Completions) second: the failover model. */
  responses: 'openai/gpt-4o-mini',
  /** azure only, through Chat Completions. */
  chat: 'openai/gpt-4.1-mini',
  /** anthropic first, then the OpenAI-shaped azure. */
  anthropic: 'anthropic/claude-sonnet-4.6',
  embedding: 'openai/text-embedding-3-small',
  image: 'openai/gpt-image-1',
} as const;

export const FAKE_PNG = Uint8Array.from(atob(FAKE_PNG_BASE64), (char) => char.charCodeAt(0));

export interface CapturedBody {
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface Harness {
  /** The gateway's origin, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The gateway server under test. */
  gateway: GatewayServer;
  upstreams: { openai: FakeUpstream; azure: FakeUpstream; anthropic: FakeUpstream };
  /** Every response body the gateway sent, in order, once each has been sent to its end. */
  settledBodies(): Promise<CapturedBody[]>;
  /** Upstream response bodies still being written (0 once every upstream stream ended or was cancelled). */
  openUpstreamStreams(): number;
  /** Clears the upstreams' scripts and records and the captured bodies. */
  reset(): void;
  close(): Promise<void>;
}

/** createOpenAI whose language models use Chat Completions instead of the Responses API. */
function createOpenAIChat(settings: Parameters<typeof createOpenAI>[0]) {
  const provider = createOpenAI(settings);
  return {
    languageModel: (modelId: string) => provider.chat(modelId),
    embeddingModel: (modelId: string) => provider.embedding(modelId),
    imageModel: (modelId: string) => provider.image(modelId),
  };
}

/**
 * Passes a body through to the client while keeping a copy of its text. Unlike `tee()`, the
 * client cancelling its side cancels the server's stream, as it would without the copy.
 */
function recorded(body: ReadableStream<Uint8Array>, onEnd: (text: string) => void): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let text = '';
  const end = () => onEnd(text + decoder.decode());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          end();
          controller.close();
          return;
        }
        text += decoder.decode(value, { stream: true });
        controller.enqueue(value);
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    async cancel(reason) {
      end();
      await reader.cancel(reason);
    },
  });
}

/** What a test may change: config keys (governance, more keys) and the server's options (storage engines). */
export interface HarnessOverrides {
  config?: Partial<GatewayServerConfig>;
  options?: GatewayServerOptions;
  /** Skip the warm-up calls (they would count against limits and budgets). */
  skipWarmUp?: boolean;
}

export async function startHarness(overrides: HarnessOverrides = {}): Promise<Harness> {
  const upstreams = {
    openai: createOpenAIUpstream({ apiKey: [OPENAI_SYSTEM_KEY, OPENAI_BYOK_KEY] }),
    azure: createOpenAIUpstream({ name: 'azure', apiKey: AZURE_SYSTEM_KEY, models: [...DEFAULT_OPENAI_MODELS, 'claude-sonnet-4-6'] }),
    anthropic: createAnthropicUpstream({ apiKey: [ANTHROPIC_SYSTEM_KEY, ANTHROPIC_SUBSCRIPTION_TOKEN], models: DEFAULT_ANTHROPIC_MODELS }),
  };
  const listening: ListeningServer[] = await Promise.all(Object.values(upstreams).map((upstream) => listenUpstream(upstream.fetch)));
  const [openaiUrl, azureUrl, anthropicUrl] = listening.map((server) => server.url);

  const config: GatewayServerConfig = {
    providers: {
      openai: { create: createOpenAI, settings: { baseURL: `${openaiUrl}/v1`, apiKey: OPENAI_SYSTEM_KEY } },
      azure: { create: createOpenAIChat, settings: { baseURL: `${azureUrl}/v1`, apiKey: AZURE_SYSTEM_KEY } },
      anthropic: { create: createAnthropic, settings: { baseURL: `${anthropicUrl}/v1`, apiKey: ANTHROPIC_SYSTEM_KEY } },
    },
    models: {
      [MODELS.responses]: {
        name: 'GPT-4o mini',
        providers: [
          { provider: 'openai', model: 'gpt-4o-mini', pricing: PRICES.openai },
          { provider: 'azure', model: 'gpt-4o-mini', pricing: PRICES.azure },
        ],
      },
      [MODELS.chat]: { providers: [{ provider: 'azure', model: 'gpt-4.1-mini', pricing: PRICES.azure }] },
      [MODELS.anthropic]: {
        providers: [
          { provider: 'anthropic', model: 'claude-sonnet-4-6', pricing: PRICES.anthropic },
          { provider: 'azure', model: 'claude-sonnet-4-6', pricing: PRICES.anthropic },
        ],
      },
      [MODELS.embedding]: {
        type: 'embedding',
        providers: [
          { provider: 'openai', model: 'text-embedding-3-small', pricing: PRICES.embedding },
          { provider: 'azure', model: 'text-embedding-3-small', pricing: PRICES.embedding },
        ],
      },
      [MODELS.image]: {
        type: 'image',
        providers: [
          { provider: 'openai', model: 'gpt-image-1', pricing: PRICES.image },
          { provider: 'azure', model: 'gpt-image-1', pricing: PRICES.image },
        ],
      },
    },
    keys: [{ name: 'scenarios', key: GATEWAY_KEY }],
    firstTokenTimeoutMs: FIRST_TOKEN_TIMEOUT_MS,
    attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    // Each scenario scripts its own failures and expects the configured order: provider health is tested on its own (provider-health.test.ts).
    demoteUnhealthy: false,
    credits: { balance: CREDIT_BALANCE },
    env: {},
    ...overrides.config,
  };
  const gateway = createGatewayServer(config, overrides.options);
  const bodies: CapturedBody[] = [];
  const pending = new Set<Promise<void>>();

  const { server, url } = await listenGateway(async (request) => {
    const response = await gateway.fetch(request);
    const entry: CapturedBody = {
      path: new URL(request.url).pathname,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text: '',
    };
    bodies.push(entry);
    if (!response.body) return response;
    let ended!: () => void;
    const done = new Promise<void>((resolve) => (ended = resolve));
    pending.add(done);
    void done.finally(() => pending.delete(done));
    const toClient = recorded(response.body, (text) => {
      entry.text = text;
      ended();
    });
    return new Response(toClient, { status: response.status, statusText: response.statusText, headers: response.headers });
  });

  if (!overrides.skipWarmUp) await warmUp(url);
  for (const upstream of Object.values(upstreams)) upstream.reset();
  bodies.length = 0;

  return {
    url,
    gateway,
    upstreams,
    async settledBodies() {
      await Promise.all(pending);
      return bodies;
    },
    openUpstreamStreams: () => listening.reduce((sum, entry) => sum + entry.openStreams, 0),
    reset() {
      for (const upstream of Object.values(upstreams)) upstream.reset();
      bodies.length = 0;
    },
    async close() {
      await Promise.all(pending);
      await closeServer(server);
      await Promise.all(listening.map((entry) => entry.close()));
    },
  };
}

/**
 * One generate and one stream per language model, so module loading and JIT of the server and
 * the provider packages do not count against the first-token timeout of the first scenario.
 */
async function warmUp(url: string): Promise<void> {
  const gateway = createGateway({ baseURL: `${url}/v4/ai`, apiKey: GATEWAY_KEY });
  const options: LanguageModelV4CallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'warm up' }] }] };
  for (const model of [MODELS.responses, MODELS.chat, MODELS.anthropic]) {
    await gateway(model).doGenerate(options);
    const { stream } = await gateway(model).doStream(options);
    const reader = stream.getReader();
    while (!(await reader.read()).done);
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
