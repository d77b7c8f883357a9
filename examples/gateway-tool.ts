/**
 * A tool the gateway runs itself: web search. The model calls it, the gateway executes it
 * and the model answers with the results, all in one request, with nothing to run locally.
 *
 * First ai 7 with `modelgate/v4` (the eight gateway tools: Exa, Parallel, Perplexity, Tako,
 * Browserbase, DeepSeek), then ai 5 with `modelgate` (the two of @ai-sdk/gateway 2.x).
 */
import { generateText as generateTextAi5 } from 'ai';
import { streamText } from 'ai-v7';
import { gateway } from 'modelgate';
import { gateway as gatewayV4 } from 'modelgate/v4';
import { section } from './setup.js';

const MODEL = process.env.EXAMPLE_MODEL ?? 'openai/gpt-5.4';
const PROMPT = 'What changed in AI gateways this week? Cite your sources.';

export default async function main() {
  section(`ai 7: ${MODEL} with gateway.tools.exaSearch`);
  const result = streamText({
    model: gatewayV4(MODEL),
    tools: { search: gatewayV4.tools.exaSearch({ numResults: 3, contents: { text: { maxCharacters: 400 } } }) },
    prompt: PROMPT,
  });
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'tool-call':
        console.log(`→ the model calls ${part.toolName}(${JSON.stringify(part.input)}), run by the gateway`);
        break;
      case 'tool-result':
        console.log(`← ${part.toolName} returned ${describe(part.output)}`);
        break;
      case 'text-start':
        process.stdout.write('answer: ');
        break;
      case 'text-delta':
        process.stdout.write(part.text);
        break;
      case 'text-end':
        process.stdout.write('\n');
        break;
      case 'error':
        throw part.error;
    }
  }
  console.log(`steps: ${(await result.steps).length} (the gateway ran the tool; nothing ran here)`);

  section(`ai 5: ${MODEL} with gateway.tools.perplexitySearch`);
  const { toolResults, text } = await generateTextAi5({
    model: gateway(MODEL),
    tools: { search: gateway.tools.perplexitySearch({ maxResults: 3, searchRecencyFilter: 'week' }) },
    prompt: PROMPT,
  });
  for (const toolResult of toolResults) console.log(`← ${toolResult.toolName} returned ${describe(toolResult.output)}`);
  console.log(`answer: ${text}`);
}

/** "3 results: <title> (<url>), …" for a search result; the error for a tool error. */
function describe(output: unknown): string {
  if (output && typeof output === 'object') {
    if ('error' in output && 'message' in output) return `an error: ${String(output.error)}: ${String(output.message)}`;
    if ('results' in output && Array.isArray(output.results)) {
      const results: unknown[] = output.results;
      const titles = results.map((result) =>
        result && typeof result === 'object' && 'title' in result && 'url' in result
          ? `${String(result.title)} (${String(result.url)})`
          : JSON.stringify(result),
      );
      return `${results.length} result${results.length === 1 ? '' : 's'}: ${titles.join(', ')}`;
    }
  }
  return JSON.stringify(output);
}
