import type { LanguageModelV4CallOptions, LanguageModelV4Message, SharedV4ProviderOptions } from '@ai-sdk/provider';

const EPHEMERAL = { type: 'ephemeral' } as const;

/** Whether an upstream model speaks Anthropic's Messages API (Anthropic direct, Vertex or Bedrock Anthropic). */
export const isAnthropicUpstream = (model: { provider: string }): boolean => model.provider.includes('anthropic');

const hasMarker = (providerOptions: SharedV4ProviderOptions | undefined) => providerOptions?.anthropic?.cacheControl !== undefined;

function anyMarker(prompt: readonly LanguageModelV4Message[]): boolean {
  return prompt.some((message) => hasMarker(message.providerOptions) || (Array.isArray(message.content) && message.content.some((part) => hasMarker(part.providerOptions))));
}

const withMarker = (providerOptions: SharedV4ProviderOptions | undefined): SharedV4ProviderOptions => ({
  ...providerOptions,
  anthropic: { ...providerOptions?.anthropic, cacheControl: EPHEMERAL },
});

/**
 * `caching: 'auto'` for an Anthropic upstream: one prompt-cache breakpoint at the end of the
 * static content — the last system message, or without one the last part of the conversation so
 * far (the prefix the next turn repeats). Prompts that already carry markers are left as they are.
 * Returns new options; the caller's objects are never changed. Pure.
 */
export function withAnthropicCacheMarkers(options: LanguageModelV4CallOptions): LanguageModelV4CallOptions {
  const prompt = options.prompt;
  if (prompt.length === 0 || anyMarker(prompt)) return options;
  let systemIndex = -1;
  prompt.forEach((message, index) => {
    if (message.role === 'system') systemIndex = index;
  });
  const marked = [...prompt];
  if (systemIndex >= 0) {
    const system = prompt[systemIndex]!;
    marked[systemIndex] = { ...system, providerOptions: withMarker(system.providerOptions) };
    return { ...options, prompt: marked };
  }
  const lastIndex = prompt.length - 1;
  const last = prompt[lastIndex]!;
  if (last.role === 'system' || last.content.length === 0) return options;
  const parts = [...last.content];
  const lastPart = parts[parts.length - 1]!;
  parts[parts.length - 1] = { ...lastPart, providerOptions: withMarker(lastPart.providerOptions) } as typeof lastPart;
  marked[lastIndex] = { ...last, content: parts } as LanguageModelV4Message;
  return { ...options, prompt: marked };
}
