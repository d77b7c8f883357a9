/**
 * Usage and cost accounting: `onUsage` on createGateway is called once per finished model
 * call (generate, stream, embed, image) with the tokens used, the cost (as the gateway
 * reported it, else estimated from the catalog) and the generation id. Here it feeds a
 * small in-memory ledger; in an app you would write it to your database or metrics.
 */
import { embedMany, generateText, streamText } from 'ai';
import { createGateway, type GatewayUsage, type GatewayUsageRecord } from 'modelgate';

const ledger: GatewayUsageRecord[] = [];

const gateway = createGateway({
  onUsage: record => {
    ledger.push(record);
  },
});

function tokens(usage: GatewayUsage): string {
  if (usage.tokens !== undefined) return `${usage.tokens} tokens`;
  return `${usage.inputTokens ?? '?'} in / ${usage.outputTokens ?? '?'} out`;
}

export default async function main() {
  const tags = ['feature:tips'];
  const generated = await generateText({
    model: gateway('openai/gpt-5.4'),
    prompt: 'Give me a one-line tip for saving on tokens.',
    providerOptions: { gateway: { user: 'user_42', tags } },
  });
  console.log(`\ngenerate: ${generated.text}`);

  const streamed = streamText({
    model: gateway('anthropic/claude-sonnet-4.6'),
    prompt: 'And a second tip, please.',
    providerOptions: { gateway: { user: 'user_42', tags } },
  });
  process.stdout.write('stream:   ');
  for await (const delta of streamed.textStream) process.stdout.write(delta);
  process.stdout.write('\n');

  await embedMany({
    model: gateway.textEmbeddingModel('openai/text-embedding-3-small'),
    values: ['tokens', 'costs', 'budgets'],
  });

  console.log('\nUsage ledger (one onUsage record per call):');
  let total = 0;
  for (const r of ledger) {
    total += r.costUsd ?? 0;
    const cost = r.costUsd === undefined ? 'cost ?' : `$${r.costUsd.toFixed(8)}`;
    const who = `${r.user ? `  user=${r.user}` : ''}${r.tags?.length ? `  tags=${r.tags.join(',')}` : ''}`;
    console.log(`  ${r.kind.padEnd(8)} ${r.modelId.padEnd(30)} ${tokens(r.usage).padEnd(16)} ${cost.padEnd(12)} ${r.durationMs} ms${who}`);
  }
  console.log(`  total: $${total.toFixed(8)} over ${ledger.length} call(s)`);

  // estimateCost prices a usage at the cached catalog's per-token prices (undefined until the
  // catalog has been fetched, so fetch it once first).
  await gateway.getAvailableModels();
  const estimate = gateway.estimateCost('openai/gpt-5.4', generated.usage);
  if (estimate !== undefined) console.log(`  catalog estimate for the first call: $${estimate.toFixed(8)}`);
}
