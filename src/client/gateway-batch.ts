/**
 * The gateway's batch jobs (spec v4 only; `experimental_startBatch`, `…getBatchStatus`,
 * `…getBatchResults` and `…cancelBatch` in ai 7): the provider's `experimental_batch()`.
 * What the calls do is in gateway-batch-calls.ts, loaded on the first call: batches are
 * rare and that code is v4's largest, so an app that never starts one never loads it.
 */
import type {
  Experimental_BatchV4 as BatchV4,
  Experimental_BatchV4CancelResult as BatchV4CancelResult,
  Experimental_BatchV4ItemResult as BatchV4ItemResult,
  Experimental_BatchV4OperationOptions as BatchV4OperationOptions,
  Experimental_BatchV4StartOptions as BatchV4StartOptions,
  Experimental_BatchV4StartResult as BatchV4StartResult,
  Experimental_BatchV4Status as BatchV4Status,
  JSONValue,
} from '@ai-sdk/provider';
import type { GatewayModelConfig } from './gateway-model-config';
import type { GatewayModelId } from './gateway-provider';

/** Settings of `createGateway` for batches (`modelgate/v4`). */
export interface GatewayBatchSettings {
  /** Reading batch results, which arrive as JSON Lines. */
  batchResultDownloads?: {
    /** The longest result line read, in UTF-8 bytes without the newline; a longer one fails the read. Default: 64 MiB. */
    maxLineBytes?: number;
  };
}

export const DEFAULT_MAX_RESULT_LINE_BYTES = 64 * 1024 * 1024;

/**
 * `providerMetadata.gateway.asyncJob` of a batch (or other asynchronous job) result.
 * Fields the gateway adds later come through as well.
 */
export type GatewayAsyncJobMetadata = {
  readonly jobId: string;
  readonly status: string;
  /**
   * Secret to verify the gateway's webhook deliveries with (`x-ai-gateway-signature`).
   * Only the start result carries it; never log or forward it.
   */
  readonly webhookSigningSecret?: string;
  readonly [key: string]: JSONValue | undefined;
};

const loadCalls = (config: GatewayModelConfig, maxLineBytes: number) =>
  import('./gateway-batch-calls').then(({ GatewayBatchCalls }) => new GatewayBatchCalls(config, maxLineBytes));

/** A batch runs text requests on one model; its `batchId` is the gateway's job id, so every later call goes through it. */
export class GatewayBatch implements BatchV4<{ text: GatewayModelId }> {
  readonly specificationVersion = 'v4';
  readonly provider = 'gateway.batch';
  // The gateway fetches URLs itself, so `ai` passes them on instead of downloading them.
  readonly supportedUrls: Record<string, RegExp[]> = { '*/*': [/.*/] };

  constructor(
    private readonly config: GatewayModelConfig,
    private readonly maxLineBytes: number = DEFAULT_MAX_RESULT_LINE_BYTES,
  ) {}

  async doStartBatch(options: BatchV4StartOptions<{ text: GatewayModelId }>): Promise<BatchV4StartResult> {
    return (await loadCalls(this.config, this.maxLineBytes)).doStartBatch(options);
  }

  async doGetBatchStatus(options: BatchV4OperationOptions): Promise<BatchV4Status> {
    return (await loadCalls(this.config, this.maxLineBytes)).doGetBatchStatus(options);
  }

  /** The batch's results, one item per request, read line by line as the body streams in. */
  async doGetBatchResults(options: BatchV4OperationOptions): Promise<ReadableStream<BatchV4ItemResult>> {
    return (await loadCalls(this.config, this.maxLineBytes)).doGetBatchResults(options);
  }

  async doCancelBatch(options: BatchV4OperationOptions): Promise<BatchV4CancelResult> {
    return (await loadCalls(this.config, this.maxLineBytes)).doCancelBatch(options);
  }
}
