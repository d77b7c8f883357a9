/**
 * streamText through the gateway: the reply is printed as it arrives, token by token.
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
  const cost = providerMetadata?.gateway?.cost;
  if (cost !== undefined) console.log(`cost:          $${String(cost)}`);
}
