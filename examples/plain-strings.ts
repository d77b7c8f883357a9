/**
 * Plain 'provider/model' strings: importing 'modelgate/register' makes modelgate the AI
 * SDK's default provider (globalThis.AI_SDK_DEFAULT_PROVIDER), so `model` can be a string.
 * The default instance reads AI_GATEWAY_API_KEY (or the Vercel OIDC token) and, when set,
 * AI_GATEWAY_BASE_URL.
 */
import 'modelgate/register';
import { generateText, streamText } from 'ai';

export default async function main() {
  const { text } = await generateText({
    model: 'openai/gpt-5.4',
    prompt: 'Name one benefit of plain model strings.',
  });
  console.log(`\nopenai/gpt-5.4: ${text}`);

  process.stdout.write('\nanthropic/claude-sonnet-4.6 (streaming): ');
  const result = streamText({ model: 'anthropic/claude-sonnet-4.6', prompt: 'And one more, briefly.' });
  for await (const delta of result.textStream) process.stdout.write(delta);
  process.stdout.write('\n');
}
