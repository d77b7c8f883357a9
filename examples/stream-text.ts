/**
 * streamText through the gateway: the reply is printed as it arrives, token by token, then
 * the usage, the generation id, the provider that served it and the cost the gateway reported.
 */
import { streamText } from 'ai';
import { gateway } from 'modelgate';

const MODEL = process.env.EXAMPLE_MODEL ?? 'openai/gpt-5.4';

export default async function main() {
  const result = streamText({
    model: gateway(MODEL),
    prompt: 'Describe a lighthouse at dawn in three short sentences.',
  });

  process.stdout.write(`\n${MODEL} (streaming):\n`);
  for await (const delta of result.textStream) {
    process.stdout.write(delta);
  }
  process.stdout.write('\n\n');

  const [usage, finishReason, response, providerMetadata] = await Promise.all([
    result.usage,
    result.finishReason,
    result.response,
    result.providerMetadata,
  ]);
  console.log(`finish reason: ${finishReason}`);
  console.log(`tokens:        ${usage.inputTokens} in, ${usage.outputTokens} out`);
  console.log(`generation id: ${response.id}`);
  // What the gateway reports about the call: which provider served it, and what it cost.
  const routing = providerMetadata?.gateway?.routing;
  if (typeof routing === 'object' && routing !== null && !Array.isArray(routing)) {
    const fallbacks = Array.isArray(routing.fallbacksAvailable) ? routing.fallbacksAvailable : [];
    console.log(`served by:     ${String(routing.finalProvider)}${fallbacks.length ? ` (fallbacks available: ${fallbacks.join(', ')})` : ''}`);
  }
  const cost = providerMetadata?.gateway?.cost;
  if (cost !== undefined) console.log(`cost:          $${String(cost)}`);
}
