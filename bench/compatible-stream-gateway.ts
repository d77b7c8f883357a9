// The gateway process of bench/compatible-stream.ts: createGatewayServer on src/cli/node-listener.ts with two
// @ai-sdk/openai-compatible providers in front of the same fake server, one forwarded (a plain
// createOpenAICompatible) and one converted (the same with an identity transformRequestBody, which keeps
// the converted path). Answers { type: 'cpu' } over IPC with the process's CPU time so far (µs).
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { installNodeFetch } from '../src/cli/node-fetch';
import { listen } from '../src/cli/node-listener';
import { createGatewayServer } from '../src/server';
import { DEFAULT_OPENAI_KEY } from '../test/fakes/openai-upstream';
import { BENCH_GATEWAY_KEY, UPSTREAM_MODEL } from './server-bench-shared';

export const COMPATIBLE_MODELS = { forwarded: 'vllm/forwarded', converted: 'vllm/converted' } as const;

async function main(upstreamUrl: string) {
  // As `modelgate serve` does.
  installNodeFetch();
  const compatible = (name: string, converted: boolean) =>
    createOpenAICompatible({ name, baseURL: `${upstreamUrl}/v1`, apiKey: DEFAULT_OPENAI_KEY, includeUsage: true, ...(converted ? { transformRequestBody: (body: Record<string, unknown>) => body } : {}) });
  const gateway = createGatewayServer({
    providers: { forwarded: compatible('vllm', false), converted: compatible('vllm-converted', true) },
    models: {
      [COMPATIBLE_MODELS.forwarded]: { providers: [{ provider: 'forwarded', model: UPSTREAM_MODEL }] },
      [COMPATIBLE_MODELS.converted]: { providers: [{ provider: 'converted', model: UPSTREAM_MODEL }] },
    },
    keys: [{ name: 'bench', key: BENCH_GATEWAY_KEY }],
    env: {},
  });
  const { url } = await listen(gateway.fetch);
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', micros: user + system });
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', url });
}

if (process.send) void main(process.argv[2]!);
