/**
 * Runs one example: `npm run example -- <name>` (default: stream-text).
 * `npm run example -- --list` lists them.
 *
 * With no AI_GATEWAY_API_KEY / VERCEL_OIDC_TOKEN it first starts a local gateway (see setup.ts):
 * modelgate's own server in front of a demo upstream, or the canned stand-in for the rest.
 */
import { pathToFileURL } from 'node:url';
import { setupGateway } from './setup.js';

export const EXAMPLES = {
  'generate-text': 'generateText through the gateway, with usage, generation id and cost',
  'stream-text': 'streamText, printing the reply as it streams',
  'tool-call': 'a tool the model calls, then an answer that uses its result (multi-step)',
  embed: 'embed and embedMany, then rank sentences by cosine similarity',
  image: 'generate images with an image model and save them as PNG files',
  rerank: 'rerank documents by relevance to a query (ai 7, modelgate/v4)',
  speech: 'text to speech, saved as an audio file (ai 7, modelgate/v4)',
  transcription: 'speech to text: transcribe audio (ai 7, modelgate/v4)',
  video: 'generate a video, then run one as a job: start it and poll its status (ai 7, modelgate/v4)',
  'catalog-and-credits': 'list the model catalog with prices, credits, generation info and a spend report',
  'provider-options': 'gateway routing options: order, only, models, user, tags, byok, caching, cacheControl, sort',
  'error-handling': 'handle 402 (payment required), 429 (rate limit, retry-after) and 503 (with fallbacks)',
  'plain-strings': "import 'modelgate/register' and pass plain 'provider/model' strings",
  'usage-and-cost': 'record usage and cost of every call with onUsage',
  'gateway-tool': 'a web search tool the gateway runs itself (gateway.tools), with ai 7 and ai 5',
  decision: 'ai 7 experimental_decide: a choice, a score and a yes/no, with a conditional fallback model',
  batch: 'ai 7 experimental_startBatch: start a batch, poll its status, stream its results',
} as const;

type ExampleName = keyof typeof EXAMPLES;

function usage(): string {
  const width = Math.max(...Object.keys(EXAMPLES).map(name => name.length));
  return [
    'Usage: npm run example -- <name>',
    '',
    ...Object.entries(EXAMPLES).map(([name, about]) => `  ${name.padEnd(width)}  ${about}`),
  ].join('\n');
}

async function main(): Promise<number> {
  const arg = process.argv[2] ?? 'stream-text';
  if (arg === '--list' || arg === '--help' || arg === '-h') {
    console.log(usage());
    return 0;
  }
  const name = arg.replace(/\.ts$/, '') as ExampleName;
  if (!(name in EXAMPLES)) {
    console.error(`Unknown example "${arg}".\n\n${usage()}`);
    return 2;
  }

  const env = await setupGateway(name);
  try {
    // Imported only now, after setupGateway() has set AI_GATEWAY_BASE_URL for the local gateway.
    const example: { default: () => Promise<void> } = await import(`./${name}.ts`);
    await example.default();
    return 0;
  } catch (error) {
    console.error(`\nExample "${name}" failed:`, error);
    return 1;
  } finally {
    await env.close();
  }
}

// Only when run as a script: tests import EXAMPLES without running anything.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
