import {
  InvalidArgumentError,
  UnsupportedFunctionalityError,
  type Experimental_BatchV4CancelResult as BatchV4CancelResult,
  type Experimental_BatchV4ItemResult as BatchV4ItemResult,
  type Experimental_BatchV4OperationOptions as BatchV4OperationOptions,
  type Experimental_BatchV4StartOptions as BatchV4StartOptions,
  type Experimental_BatchV4StartResult as BatchV4StartResult,
  type Experimental_BatchV4Status as BatchV4Status,
  type Experimental_TextBatchV4Request as TextBatchV4Request,
  type SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import {
  convertAsyncIteratorToReadableStream,
  DownloadError,
  isRecord,
  normalizeBatchRequestCounts,
  removeUndefinedEntries,
} from '@ai-sdk/provider-utils';
import { abortErrorFrom } from '../errors/abort-error';
import { gatewayErrorFromFetchFailure, scrubSecrets } from '../errors/create-gateway-error';
import { GatewayError } from '../errors/gateway-error';
import { GatewayResponseError } from '../errors/gateway-error-classes';
import { encodePrompt } from './encode-prompt';
import { readJsonLines } from './json-lines';
import type { GatewayClient, GatewayResponse } from './gateway-client';
import type { GatewayModelConfig } from './gateway-model-config';
import type { GatewayModelId } from './gateway-provider';
import { byokSecrets, redactRequestBody } from './redact';
import { validateGatewayProviderOptions } from '../protocol/gateway-provider-options';
import { specVersions } from '../protocol/spec-versions';
import { batchEndpoint, IDEMPOTENCY_KEY_HEADER, MODEL_ID_HEADER, type BatchOperation } from '../protocol/wire';

type Json = Record<string, unknown>;

const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const STATUSES: readonly unknown[] = ['pending', 'completed', 'failed'];
const ITEM_STATUSES: readonly unknown[] = ['succeeded', 'failed', 'cancelled', 'expired'];

/** Reads a batch answer: a JSON object with a known `status`, else a retryable response error. */
async function readStatusBody(client: GatewayClient, sent: GatewayResponse, what: string): Promise<Json> {
  const body = await client.json<unknown>(sent);
  if (isRecord(body) && STATUSES.includes(body.status)) return body;
  throw client.unexpectedResponse(sent, `The AI Gateway answered ${what} without a status of pending, completed or failed.`);
}

/** A batch status as `ai` takes it: the gateway's fields without `null`s, and request counts only when they add up. */
export function batchStatusFromWire(body: Json): BatchV4Status {
  const { status, rawStatus, requestCounts, error, createdAt, expiresAt, providerMetadata } = body;
  const counts: Json = isRecord(requestCounts) ? requestCounts : {};
  return removeUndefinedEntries({
    status,
    rawStatus,
    requestCounts: normalizeBatchRequestCounts({
      total: number(counts.total),
      pending: number(counts.pending),
      completed: number(counts.completed),
      failed: number(counts.failed),
    }),
    error: isRecord(error) ? removeUndefinedEntries(error) : undefined,
    createdAt,
    expiresAt,
    providerMetadata,
  }) as BatchV4Status;
}

/**
 * One parsed result line as `ai` reads it, or undefined when it is not an item. Only what
 * identifies the item is checked: the gateway sends complete results. A succeeded item's
 * `response.timestamp` (an ISO string in JSON) becomes a Date again.
 */
export function batchItemFromWire(line: unknown): BatchV4ItemResult | undefined {
  if (!isRecord(line) || line.type !== 'text' || typeof line.id !== 'string' || !ITEM_STATUSES.includes(line.status)) {
    return undefined;
  }
  const item = line as BatchV4ItemResult;
  if (item.type !== 'text' || item.status !== 'succeeded') return item;
  const response: { timestamp?: unknown } | undefined = item.result?.response;
  if (typeof response?.timestamp !== 'string') return item;
  return { ...item, result: { ...item.result, response: { ...item.result.response, timestamp: new Date(response.timestamp) } } };
}

/**
 * The idempotency key of a batch start (`providerOptions.gateway.idempotencyKey`, sent as a
 * header) and the provider options to send without it; empty objects are left out.
 */
export function splitIdempotencyKey(providerOptions: SharedV4ProviderOptions | undefined): {
  idempotencyKey: string | undefined;
  providerOptions: SharedV4ProviderOptions | undefined;
} {
  const gateway = providerOptions?.gateway;
  if (!isRecord(gateway) || !('idempotencyKey' in gateway)) return { idempotencyKey: undefined, providerOptions };
  const { idempotencyKey, ...otherGateway } = gateway;
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || idempotencyKey === '')) {
    throw new InvalidArgumentError({
      argument: 'providerOptions.gateway.idempotencyKey',
      message:
        "Invalid providerOptions.gateway.idempotencyKey: expected a non-empty string that names this batch start, e.g. { idempotencyKey: 'nightly-report-2026-11-21' }.",
    });
  }
  const { gateway: _gateway, ...others } = providerOptions!;
  const rest: SharedV4ProviderOptions = Object.keys(otherGateway).length > 0 ? { ...others, gateway: otherGateway } : others;
  return { idempotencyKey, providerOptions: Object.keys(rest).length > 0 ? rest : undefined };
}

