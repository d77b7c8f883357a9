/**
 * The small local demo upstream `npm run example` routes to: the fake OpenAI and Anthropic
 * APIs of the test suite (test/fakes/, one copy shared with the tests) on free ports on
 * 127.0.0.1. They answer deterministically ("You said: … This reply comes from …"), stream
 * word by word, call tools, return embeddings, and report token usage, so the real gateway
 * server in front of them has usage to price.
 */
import { createAnthropicUpstream, DEFAULT_ANTHROPIC_KEY, DEFAULT_ANTHROPIC_MODELS } from '../test/fakes/anthropic-upstream.js';
import { listen, type ListeningServer } from '../test/fakes/listen.js';
import { createOpenAIUpstream, DEFAULT_OPENAI_KEY, DEFAULT_OPENAI_MODELS } from '../test/fakes/openai-upstream.js';

export interface DemoUpstream {
  /** Base URL for the provider package, e.g. `createOpenAI({ baseURL })`: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  apiKey: string;
}

export interface DemoUpstreams {
  openai: DemoUpstream;
  anthropic: DemoUpstream;
  close(): Promise<void>;
}

export async function startDemoUpstreams(options: { chunkDelayMs?: number } = {}): Promise<DemoUpstreams> {
  const behavior = { chunkDelayMs: options.chunkDelayMs ?? 0 };
  const servers: ListeningServer[] = [];
  const openai = await listen(
    createOpenAIUpstream({ name: 'the demo OpenAI API', models: [...DEFAULT_OPENAI_MODELS, 'gpt-5.4'], behavior }).fetch,
  );
  servers.push(openai);
  const anthropic = await listen(createAnthropicUpstream({ name: 'the demo Anthropic API', models: DEFAULT_ANTHROPIC_MODELS, behavior }).fetch);
  servers.push(anthropic);
  return {
    openai: { baseURL: `${openai.url}/v1`, apiKey: DEFAULT_OPENAI_KEY },
    anthropic: { baseURL: `${anthropic.url}/v1`, apiKey: DEFAULT_ANTHROPIC_KEY },
    close: async () => {
      await Promise.all(servers.map(server => server.close()));
    },
  };
}
