import { convertToModelMessages, streamText, type UIMessage } from 'ai';
import { createGateway, gateway } from 'modelgate';

// Allow streaming responses up to 30 seconds.
export const maxDuration = 30;

// The local stand-in (examples/local-gateway.ts) accepts any key, so the example needs none there.
const localStandInGateway = createGateway({ apiKey: 'local-stand-in' });

/** True when AI_GATEWAY_BASE_URL points at this machine and no credential is set. */
function usesLocalStandInWithoutCredentials(): boolean {
  const { AI_GATEWAY_BASE_URL: baseURL, AI_GATEWAY_API_KEY: apiKey, VERCEL_OIDC_TOKEN: oidcToken } = process.env;
  if (!baseURL || apiKey?.trim() || oidcToken?.trim()) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(baseURL).hostname);
  } catch {
    return false; // not a URL: let modelgate report it
  }
}

export async function POST(req: Request) {
  const { messages }: { messages: UIMessage[] } = await req.json();

  // The default instance reads AI_GATEWAY_API_KEY (or the Vercel OIDC token) and,
  // when set, AI_GATEWAY_BASE_URL.
  const provider = usesLocalStandInWithoutCredentials() ? localStandInGateway : gateway;

  const result = streamText({
    model: provider(process.env.CHAT_MODEL ?? 'openai/gpt-5.4'),
    messages: convertToModelMessages(messages),
  });

  return result.toUIMessageStreamResponse();
}
