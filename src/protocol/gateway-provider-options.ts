import { InvalidArgumentError } from '@ai-sdk/provider';
import { z } from 'zod/v4';

type JSONValue = null | string | number | boolean | { [key: string]: JSONValue } | JSONValue[];

/** One BYOK credential; the fields depend on the provider (see the shapes below). */
export type GatewayByokCredential = { [field: string]: JSONValue };
export type AnthropicByokCredential = { apiKey: string };
export type OpenAIByokCredential = { apiKey: string };
export type AzureByokCredential = { apiKey: string; resourceName: string };
export type VertexByokCredential = {
  project: string;
  location: string;
  googleCredentials: { privateKey: string; clientEmail: string };
};
export type BedrockByokCredential = { accessKeyId: string; secretAccessKey: string; region?: string };

/**
 * Request-scoped provider credentials (BYOK) by provider slug, tried in order, e.g.
 * `{ anthropic: [{ apiKey }], bedrock: [{ accessKeyId, secretAccessKey, region }] }`.
 */
export type GatewayByokCredentials = { [provider: string]: GatewayByokCredential[] };

/**
 * A capability a serving provider model must have (`has`): a tag, or a weight format that it must
 * (`quantization:fp8`) or must not (`!quantization:fp8`) report.
 */
export type GatewayCapability =
  | 'implicit-caching'
  | 'reasoning'
  | 'structured-output'
  | 'tool-use'
  | 'vision'
  | `quantization:${string}`
  | `!quantization:${string}`;

// A type alias with no index signature, so it stays assignable to the AI SDK's JSON-typed
// providerOptions. Keys it does not list still pass through at run time.
/** `providerOptions.gateway`: routing, attribution, BYOK and caching for one call. */
export type GatewayProviderOptions = {
  /** Provider slugs to try in this order, failing over to the next. */
  order?: string[];
  /** The only providers allowed to serve the call. */
  only?: string[];
  /** Fallback model ids, tried when the primary model fails. */
  models?: string[];
  /** End-user id for spend attribution and per-user limits. */
  user?: string;
  /** Labels for cost attribution and reporting, e.g. `feature:chat`. */
  tags?: string[];
  byok?: GatewayByokCredentials;
  /** `'auto'` lets the gateway add provider-appropriate prompt-cache markers. */
  caching?: 'auto';
  /** Response caching in `Cache-Control` syntax, e.g. `max-age=3600`. */
  cacheControl?: string;
  /** Rank candidate providers by cost, time to first token or tokens per second. */
  sort?: 'cost' | 'ttft' | 'tps';
  /** Only providers with a zero-data-retention agreement. */
  zeroDataRetention?: boolean;
  /** Only providers that do not train on prompts. */
  disallowPromptTraining?: boolean;
  /** Only providers headquartered in these countries (ISO 3166-1 alpha-2, e.g. `['US', 'DE']`), or, with every code prefixed by `!`, in none of them. */
  headquarters?: string[];
  /** Only provider models with every one of these capabilities. */
  has?: GatewayCapability[];
  /** The service tier to ask each provider for. */
  serviceTier?: 'flex' | 'priority';
  /** Per-provider timeouts (ms) for BYOK credentials. */
  providerTimeouts?: { byok?: { [provider: string]: number } };
  quotaEntityId?: string;
};

const slugs = z.array(z.string().min(1));

// Loose objects: keys the gateway adds without a client release must pass through.
const gatewayProviderOptionsSchema = z.looseObject({
  order: slugs.optional(),
  only: slugs.optional(),
  models: slugs.optional(),
  user: z.string().optional(),
  tags: z.array(z.string()).optional(),
  byok: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  caching: z.literal('auto').optional(),
  cacheControl: z.string().min(1).optional(),
  sort: z.enum(['cost', 'ttft', 'tps']).optional(),
  zeroDataRetention: z.boolean().optional(),
  disallowPromptTraining: z.boolean().optional(),
  providerTimeouts: z
    .looseObject({ byok: z.record(z.string(), z.number().int().positive()).optional() })
    .optional(),
  quotaEntityId: z.string().min(1).optional(),
});

const examples: Record<string, string> = {
  order: "order: ['bedrock', 'anthropic']",
  only: "only: ['anthropic', 'vertex']",
  models: "models: ['anthropic/claude-sonnet-4.6']",
  user: "user: 'user-123'",
  tags: "tags: ['feature:chat']",
  byok: "byok: { anthropic: [{ apiKey: '…' }] }",
  caching: "caching: 'auto'",
  cacheControl: "cacheControl: 'max-age=3600'",
  sort: "sort: 'cost'",
  providerTimeouts: 'providerTimeouts: { byok: { anthropic: 10000 } }',
};

/**
 * Checks `providerOptions.gateway` before anything is sent. Throws an
 * `InvalidArgumentError` naming the key path and what was expected; values are
 * never echoed, since some (BYOK) are secrets. Returns nothing: the options go
 * on the wire exactly as the caller wrote them.
 */
export function validateGatewayProviderOptions(providerOptions: unknown): void {
  if (providerOptions === undefined || providerOptions === null) return;
  const gatewayOptions = (providerOptions as Record<string, unknown>).gateway;
  if (gatewayOptions === undefined) return;
  if (typeof gatewayOptions !== 'object' || gatewayOptions === null || Array.isArray(gatewayOptions)) {
    throw new InvalidArgumentError({
      argument: 'providerOptions.gateway',
      message: `Invalid providerOptions.gateway: expected an object such as { order: ['anthropic'] }, received ${
        Array.isArray(gatewayOptions) ? 'array' : gatewayOptions === null ? 'null' : typeof gatewayOptions
      }.`,
    });
  }
  const result = gatewayProviderOptionsSchema.safeParse(gatewayOptions);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const path = ['providerOptions', 'gateway', ...issue.path.map(String)].join('.');
  const key = String(issue.path[0]);
  const example = examples[key];
  throw new InvalidArgumentError({
    argument: path,
    message: `Invalid ${path}: ${issue.message}.${example ? ` Example: { ${example} }.` : ''}`,
  });
}
