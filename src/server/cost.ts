import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { ModelPricing } from './config';

const rate = (value: string | number | undefined, fallback = 0) => (value === undefined ? fallback : Number(value));

/** USD cost of one language-model call at the pricing of the provider that served it. */
export function languageModelCost(usage: LanguageModelV4Usage | undefined, pricing: ModelPricing | undefined): number {
  if (!usage || !pricing) return 0;
  const input = rate(pricing.input);
  const cacheRead = usage.inputTokens.cacheRead ?? 0;
  const cacheWrite = usage.inputTokens.cacheWrite ?? 0;
  const uncached = usage.inputTokens.noCache ?? Math.max(0, (usage.inputTokens.total ?? 0) - cacheRead - cacheWrite);
  return (
    uncached * input +
    cacheRead * rate(pricing.input_cache_read, input) +
    cacheWrite * rate(pricing.input_cache_write, input) +
    (usage.outputTokens.total ?? 0) * rate(pricing.output)
  );
}

/** Usage added up field by field; a field neither side knows stays unknown. Pure. */
export function addUsage(a: LanguageModelV4Usage | undefined, b: LanguageModelV4Usage | undefined): LanguageModelV4Usage | undefined {
  if (!a || !b) return a ?? b;
  const sum = (x: number | undefined, y: number | undefined) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return {
    inputTokens: {
      total: sum(a.inputTokens.total, b.inputTokens.total),
      noCache: sum(a.inputTokens.noCache, b.inputTokens.noCache),
      cacheRead: sum(a.inputTokens.cacheRead, b.inputTokens.cacheRead),
      cacheWrite: sum(a.inputTokens.cacheWrite, b.inputTokens.cacheWrite),
    },
    outputTokens: {
      total: sum(a.outputTokens.total, b.outputTokens.total),
      text: sum(a.outputTokens.text, b.outputTokens.text),
      reasoning: sum(a.outputTokens.reasoning, b.outputTokens.reasoning),
    },
  };
}

/** USD as the protocol writes it: a decimal string without exponent or trailing zeros. */
export function formatUsd(amount: number): string {
  if (!(amount > 0)) return '0';
  return amount.toFixed(12).replace(/\.?0+$/, '');
}
