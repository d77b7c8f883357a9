import { mapChanged, type SpecVersionAdapter } from '../protocol/spec-versions';

type Message = { role: string; content: unknown };

/**
 * Returns the prompt in its JSON wire form for one spec version. Copy-on-write:
 * only messages holding binary data are copied, and the caller's prompt is never
 * mutated (the AI SDK may reuse it for the next step).
 */
export function encodePrompt(prompt: readonly Message[], spec: SpecVersionAdapter): readonly Message[] {
  return mapChanged(prompt, (message) => {
    if (!Array.isArray(message.content)) return message;
    const content = mapChanged(message.content, spec.encodeContentPart);
    return content === message.content ? message : { ...message, content };
  });
}
