/**
 * Embeddings through the gateway: embed a few sentences with embedMany, embed a query
 * with embed, and rank the sentences by cosine similarity to the query.
 */
import { cosineSimilarity, embed, embedMany } from 'ai';
import { gateway } from 'modelgate';

const MODEL = process.env.EXAMPLE_EMBEDDING_MODEL ?? 'openai/text-embedding-3-small';

const sentences = [
  'The cat sleeps on the warm windowsill.',
  'Stock markets fell sharply after the announcement.',
  'A sunny day at the beach with the kids.',
  'Kittens and cats love to nap in the sun.',
];

export default async function main() {
  const model = gateway.textEmbeddingModel(MODEL);

  const { embeddings, usage } = await embedMany({ model, values: sentences });
  console.log(`\n${MODEL}: ${embeddings.length} embeddings of ${embeddings[0]?.length} dimensions (${usage.tokens} tokens)`);

  const query = 'Where do cats like to sleep?';
  const { embedding } = await embed({ model, value: query });

  const ranked = sentences
    .map((sentence, i) => ({ sentence, score: cosineSimilarity(embedding, embeddings[i]!) }))
    .sort((a, b) => b.score - a.score);

  console.log(`\nClosest to "${query}":`);
  for (const { sentence, score } of ranked) {
    console.log(`  ${score.toFixed(3)}  ${sentence}`);
  }
}
