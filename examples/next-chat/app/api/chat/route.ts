import { convertToModelMessages, streamText, type UIMessage } from 'ai';
import { gateway } from 'modelgate';

// Allow streaming responses up to 30 seconds.
export const maxDuration = 30;

export async function POST(req: Request) {
  const { messages }: { messages: UIMessage[] } = await req.json();

  const result = streamText({
    // The default instance reads AI_GATEWAY_API_KEY (or the Vercel OIDC token) and,
    // when set, AI_GATEWAY_BASE_URL.
    model: gateway(process.env.CHAT_MODEL ?? 'openai/gpt-5.4'),
    messages: convertToModelMessages(messages),
  });

  return result.toUIMessageStreamResponse();
}
