// gateway.config.mjs: the config `npx modelgate serve --config gateway.config.mjs` loads.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

/** @type {import('modelgate/server').GatewayServerConfig} */
const config = {
  // Upstream providers by slug: the names routing options (order, only, byok) use.
  providers: {
    // A provider instance: every call uses the server's own key.
    anthropic: createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY }),
    // A factory with settings: the same, and a request may bring its own key (BYOK).
    openai: { create: createOpenAI, settings: { apiKey: process.env.OPENAI_API_KEY } },
    // Your own vLLM server (Ollama: http://localhost:11434/v1, LM Studio: http://localhost:1234/v1).
    vllm: createOpenAICompatible({
      name: 'vllm',
      baseURL: process.env.VLLM_BASE_URL ?? 'http://localhost:8000/v1',
      apiKey: process.env.VLLM_API_KEY,
      includeUsage: true,
    }),
    // A hosted OpenAI-compatible API, as the fallback for your own server.
    groq: createOpenAICompatible({
      name: 'groq',
      baseURL: 'https://api.groq.com/openai/v1',
      apiKey: process.env.GROQ_API_KEY,
      includeUsage: true,
    }),
  },

  // Gateway model ids, as clients name them, and the providers that serve each one, in order.
  // Pricing is USD per token (per image for image models); the catalog lists the first provider's.
  models: {
    'anthropic/claude-sonnet-4.6': {
      name: 'Claude Sonnet 4.6',
      providers: [
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-6',
          pricing: { input: '0.000003', output: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' },
        },
      ],
    },
    'openai/gpt-5.4': {
      name: 'GPT-5.4',
      providers: [{ provider: 'openai', model: 'gpt-5.4', pricing: { input: '0.00000125', output: '0.00001' } }],
    },
    'openai/gpt-oss-120b': {
      name: 'gpt-oss-120b',
      providers: [
        // What each serves, for `has` routing (e.g. has: ['tool-use', 'quantization:mxfp4']).
        { provider: 'vllm', model: 'openai/gpt-oss-120b', pricing: { input: '0', output: '0' }, capabilities: ['tool-use', 'reasoning'], quantization: 'mxfp4' },
        { provider: 'groq', model: 'openai/gpt-oss-120b', pricing: { input: '0.00000015', output: '0.0000006' }, capabilities: ['tool-use', 'reasoning'] },
      ],
    },
    'openai/text-embedding-3-small': {
      type: 'embedding',
      providers: [{ provider: 'openai', model: 'text-embedding-3-small', pricing: { input: '0.00000002', output: '0' } }],
    },
  },

  // What your agreements with each provider say, for the routing filters zeroDataRetention,
  // disallowPromptTraining and headquarters. A provider with nothing stated never passes a filter.
  compliance: {
    vllm: { zeroDataRetention: true, trainsOnPrompts: false }, // your own server keeps nothing
    openai: { trainsOnPrompts: false, headquarters: 'US' },
  },

  // The keys clients send as `Authorization: Bearer <key>`. Logs and the startup summary show names only.
  keys: [
    { name: 'web-app', key: process.env.GATEWAY_KEY },
    // Only the key's SHA-256 in the environment, and limited to one model.
    { name: 'batch-jobs', sha256: process.env.BATCH_KEY_SHA256, models: ['openai/gpt-oss-120b'] },
  ],
};

export default config;
