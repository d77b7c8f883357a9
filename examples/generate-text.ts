/**
 * generateText through the gateway: one request, the whole reply at once.
 * Prints the text, token usage, the gateway's generation id and the cost it reported.
 */
import { generateText } from 'ai';
import { gateway } from 'modelgate';

const MODEL = process.env.EXAMPLE_MODEL ?? 'openai/gpt-5.4';

export default async function main() {
  const { text, usage, finishReason, response, providerMetadata } = await generateText({
    model: gateway(MODEL),
    system: 'You are a concise assistant.',
    prompt: 'In two sentences: why put an AI gateway in front of many model providers?',
  });

  console.log(`\n${MODEL} says:\n${text}\n`);
  console.log(`finish reason: ${finishReason}`);
  console.log(`tokens:        ${usage.inputTokens} in, ${usage.outputTokens} out, ${usage.totalTokens} total`);
  console.log(`generation id: ${response.id}`);
  const cost = providerMetadata?.gateway?.cost;
  if (cost !== undefined) console.log(`cost:          $${String(cost)}`);
}
