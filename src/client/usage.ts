/** Token counts of one call, the same flat shape whatever the spec version. */
export interface GatewayUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  /** Input tokens read from the provider's prompt cache (a subset of `inputTokens`). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (a subset of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Embedding calls report one token count. */
  tokens?: number;
  images?: number;
}

/** USD per token, as the catalog gives them (decimal strings). */
export interface GatewayModelPricing {
  input?: string;
  output?: string;
  cachedInputTokens?: string;
  cacheCreationInputTokens?: string;
}

/** How a stream ended without its `finish` part: cancelled by its reader, aborted by the call's signal, or cut off. */
export type IncompleteStream = 'cancelled' | 'aborted' | 'failed';

export interface GatewayUsageRecord {
  kind: 'generate' | 'stream' | 'embed' | 'image' | 'rerank' | 'speech' | 'transcription' | 'video' | 'decide';
  modelId: string;
  usage: GatewayUsage;
  /** Gateway-reported cost when the response carried one, else estimated from the cached catalog. */
  costUsd?: number;
  generationId?: string;
  user?: string;
  tags?: string[];
  durationMs: number;
  /**
   * Set only for a stream that ended before its `finish` part. `usage` is then empty and
   * `costUsd` unknown: the gateway reports neither before `finish`, yet bills what was
   * generated; look the generation up by `generationId` (`getGenerationInfo`) for its cost.
   */
  incomplete?: IncompleteStream;
}

export type OnUsage = (record: GatewayUsageRecord) => void | Promise<void>;

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Flattens V2 (`{ inputTokens: 10 }`) and V3/V4 (`{ inputTokens: { total: 10, … } }`) usage. */
export function flattenUsage(usage: unknown): GatewayUsage {
  if (typeof usage !== 'object' || usage === null) return {};
  const u = usage as Record<string, unknown>;
  const flat: GatewayUsage = {};
  const set = (key: keyof GatewayUsage, value: unknown) => {
    const n = num(value);
    if (n !== undefined) flat[key] = n;
  };
  if (typeof u.inputTokens === 'object' && u.inputTokens !== null) {
    const input = u.inputTokens as Record<string, unknown>;
    const output = (u.outputTokens ?? {}) as Record<string, unknown>;
    set('inputTokens', input.total);
    set('cachedInputTokens', input.cacheRead);
    set('cacheWriteTokens', input.cacheWrite);
    set('outputTokens', output.total);
    set('reasoningTokens', output.reasoning);
    const total = (num(input.total) ?? 0) + (num(output.total) ?? 0);
    if (flat.inputTokens !== undefined || flat.outputTokens !== undefined) flat.totalTokens = total;
  } else {
    set('inputTokens', u.inputTokens);
    set('outputTokens', u.outputTokens);
    set('totalTokens', u.totalTokens);
    set('reasoningTokens', u.reasoningTokens);
    set('cachedInputTokens', u.cachedInputTokens);
    set('tokens', u.tokens);
  }
  set('images', u.images);
  return flat;
}

/** USD cost of `usage` at catalog `pricing`; undefined when the pricing cannot price it. */
export function costFromPricing(pricing: GatewayModelPricing | undefined, usage: GatewayUsage): number | undefined {
  // No pricing, or usage with no token count (a rerank, a video): unknown, not zero.
  if (!pricing || (usage.inputTokens ?? usage.outputTokens ?? usage.tokens) === undefined) return undefined;
  const rate = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const input = rate(pricing.input);
  const output = rate(pricing.output);
  const inputTokens = usage.inputTokens ?? usage.tokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  if ((inputTokens > 0 && input === undefined) || (outputTokens > 0 && output === undefined)) return undefined;
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, inputTokens - cacheRead - cacheWrite);
  const cost =
    uncached * (input ?? 0) +
    cacheRead * (rate(pricing.cachedInputTokens) ?? input ?? 0) +
    cacheWrite * (rate(pricing.cacheCreationInputTokens) ?? input ?? 0) +
    outputTokens * (output ?? 0);
  return Number.isFinite(cost) ? cost : undefined;
}

/** The `providerMetadata.gateway` block the hosted gateway attaches (cost, generation id). */
export function gatewayMetadata(providerMetadata: unknown): { cost?: number; generationId?: string } {
  const gateway = (providerMetadata as { gateway?: Record<string, unknown> } | undefined)?.gateway;
  if (typeof gateway !== 'object' || gateway === null) return {};
  const cost = typeof gateway.cost === 'string' || typeof gateway.cost === 'number' ? Number(gateway.cost) : NaN;
  return {
    cost: Number.isFinite(cost) ? cost : undefined,
    generationId: typeof gateway.generationId === 'string' ? gateway.generationId : undefined,
  };
}

export interface FinishedCall {
  kind: GatewayUsageRecord['kind'];
  modelId: string;
  usage: unknown;
  providerMetadata?: unknown;
  responseId?: unknown;
  providerOptions?: unknown;
  startedAt: number;
  incomplete?: IncompleteStream;
}

/** Builds usage records and hands them to `onUsage`; a throwing callback never breaks the call. */
export class UsageReporter {
  constructor(
    private readonly onUsage: OnUsage,
    private readonly pricingOf: (modelId: string) => GatewayModelPricing | undefined,
  ) {}

  report(call: FinishedCall): void {
    try {
      const usage = flattenUsage(call.usage);
      const reported = gatewayMetadata(call.providerMetadata);
      const options = (call.providerOptions as { gateway?: { user?: unknown; tags?: unknown } } | undefined)?.gateway;
      const record: GatewayUsageRecord = {
        kind: call.kind,
        modelId: call.modelId,
        usage,
        // An incomplete stream's usage is unknown, not zero: no estimate from it.
        costUsd: reported.cost ?? (call.incomplete ? undefined : costFromPricing(this.pricingOf(call.modelId), usage)),
        generationId: reported.generationId ?? (typeof call.responseId === 'string' ? call.responseId : undefined),
        user: typeof options?.user === 'string' ? options.user : undefined,
        tags: Array.isArray(options?.tags) ? (options.tags as string[]) : undefined,
        durationMs: Date.now() - call.startedAt,
        ...(call.incomplete ? { incomplete: call.incomplete } : {}),
      };
      const pending = this.onUsage(record);
      if (pending && typeof pending.catch === 'function') pending.catch(() => {});
    } catch {
      // Usage reporting is best effort by design: the call's result matters more.
    }
  }
}
