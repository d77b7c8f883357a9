/**
 * The self-hosted gateway `npm run example` runs when no AI_GATEWAY_API_KEY is set: modelgate's
 * real server (`createGatewayServer` from 'modelgate/server', served with `listen` from
 * 'modelgate/server/node') on a free port on 127.0.0.1, routing to the local demo upstream
 * (examples/demo-upstream.ts) through the real @ai-sdk/openai, @ai-sdk/anthropic and
 * @ai-sdk/openai-compatible packages, with pricing, so every reply reports its provider and cost.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createGatewayServer, type GatewayServerConfig } from 'modelgate/server';
import { listen } from 'modelgate/server/node';
import { startDemoUpstreams, type DemoUpstreams } from './demo-upstream.js';

/** The key the demo gateway accepts (it is configured with this one only). */
export const DEMO_GATEWAY_KEY = 'demo-gateway-key-for-examples';

/** The gateway's config: what `modelgate serve --config` would load from a file. */
export function demoGatewayConfig(upstreams: DemoUpstreams): GatewayServerConfig {
  return {
    providers: {
      openai: createOpenAI(upstreams.openai),
      anthropic: createAnthropic(upstreams.anthropic),
      // An OpenAI-compatible server (vLLM, Ollama, LM Studio …): here the same demo upstream.
      'local-vllm': createOpenAICompatible({ name: 'local-vllm', ...upstreams.openai, includeUsage: true }),
    },
    models: {
      'openai/gpt-5.4': {
        name: 'GPT-5.4',
        providers: [
          { provider: 'openai', model: 'gpt-5.4', pricing: { input: '0.00000125', output: '0.00001' } },
          // The fallback: tried when the first provider fails (5xx, 429, network error, timeout).
          { provider: 'local-vllm', model: 'gpt-5.4', pricing: { input: '0.0000002', output: '0.0000008' } },
        ],
      },
      'anthropic/claude-sonnet-4.6': {
        name: 'Claude Sonnet 4.6',
        providers: [{ provider: 'anthropic', model: 'claude-sonnet-4-6', pricing: { input: '0.000003', output: '0.000015' } }],
      },
      'openai/text-embedding-3-small': {
        type: 'embedding',
        providers: [{ provider: 'openai', model: 'text-embedding-3-small', pricing: { input: '0.00000002', output: '0' } }],
      },
    },
    keys: [{ name: 'examples', key: DEMO_GATEWAY_KEY }],
  };
}

export interface DemoGateway {
  /** e.g. `http://127.0.0.1:43123` */
  origin: string;
  close(): Promise<void>;
}

export async function startDemoGateway(): Promise<DemoGateway> {
  // A small delay between deltas, so the reply visibly streams.
  const upstreams = await startDemoUpstreams({ chunkDelayMs: 15 });
  const server = createGatewayServer(demoGatewayConfig(upstreams));
  const { server: http, url } = await listen(server.fetch);
  return {
    origin: url,
    close: async () => {
      await new Promise<void>(resolve => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await upstreams.close();
    },
  };
}
