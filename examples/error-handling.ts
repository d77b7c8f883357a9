/**
 * Handling gateway errors: 402 (out of credits), 429 (rate limited, with retry-after)
 * and 503 (provider unavailable). Gateway errors are `APICallError`s, so the usual AI SDK
 * checks work: `APICallError.isInstance(error)`, `error.statusCode`, `error.responseHeaders`.
 *
 * With the local stand-in, the model ids `test/payment-required`, `test/rate-limited` and
 * `test/unavailable` trigger those errors. On the hosted gateway they are unknown models,
 * so you will see a 404 model_not_found instead, handled by the same code.
 */
import { APICallError, generateText, RetryError } from 'ai';
import { gateway } from 'modelgate';
import { section } from './setup.js';

/** ai retries retryable errors itself (maxRetries, default 2) and then wraps them in a RetryError. */
function unwrap(error: unknown): unknown {
  return RetryError.isInstance(error) ? error.lastError : error;
}

function describe(error: unknown): string {
  if (APICallError.isInstance(error)) {
    const type = (error as { type?: string }).type;
    return `${error.name}: HTTP ${error.statusCode}${type ? ` (${type})` : ''}, retryable: ${error.isRetryable}: ${error.message}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The pattern for your own code: retry 429s after the delay the gateway asks for. */
async function generateWithRetryAfter(model: string, prompt: string, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await generateText({ model: gateway(model), prompt, maxRetries: 0 });
    } catch (caught) {
      const error = unwrap(caught);
      if (!APICallError.isInstance(error) || error.statusCode !== 429 || attempt >= attempts) throw error;
      const retryAfterSeconds = Number(error.responseHeaders?.['retry-after'] ?? 1);
      console.log(`  attempt ${attempt}: 429, the gateway asks us to wait ${retryAfterSeconds}s (retry-after)`);
      await sleep(retryAfterSeconds * 1000);
    }
  }
}

export default async function main() {
  section('402 payment required (credits exhausted or budget reached)');
  try {
    await generateText({ model: gateway('test/payment-required'), prompt: 'Hello?' });
  } catch (caught) {
    const error = unwrap(caught);
    console.log(describe(error));
    if (APICallError.isInstance(error) && error.statusCode === 402) {
      console.log('→ not retryable: top up credits or raise the budget, then try again.');
    }
  }

  section('429 rate limited: handled by hand with retry-after');
  try {
    const { text } = await generateWithRetryAfter('test/rate-limited', 'Hello after waiting?');
    console.log(`  succeeded: ${text}`);
  } catch (error) {
    console.log(describe(error));
  }

  section('429 rate limited: left to the AI SDK (maxRetries, honours retry-after)');
  try {
    const { text } = await generateText({ model: gateway('test/rate-limited'), prompt: 'Hello again?', maxRetries: 2 });
    console.log(`  succeeded after the SDK's own retry: ${text}`);
  } catch (caught) {
    console.log(describe(unwrap(caught)));
  }

  section('503 provider unavailable');
  try {
    await generateText({ model: gateway('test/unavailable'), prompt: 'Anyone there?', maxRetries: 1 });
  } catch (caught) {
    const error = unwrap(caught);
    console.log(describe(error));
    if (APICallError.isInstance(error) && (error.statusCode ?? 0) >= 500) {
      console.log('→ retryable; better still, give the gateway fallback models:');
      const { text, response } = await generateText({
        model: gateway('test/unavailable'),
        prompt: 'Anyone there?',
        providerOptions: { gateway: { models: ['openai/gpt-5.4'] } },
      });
      console.log(`  answered by ${response.modelId}: ${text}`);
    }
  }
}
