/** The catalog answer (`/config`) checked and shaped as the public client returns it; loaded with the first catalog fetch. */
import { z } from 'zod/v4';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import type { GatewayModelType } from '../protocol/spec-versions';
import type { GatewayCatalog, GatewayModelEntry } from './gateway-catalog';
import type { GatewayModelPricing } from './usage';

const configResponseSchema = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullish(),
      pricing: z
        .object({
          input: z.string(),
          output: z.string(),
          input_cache_read: z.string().nullish(),
          input_cache_write: z.string().nullish(),
        })
        .nullish(),
      // Lenient: a gateway newer than this client may announce spec versions it does not know.
      specification: z.object({
        specificationVersion: z.string(),
        provider: z.string(),
        modelId: z.string(),
      }),
      modelType: z.string().nullish(),
    }),
  ),
});

type WirePricing = NonNullable<z.infer<typeof configResponseSchema>['models'][number]['pricing']>;

function pricingFromWire({ input, output, input_cache_read, input_cache_write }: WirePricing): GatewayModelPricing {
  return {
    input,
    output,
    ...(input_cache_read ? { cachedInputTokens: input_cache_read } : {}),
    ...(input_cache_write ? { cacheCreationInputTokens: input_cache_write } : {}),
  };
}

/** True for a missing `modelType` and for the types `listed` names. */
function isListed(
  modelType: string | null | undefined,
  listed: readonly GatewayModelType[],
): modelType is GatewayModelType | null | undefined {
  return modelType == null || (listed as readonly string[]).includes(modelType);
}

/**
 * The catalog as the public client of the same spec version returns it: entries of the
 * `modelTypes` it knows, pricing keys renamed, and `null`s kept as `null`.
 */
export function catalogFromResponse(
  json: unknown,
  url: string,
  modelTypes: readonly GatewayModelType[],
): GatewayCatalog {
  const parsed = configResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatewayResponseError({
      message: `The AI Gateway catalog (${url}) is not in the expected shape: ${issue.path.join('.')}: ${issue.message}.`,
      url,
      isRetryable: true,
    });
  }
  const models: GatewayModelEntry[] = [];
  for (const { id, name, description, pricing, specification, modelType } of parsed.data.models) {
    if (!isListed(modelType, modelTypes)) continue;
    models.push({
      id,
      name,
      ...(description !== undefined ? { description } : {}),
      ...(pricing !== undefined ? { pricing: pricing && pricingFromWire(pricing) } : {}),
      specification,
      ...(modelType !== undefined ? { modelType } : {}),
    });
  }
  return { models };
}
