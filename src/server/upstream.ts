import { GatewayServerError } from '../errors/gateway-server-error';
import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { GatewayModelType, ResolvedServerConfig, UpstreamProviderInstance } from './config';
import type { RouteAttempt } from './routing';

/**
 * The upstream provider instance for one attempt: the configured one for
 * system credentials, or one built from the request's BYOK credential. An attempt
 * with the client's own credential gets the configured one too: forwarding swaps its key.
 */
export function upstreamProvider(config: ResolvedServerConfig, attempt: RouteAttempt): UpstreamProviderInstance {
  const provider = config.providers.get(attempt.provider)!;
  if (attempt.credentialType === 'byok' && attempt.credential && provider.withCredential) {
    return provider.withCredential(attempt.credential);
  }
  return provider.system;
}

/** The raw upstream model of one kind, of whatever spec version the provider package implements. */
export function upstreamModel(
  provider: UpstreamProviderInstance,
  kind: GatewayModelType,
  attempt: RouteAttempt,
): unknown {
  const factory =
    kind === 'language'
      ? provider.languageModel
      : kind === 'embedding'
        ? (provider.embeddingModel ?? provider.textEmbeddingModel)
        : kind === 'image'
          ? provider.imageModel
          : kind === 'realtime'
            ? provider.experimental_realtime
            : provider[`${kind}Model`];
  if (typeof factory !== 'function') {
    throw new GatewayServerError({
      status: 500,
      type: 'internal_server_error',
      message: `Provider '${attempt.provider}' has no ${kind} models; check the server config for '${attempt.modelId}'.`,
    });
  }
  return factory.call(provider, attempt.providerModelId);
}

/** The raw upstream language model of one attempt, built for its credential. */
export const upstreamLanguageModel = (config: ResolvedServerConfig, attempt: RouteAttempt): unknown =>
  upstreamModel(upstreamProvider(config, attempt), 'language', attempt);

/**
 * A call's provider options as they go upstream: without the gateway's own (`gateway`), undefined when nothing
 * is left, and the same object when it names none (no copy per call). Pure.
 */
export function upstreamProviderOptions(providerOptions: SharedV4ProviderOptions | undefined): SharedV4ProviderOptions | undefined {
  if (!providerOptions || !('gateway' in providerOptions)) return providerOptions;
  const { gateway: _gateway, ...rest } = providerOptions;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