/**
 * A batch start's error with the BYOK credentials of every request hidden: the client hides
 * those of the top-level `providerOptions` only, and a batch nests call options per request.
 * Returns `error` itself, updated (as "did you mean" help is added).
 */
function hideRequestSecrets(error: unknown, body: Json, requests: ReadonlyArray<{ options: unknown }>): unknown {
  const secrets = requests.flatMap((request) => byokSecrets(request.options));
  if (!GatewayError.isInstance(error) || secrets.length === 0) return error;
  return Object.assign(error, {
    message: scrubSecrets(error.message, secrets),
    responseBody: error.responseBody === undefined ? undefined : scrubSecrets(error.responseBody, secrets),
    requestBodyValues: {
      ...redactRequestBody(body),
      requests: requests.map((request) => ({ ...request, options: redactRequestBody(request.options) })),
    },
  });
}

/** The gateway runs text requests only. */
function assertTextRequests(
  requests: BatchV4StartOptions['requests'],
): asserts requests is ReadonlyArray<TextBatchV4Request<GatewayModelId>> {
  for (const { type } of requests) {
    if (type !== 'text') {
      throw new UnsupportedFunctionalityError({
        functionality: `batch request type: ${type}`,
        message: `The AI Gateway runs batches of text requests only, not "${type}" requests.`,
      });
    }
  }
}

/** The one model every request of a batch must use. */
function singleModelId(requests: ReadonlyArray<TextBatchV4Request<GatewayModelId>>): string {
  const modelId = requests[0]?.modelId;
  if (modelId == null) {
    throw new InvalidArgumentError({ argument: 'requests', message: 'A batch needs at least one request.' });
  }
  const other = requests.find((request) => request.modelId !== modelId);
  if (other) {
    throw new InvalidArgumentError({
      argument: 'requests',
      message: `The AI Gateway runs each batch on one model, but request "${other.id}" uses "${other.modelId}" and the first uses "${modelId}": start one batch per model.`,
    });
  }
  return modelId;
}

function assertBatchId(batchId: unknown): asserts batchId is string {
  if (typeof batchId !== 'string' || batchId === '') {
    throw new InvalidArgumentError({
      argument: 'batchId',
      message: 'Invalid batchId: expected the id experimental_startBatch returned (result.id), a non-empty string.',
    });
  }
}

/**
 * What the batch methods do (see GatewayBatch, which loads this module on its first call).
 * A batch runs text requests on one model; its `batchId` is the gateway's job id, so every
 * later call goes through it.
 */
export class GatewayBatchCalls {
  constructor(
    private readonly config: GatewayModelConfig,
    private readonly maxLineBytes: number,
  ) {}

  private url(operation: BatchOperation): string {
    return `${this.config.client.baseURL}/${batchEndpoint(operation)}`;
  }

