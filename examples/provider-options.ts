/**
 * Gateway routing and accounting options, passed per call as `providerOptions.gateway`.
 * Each call prints how the gateway says it routed the request
 * (`providerMetadata.gateway.routing`).
 */
import { generateText, type JSONValue } from 'ai';
import { gateway, type GatewayProviderOptions } from 'modelgate';
import { section, usingLocalGateway } from './setup.js';

const MODEL = process.env.EXAMPLE_MODEL ?? 'anthropic/claude-sonnet-4.6';

async function ask(title: string, options: Record<string, JSONValue>) {
  section(title);
  console.log(`providerOptions.gateway = ${JSON.stringify(options)}`);
  const { text, providerMetadata, response } = await generateText({
    model: gateway(MODEL),
    prompt: `Reply in one sentence (${title}).`,
    providerOptions: { gateway: options },
  });
  console.log(`reply: ${text}`);
  const meta = (providerMetadata?.gateway ?? {}) as Record<string, any>;
  if (meta.routing) {
    const r = meta.routing;
    console.log(`routed to: ${r.resolvedProvider ?? '?'} (${r.planningReasoning ?? 'no reasoning given'})`);
  }
  console.log(`generation ${response.id}, cost $${String(meta.cost ?? '?')}${meta.cache ? `, response cache ${meta.cache}` : ''}`);
}

export default async function main() {
  // Provider order: try Bedrock first, fail over to Anthropic. `only` restricts the candidates.
  await ask('order + only', {
    order: ['bedrock', 'anthropic'],
    only: ['bedrock', 'anthropic'],
  } satisfies GatewayProviderOptions);

  // Rank candidate providers by a metric: 'cost', 'ttft' (time to first token) or 'tps'.
  await ask('sort by cost', { sort: 'cost' } satisfies GatewayProviderOptions);

  // Model fallbacks: if the primary model fails, the gateway tries these in order.
  await ask('model fallbacks', { models: ['openai/gpt-5.4', 'google/gemini-3-flash'] } satisfies GatewayProviderOptions);

  // Spend attribution: an end-user id and tags show up in usage reports (see catalog-and-credits).
  await ask('user + tags', { user: 'user_123', tags: ['feature:chat', 'env:example'] } satisfies GatewayProviderOptions);

  // Bring your own key, for this request only. Without a key of your own on the hosted
  // gateway this part is skipped (a wrong key would fail the request).
  const anthropicKey = process.env.ANTHROPIC_API_KEY ?? (usingLocalGateway() ? 'sk-ant-local-dummy' : undefined);
  if (anthropicKey) {
    await ask('byok', { byok: { anthropic: [{ apiKey: anthropicKey }] } } satisfies GatewayProviderOptions);
  } else {
    section('byok');
    console.log('skipped: set ANTHROPIC_API_KEY to try request-scoped BYOK credentials');
  }

  // Prompt caching: let the gateway add provider-appropriate cache markers.
  await ask('caching: auto', { caching: 'auto' } satisfies GatewayProviderOptions);

  // Response caching with Cache-Control syntax: the second identical request is served from the cache.
  section('cacheControl (same request twice)');
  for (const attempt of [1, 2]) {
    const { text, providerMetadata } = await generateText({
      model: gateway(MODEL),
      prompt: 'What is the capital of France? One word.',
      providerOptions: { gateway: { cacheControl: 'max-age=300' } satisfies GatewayProviderOptions },
    });
    const meta = (providerMetadata?.gateway ?? {}) as Record<string, any>;
    console.log(`#${attempt}: ${text}  (cost $${String(meta.cost ?? '?')}${meta.cache ? `, cache ${meta.cache}` : ''})`);
  }
}
