/**
 * Decides where the examples send their requests.
 *
 * - With `AI_GATEWAY_API_KEY` or `VERCEL_OIDC_TOKEN` set: the hosted AI Gateway
 *   (or `AI_GATEWAY_BASE_URL`, if you set that too).
 * - Otherwise, for the examples the self-hosted server covers (stream-text, the default, and
 *   the others in SELF_HOSTED_EXAMPLES): modelgate's own gateway server (examples/demo-gateway.ts)
 *   on a free port on 127.0.0.1, in front of a local demo upstream (fake OpenAI and Anthropic APIs).
 * - Otherwise: the local gateway stand-in (examples/local-gateway.ts, canned replies), which also
 *   fakes what the server does not offer (spend reports, the 402/429/503 triggers, the demo catalog).
 * Either way `AI_GATEWAY_BASE_URL` and `AI_GATEWAY_API_KEY` point at the local server, so every
 * example runs offline with no account.
 *
 * It must run before 'modelgate' is imported, because the default `gateway` instance
 * reads `AI_GATEWAY_BASE_URL` and `AI_GATEWAY_API_KEY` from the environment.
 */
import { DEMO_GATEWAY_KEY, startDemoGateway } from './demo-gateway.js';
import { startLocalGateway, type LocalGateway } from './local-gateway.js';

/** Examples that run against the self-hosted gateway server when there is no gateway key. */
export const SELF_HOSTED_EXAMPLES: ReadonlySet<string> = new Set([
  'stream-text',
  'generate-text',
  'embed',
  'plain-strings',
  'usage-and-cost',
]);

export interface ExampleEnvironment {
  mode: 'hosted' | 'self-hosted' | 'local';
  /** The local stand-in, when one was started. */
  local?: LocalGateway;
  close(): Promise<void>;
}

export async function setupGateway(example: string): Promise<ExampleEnvironment> {
  const apiKey = process.env.AI_GATEWAY_API_KEY?.trim();
  const oidc = process.env.VERCEL_OIDC_TOKEN?.trim();
  if (apiKey || oidc) {
    const where = process.env.AI_GATEWAY_BASE_URL ?? 'https://ai-gateway.vercel.sh/v1/ai';
    console.log(`Using the AI Gateway at ${where} (authenticated with ${apiKey ? 'AI_GATEWAY_API_KEY' : 'VERCEL_OIDC_TOKEN'}).`);
    return { mode: 'hosted', close: async () => {} };
  }

  if (SELF_HOSTED_EXAMPLES.has(example)) {
    const demo = await startDemoGateway();
    process.env.AI_GATEWAY_BASE_URL = `${demo.origin}/v1/ai`;
    process.env.AI_GATEWAY_API_KEY = DEMO_GATEWAY_KEY;
    console.log(
      `No AI_GATEWAY_API_KEY or VERCEL_OIDC_TOKEN found: using modelgate's own gateway server at ${demo.origin}, ` +
        'started here in front of a local demo upstream (fake OpenAI and Anthropic APIs with deterministic replies).',
    );
    return { mode: 'self-hosted', close: () => demo.close() };
  }

  const local = await startLocalGateway();
  process.env.AI_GATEWAY_BASE_URL = local.baseURL('v2');
  process.env.AI_GATEWAY_API_KEY = 'local-gateway-dummy-key';
  console.log(
    `No AI_GATEWAY_API_KEY or VERCEL_OIDC_TOKEN found: using the local gateway stand-in at ${local.origin} (canned replies, no real model).`,
  );
  return { mode: 'local', local, close: () => local.close() };
}

/** True when the examples talk to the local stand-in rather than a real gateway. */
export function usingLocalGateway(): boolean {
  return process.env.AI_GATEWAY_API_KEY === 'local-gateway-dummy-key';
}

/** A small heading between the parts of an example's output. */
export function section(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}
