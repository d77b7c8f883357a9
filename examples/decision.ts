/**
 * Decision models (ai 7, `modelgate/v4`): `experimental_decide` answers typed questions about
 * one shared state: a choice, a score and a yes/no. A conditional fallback reruns the
 * decision on a larger model when the first one is unsure, and the result says which
 * model answered.
 *
 * (This repository installs ai 7 as `ai-v7`; in your app, import from 'ai'.)
 */
import { experimental_decide as decide } from 'ai-v7';
import { gateway, type GatewayProviderOptions } from 'modelgate/v4';
import { section } from './setup.js';

const MODEL = process.env.EXAMPLE_DECISION_MODEL ?? 'liquid/d1';
const FALLBACK = process.env.EXAMPLE_DECISION_FALLBACK ?? 'liquid/d1-ultra';

const questions = {
  category: {
    type: 'choice',
    instructions: 'Which team should handle this support ticket?',
    criteria: {
      billing: 'invoices, refunds, charges, payment cards',
      shipping: 'delivery, parcels, tracking, couriers',
      technical: 'errors, crashes, login problems, the app',
    },
  },
  urgency: {
    type: 'score',
    instructions: 'How urgent is the ticket?',
    criteria: ['can wait a week', 'should be answered today', 'urgent: customer is blocked right now'],
  },
  angry: { type: 'boolean', criteria: { true: 'the customer is angry, upset or threatening to leave' } },
} as const;

const tickets = [
  'I was charged twice for my invoice this month, please refund the second charge.',
  'The app crashes at login and I am blocked right now, this is urgent! I am upset and will leave.',
  'Where is my parcel? The courier tracking page shows no delivery update.',
];

export default async function main() {
  for (const ticket of tickets) {
    section(ticket.slice(0, 50));
    const { answers, response, usage, providerMetadata } = await decide({
      model: gateway.decisionModel(MODEL),
      state: ticket,
      questions,
      providerOptions: {
        gateway: {
          // Rerun on the larger model when the category or urgency answer is less than 60% sure.
          models: [{ model: FALLBACK, when: { any: [{ question: 'category', confidenceBelow: 0.6 }, { question: 'urgency', confidenceBelow: 0.6 }] } }],
        } satisfies GatewayProviderOptions<keyof typeof questions>,
      },
    });
    const { category, urgency, angry } = answers;
    if (category.type === 'choice') {
      console.log(`category: ${category.choice} (${Math.round((category.probabilities?.[category.choice] ?? 1) * 100)}% sure)`);
    }
    if (urgency.type === 'score') console.log(`urgency:  ${urgency.score.toFixed(2)} of 0…${questions.urgency.criteria.length - 1}`);
    if (angry.type === 'boolean') console.log(`angry:    ${Math.round(angry.probability * 100)}% likely`);
    const fellBack = response.modelId !== MODEL;
    console.log(`answered by ${response.modelId}${fellBack ? ` (fallback: ${MODEL} was unsure)` : ''}, ${usage.inputTokens ?? '?'} input tokens, cost $${String(providerMetadata?.gateway?.cost ?? '?')}`);
  }
}
