/**
 * The gateway's account endpoints: the model catalog with prices, the credit balance,
 * the details of one generation, and a spend report.
 */
import { generateText } from 'ai';
import { gateway } from 'modelgate';
import { section } from './setup.js';

const MODEL = process.env.EXAMPLE_MODEL ?? 'openai/gpt-5.4';

/** USD per token (a decimal string) → "$x.xx / 1M tokens". */
function perMillion(price: string | undefined): string {
  if (price === undefined) return '-';
  return `$${(Number(price) * 1_000_000).toFixed(2)}`;
}

export default async function main() {
  section('Catalog (GET /config)');
  const { models } = await gateway.getAvailableModels();
  console.log(`${models.length} models. A few of them, prices per 1M tokens:`);
  const shown = [
    ...models.filter(m => ['openai/gpt-5.4', 'anthropic/claude-sonnet-4.6'].includes(m.id)),
    ...models.filter(m => m.modelType === 'embedding').slice(0, 1),
    ...models.filter(m => m.modelType === 'image').slice(0, 1),
  ];
  for (const m of shown.length > 0 ? shown : models.slice(0, 5)) {
    const pricing = m.pricing
      ? `in ${perMillion(m.pricing.input)}  out ${perMillion(m.pricing.output)}` +
        (m.pricing.cachedInputTokens ? `  cached in ${perMillion(m.pricing.cachedInputTokens)}` : '')
      : 'no token pricing';
    console.log(`  ${m.id.padEnd(34)} ${(m.modelType ?? 'language').padEnd(9)} ${pricing}`);
  }

  section('Credits (GET /v1/credits)');
  const before = await gateway.getCredits();
  console.log(`balance $${before.balance}, used so far $${before.totalUsed}`);

  section(`One call to ${MODEL}`);
  const { text, response, providerMetadata } = await generateText({
    model: gateway(MODEL),
    prompt: 'Say hello to the catalog example.',
    providerOptions: { gateway: { tags: ['example:catalog-and-credits'] } },
  });
  console.log(text);
  console.log(`generation id ${response.id}, cost $${String(providerMetadata?.gateway?.cost ?? '?')}`);

  section('Generation info (GET /v1/generation?id=…)');
  try {
    const info = await gateway.getGenerationInfo({ id: response.id });
    console.log(
      `${info.model} via ${info.providerName}: ${info.promptTokens} prompt + ${info.completionTokens} completion tokens, ` +
        `$${info.totalCost} total, ${info.latency} ms to first token, ${info.generationTime} ms in all`,
    );
  } catch (error) {
    // The hosted gateway records generations asynchronously: a just-finished one may not be there yet.
    console.log(`not available yet: ${error instanceof Error ? error.message : String(error)}`);
  }

  section('Spend report for today, by model (GET /v1/report)');
  const today = new Date().toISOString().slice(0, 10);
  try {
    const { results } = await gateway.getSpendReport({ startDate: today, endDate: today, groupBy: 'model' });
    if (results.length === 0) console.log('no spend recorded today yet');
    for (const row of results) {
      console.log(`  ${String(row.model).padEnd(34)} $${row.totalCost.toFixed(6)}  ${row.requestCount ?? '?'} request(s)`);
    }
  } catch (error) {
    console.log(`spend report unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }

  const after = await gateway.getCredits();
  console.log(`\nbalance now $${after.balance}, used $${after.totalUsed}`);
}
