/**
 * Reranking through the gateway (ai 7's `rerank`; in ai 6 it has the same name): order
 * documents by how well they answer a query, and keep the best few.
 */
import { rerank } from 'ai-v7'; // `from 'ai'` in a project on ai 7
import { gateway } from 'modelgate/v4';

const MODEL = process.env.EXAMPLE_RERANKING_MODEL ?? 'cohere/rerank-v3.5';

const documents = [
  'The Eiffel Tower was finished in 1889 for the World Fair in Paris.',
  'Bananas are rich in potassium and easy to digest.',
  'Paris is the capital of France and its largest city.',
  'The Louvre in Paris is the most visited museum in the world.',
  'Mount Everest is the highest mountain above sea level.',
];

export default async function main() {
  const query = 'What is there to see in Paris?';
  const { ranking, rerankedDocuments, providerMetadata } = await rerank({
    model: gateway.rerankingModel(MODEL),
    documents,
    query,
    topN: 3,
  });

  console.log(`\n${MODEL}: the ${rerankedDocuments.length} best of ${documents.length} documents for "${query}"`);
  for (const { originalIndex, score, document } of ranking) {
    console.log(`  ${score.toFixed(3)}  #${originalIndex}  ${document}`);
  }
  const cost = (providerMetadata?.gateway as { cost?: string } | undefined)?.cost;
  if (cost !== undefined) console.log(`cost: $${cost}`);
}
