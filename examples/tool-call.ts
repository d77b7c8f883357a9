/**
 * Tool calling through the gateway: the model calls `getWeather`, the AI SDK runs it,
 * and the model answers with the result (two steps, streamed).
 */
import { stepCountIs, streamText, tool } from 'ai';
import { gateway } from 'modelgate';
import { z } from 'zod';

const MODEL = process.env.EXAMPLE_MODEL ?? 'anthropic/claude-sonnet-4.6';

const getWeather = tool({
  description: 'Get the current weather for a city',
  inputSchema: z.object({
    city: z.string().describe('The city, e.g. "Paris"'),
  }),
  // A real app would call a weather API here.
  execute: async ({ city }) => ({
    city,
    temperatureC: 18 + (city.length % 7),
    conditions: city.length % 2 === 0 ? 'sunny' : 'light rain',
  }),
});

export default async function main() {
  const result = streamText({
    model: gateway(MODEL),
    tools: { getWeather },
    stopWhen: stepCountIs(3),
    prompt: 'What is the weather like in Paris right now?',
  });

  console.log(`\n${MODEL}, with a getWeather tool:`);
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'tool-call':
        console.log(`→ calls ${part.toolName}(${JSON.stringify(part.input)})`);
        break;
      case 'tool-result':
        console.log(`← ${part.toolName} returned ${JSON.stringify(part.output)}`);
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

  const steps = await result.steps;
  const usage = await result.totalUsage;
  console.log(`\nsteps: ${steps.length} (${steps.map(step => step.finishReason).join(' → ')})`);
  console.log(`total tokens: ${usage.totalTokens}`);
}
