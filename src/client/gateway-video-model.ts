/**
 * Video models (spec v3 and v4). What their calls do is in gateway-video-calls.ts, loaded on
 * the first call: video generation is rare, and its code is among the largest of a kind.
 */
import type { Experimental_VideoModelV4, Experimental_VideoModelV4CallOptions, JSONValue } from '@ai-sdk/provider';
import type { Experimental_VideoModelV3 } from '@ai-sdk/provider-v3';
import type { GatewayModelConfig } from './gateway-model-config';
import type { GatewayVideoResult, GatewayVideoStartResult, GatewayVideoStatusResult } from './gateway-video-calls';
import type { SpecType } from '../protocol/spec-types';
import type { SpecificationVersion } from '../protocol/spec-versions';

export type { GatewayVideoResult, GatewayVideoStartResult, GatewayVideoStatusResult } from './gateway-video-calls';

const videoCalls = () => import('./gateway-video-calls');

/** A video model served through the gateway (spec v3 or v4), for `experimental_generateVideo()`. */
export class GatewayVideoModel<V extends SpecificationVersion = SpecificationVersion> {
  readonly provider = 'gateway';
  readonly specificationVersion: V;
  // The gateway splits large requests itself.
  readonly maxVideosPerCall = Number.MAX_SAFE_INTEGER;

  constructor(
    readonly modelId: string,
    protected readonly config: GatewayModelConfig<V>,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  async doGenerate(options: SpecType<V, 'videoCallOptions'>): Promise<GatewayVideoResult<V>> {
    const { GatewayVideoCalls } = await videoCalls();
    return new GatewayVideoCalls(this.modelId, this.config).doGenerate(options);
  }
}

/**
 * Spec v4 video models also run as jobs: `doStart` returns at once with an `operation`,
 * `doStatus` checks on it, and `handleWebhookOption` lets the gateway call a webhook when
 * the job ends (ai 7: `experimental_startVideo`, `experimental_getVideoStatus`, and
 * `experimental_generateVideo` with `poll` or `webhook`).
 */
export class GatewayVideoJobModel extends GatewayVideoModel<'v4'> {
  async handleWebhookOption({
    webhook,
  }: {
    webhook: () => PromiseLike<{ url: string; received: PromiseLike<{ headers: Record<string, string>; body: JSONValue }> }>;
  }) {
    const { url, received } = await webhook();
    return { webhookUrl: url, received };
  }

  /** Starts a job. ai 7 sends an `idempotency-key` header with it, which is passed on as given. */
  async doStart(options: Experimental_VideoModelV4CallOptions & { webhookUrl?: string }): Promise<GatewayVideoStartResult> {
    const { GatewayVideoJobCalls } = await videoCalls();
    return new GatewayVideoJobCalls(this.modelId, this.config).doStart(options);
  }

  /** Checks a job once; its usage is reported when it is found completed. */
  async doStatus(options: {
    operation: JSONValue;
    abortSignal?: AbortSignal;
    headers?: Record<string, string | undefined>;
  }): Promise<GatewayVideoStatusResult> {
    const { GatewayVideoJobCalls } = await videoCalls();
    return new GatewayVideoJobCalls(this.modelId, this.config).doStatus(options);
  }
}

// Compile-time contract checks: each spec version's model must implement its own major's interface.
declare class GatewayVideoModelV3 extends GatewayVideoModel<'v3'> implements Experimental_VideoModelV3 {}
declare class GatewayVideoModelV4 extends GatewayVideoModel<'v4'> implements Experimental_VideoModelV4 {}
declare class GatewayVideoJobModelV4 extends GatewayVideoJobModel implements Experimental_VideoModelV4 {}