  async doStartBatch(options: BatchV4StartOptions<{ text: GatewayModelId }>): Promise<BatchV4StartResult> {
    const { requests, headers, abortSignal, webhookUrl } = options;
    assertTextRequests(requests);
    const modelId = singleModelId(requests);
    requests.forEach(({ id, options: call }, index) => {
      try {
        validateGatewayProviderOptions(call.providerOptions);
      } catch (error) {
        if (!InvalidArgumentError.isInstance(error)) throw error;
        throw new InvalidArgumentError({
          argument: `requests[${index}].${error.argument}`,
          message: `Batch request "${id}": ${error.message}`,
        });
      }
    });
    validateGatewayProviderOptions(options.providerOptions);
    const { idempotencyKey, providerOptions } = splitIdempotencyKey(options.providerOptions);

    const wireRequests = requests.map(({ id, type, modelId, options: call }) => ({
      id,
      type,
      modelId,
      options: { ...call, prompt: encodePrompt(call.prompt, specVersions.v4) },
    }));
    const body = {
      ...(webhookUrl != null ? { callbackUrl: webhookUrl } : {}),
      requests: wireRequests,
      ...(providerOptions ? { providerOptions } : {}),
    };
    const { client } = this.config;
    try {
      const sent = await client.send({
        url: this.url('start'),
        body,
        headers,
        abortSignal,
        modelHeaders: {
          [MODEL_ID_HEADER]: modelId,
          ...(idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {}),
        },
      });
      const result = await readStatusBody(client, sent, 'a batch start');
      if (typeof result.batchId !== 'string') {
        throw client.unexpectedResponse(sent, 'The AI Gateway answered a batch start without a batchId.');
      }
      return {
        batchId: result.batchId,
        ...batchStatusFromWire(result),
        warnings: Array.isArray(result.warnings) ? result.warnings : [],
      };
    } catch (error) {
      throw hideRequestSecrets(await this.config.explainError(error, modelId), body, wireRequests);
    }
  }

  private async operation({ batchId, headers, abortSignal }: BatchV4OperationOptions, operation: BatchOperation) {
    assertBatchId(batchId);
    return this.config.client.send({ url: this.url(operation), body: { batchId }, headers, abortSignal });
  }

  async doGetBatchStatus(options: BatchV4OperationOptions): Promise<BatchV4Status> {
    const sent = await this.operation(options, 'status');
    return batchStatusFromWire(await readStatusBody(this.config.client, sent, 'a batch status request'));
  }

  /**
   * The batch's results, one item per request, read line by line as the body streams in.
   * The gateway answers 400 while the batch is still running.
   */
  async doGetBatchResults(options: BatchV4OperationOptions): Promise<ReadableStream<BatchV4ItemResult>> {
    const sent = await this.operation(options, 'results');
    return convertAsyncIteratorToReadableStream(this.resultItems(sent));
  }

  private async *resultItems(sent: GatewayResponse): AsyncGenerator<BatchV4ItemResult> {
    const { url } = sent.errorContext;
    const { maxLineBytes } = this;
    const tooLong = (line: number) =>
      new DownloadError({
        url,
        message: `Line ${line} of the batch results is longer than ${maxLineBytes} bytes, the most batchResultDownloads.maxLineBytes allows. To read it, raise the limit, e.g. createGateway({ batchResultDownloads: { maxLineBytes: ${maxLineBytes * 2} } }).`,
      });
    try {
      for await (const { line, text } of readJsonLines(sent.response.body, maxLineBytes, tooLong, sent.abortSignal)) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (cause) {
          throw this.invalidResultLine(sent, line, 'is not JSON', cause);
        }
        const item = batchItemFromWire(json);
        if (!item) throw this.invalidResultLine(sent, line, "is not a batch item with type 'text', an id and a status");
        yield item;
      }
    } catch (error) {
      if (sent.abortSignal?.aborted) throw abortErrorFrom(sent.abortSignal);
      throw DownloadError.isInstance(error) ? error : gatewayErrorFromFetchFailure(error, sent.errorContext);
    }
  }

  // The line itself stays out of the message: it can be megabytes long.
  private invalidResultLine(sent: GatewayResponse, line: number, problem: string, cause?: unknown) {
    return new GatewayResponseError({
      message: `Line ${line} of the batch results ${problem}; the response may have been cut short, and reading the results again may help.`,
      statusCode: sent.response.status,
      url: sent.errorContext.url,
      requestBodyValues: sent.requestBody,
      responseHeaders: sent.responseHeaders,
      cause,
      isRetryable: true,
    });
  }

  async doCancelBatch(options: BatchV4OperationOptions): Promise<BatchV4CancelResult> {
    const sent = await this.operation(options, 'cancel');
    const { providerMetadata } = batchStatusFromWire(await readStatusBody(this.config.client, sent, 'a batch cancellation'));
    // Cancelling takes effect later: the status says when the batch has stopped.
    return providerMetadata ? { providerMetadata } : {};
  }
}
