/**
 * Batches (ai 7, `modelgate/v4`): start a batch of text requests on one model, poll its
 * status until it is done, then stream its results. The idempotency key makes a retried
 * start return the same batch instead of starting a second one.
 *
 * On the hosted gateway a batch can take minutes to hours: this example polls for up to
 * ten minutes and otherwise prints the batch id to look it up later
 * (`experimental_getBatchStatus({ provider, batch })`).
 *
 * (This repository installs ai 7 as `ai-v7`; in your app, import from 'ai'.)
 */
import {
  experimental_getBatchResults as getBatchResults,
  experimental_getBatchStatus as getBatchStatus,
  experimental_startBatch as startBatch,
} from 'ai-v7';
import { gateway } from 'modelgate/v4';
import { section, usingLocalGateway } from './setup.js';

const MODEL = process.env.EXAMPLE_MODEL ?? 'openai/gpt-5.4';

const questions = ['Name three prime numbers.', 'What is the capital of France?', 'Translate "good morning" to Spanish.'];

export default async function main() {
  section('start');
  const batch = await startBatch({
    provider: gateway,
    requests: questions.map((prompt, index) => ({ id: `q${index + 1}`, type: 'text' as const, model: MODEL, prompt, maxOutputTokens: 200 })),
    providerOptions: { gateway: { idempotencyKey: `modelgate-example-${new Date().toISOString().slice(0, 10)}-${process.pid}` } },
  });
  console.log(`batch ${batch.id}: ${batch.status}, ${batch.requestCounts?.total ?? questions.length} requests`);

  section('status');
  const pollMs = usingLocalGateway() ? 200 : 15_000;
  const deadline = Date.now() + 10 * 60_000;
  let status = await getBatchStatus({ provider: gateway, batch });
  while (status.status === 'pending' && Date.now() < deadline) {
    console.log(`${status.status} (${status.rawStatus ?? '…'}): ${status.requestCounts?.completed ?? '?'} of ${status.requestCounts?.total ?? '?'} done`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    status = await getBatchStatus({ provider: gateway, batch });
  }
  console.log(`${status.status} (${status.rawStatus ?? '…'})`);
  if (status.status === 'pending') {
    console.log(`Still running; look it up later with the batch id ${batch.id}.`);
    return;
  }
  if (status.status === 'failed') console.log(`failed: ${status.error?.message ?? 'no reason given'}`);

  section('results');
  for await (const item of getBatchResults({ provider: gateway, batch })) {
    if (item.type === 'text' && item.status === 'succeeded') {
      console.log(`${item.id}: ${item.text} (${item.usage.inputTokens} in, ${item.usage.outputTokens} out)`);
    } else {
      console.log(`${item.id}: ${item.status}${'error' in item && item.error ? `: ${item.error.message}` : ''}`);
    }
  }
}
