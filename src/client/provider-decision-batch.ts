import { InvalidArgumentError } from '@ai-sdk/provider';
import { DEFAULT_MAX_RESULT_LINE_BYTES, GatewayBatch, type GatewayBatchSettings } from './gateway-batch';
import { GatewayDecisionModel, type GatewayDecisionModelId } from './gateway-decision-model';
import { assertModelId, type ProviderContext } from './gateway-provider';
import type { SpecificationVersion } from '../protocol/spec-versions';

/** The provider members for decision models and batches (spec v4, `modelgate/v4`). */
export interface DecisionAndBatchMembers {
  /** A decision model, for ai 7's `experimental_decide`. */
  decisionModel(modelId: GatewayDecisionModelId): GatewayDecisionModel;
  decision(modelId: GatewayDecisionModelId): GatewayDecisionModel;
  /** @deprecated Use `decisionModel`. */
  evaluationModel(modelId: GatewayDecisionModelId): GatewayDecisionModel;
  /** @deprecated Use `decision`. */
  evaluation(modelId: GatewayDecisionModelId): GatewayDecisionModel;
  /** The gateway's batch jobs, for ai 7's `experimental_startBatch`, `…getBatchStatus`, `…getBatchResults` and `…cancelBatch`. */
  experimental_batch(): GatewayBatch;
}

/** `batchResultDownloads.maxLineBytes`, checked when the provider is created rather than at the first results read. */
function maxResultLineBytes(downloads: GatewayBatchSettings['batchResultDownloads']): number {
  if (downloads === undefined) return DEFAULT_MAX_RESULT_LINE_BYTES;
  const maxLineBytes = typeof downloads === 'object' && downloads !== null ? downloads.maxLineBytes : NaN;
  if (maxLineBytes === undefined) return DEFAULT_MAX_RESULT_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes <= 0) {
    throw new InvalidArgumentError({
      argument: 'batchResultDownloads.maxLineBytes',
      message:
        'Invalid createGateway setting `batchResultDownloads`: expected { maxLineBytes } with a whole number of bytes > 0, e.g. { batchResultDownloads: { maxLineBytes: 128 * 1024 * 1024 } }; leave it out for the default, 64 MiB.',
    });
  }
  return maxLineBytes;
}

/** Adds decision models and batches to a provider (see `versionedEntry`). */
export function decisionAndBatchKinds({
  config,
  settings,
}: ProviderContext<SpecificationVersion, GatewayBatchSettings>): DecisionAndBatchMembers {
  const maxLineBytes = maxResultLineBytes(settings.batchResultDownloads);
  const decisionModel = (modelId: GatewayDecisionModelId) => {
    assertModelId(modelId);
    return new GatewayDecisionModel(modelId, config);
  };
  return {
    decisionModel,
    decision: decisionModel,
    evaluationModel: decisionModel,
    evaluation: decisionModel,
    experimental_batch: () => new GatewayBatch(config, maxLineBytes),
  };
}
