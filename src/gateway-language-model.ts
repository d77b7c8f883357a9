import { encodePrompt } from './encode-prompt';
import { decodeGatewayEventStream, type StreamPart } from './gateway-event-stream';
import { modelHeaders, type GatewayModelConfig } from './gateway-model-config';
import { validateGatewayProviderOptions } from './gateway-provider-options';
import type { SpecificationVersion } from './spec-versions';
import type { IncompleteStream } from './usage';

/** The call options every spec version shares, as far as the wire is concerned. */
export interface LanguageModelCallOptions {
  prompt: ReadonlyArray<{ role: string; content: unknown }>;
  abortSignal?: AbortSignal;
  headers?: Record<string, string | undefined>;
  providerOptions?: Record<string, unknown>;
  includeRawChunks?: boolean;
  [option: string]: unknown;
}

type Json = Record<string, unknown>;

function reviveTimestamp(response: Json | undefined): Json {
  const timestamp = response?.timestamp;
  return { ...response, timestamp: typeof timestamp === 'string' ? new Date(timestamp) : timestamp };
}

/**
 * A language model served through the gateway. One class serves spec v2, v3 and
 * v4: the wire differs only in prompt encoding (see spec-versions.ts), and results
 * come back in the caller's own spec shape, passed through untouched.
 */
export class GatewayLanguageModel {
  readonly provider = 'gateway';
  readonly specificationVersion: SpecificationVersion;
  // The gateway fetches URLs itself, so the AI SDK must not download them first.
  readonly supportedUrls: Record<string, RegExp[]> = { '*/*': [/.*/] };

  constructor(
    readonly modelId: string,
    private readonly config: GatewayModelConfig,
  ) {
    this.specificationVersion = config.client.spec.version;
  }

  private request(options: LanguageModelCallOptions, streaming: boolean) {
    validateGatewayProviderOptions(options.providerOptions);
    const { client } = this.config;
    // The body is the call options as the AI SDK passed them (per-call headers included,
    // as the hosted gateway receives them), minus the signal, with binary data encoded.
    const { abortSignal, ...callOptions } = options;
    return {
      url: `${client.baseURL}/language-model`,
      body: { ...callOptions, prompt: encodePrompt(options.prompt, client.spec) },
      headers: options.headers,
      abortSignal,
      modelHeaders: {
        ...modelHeaders('language', client.spec.header, this.modelId),
        'ai-language-model-streaming': String(streaming),
      },
    };
  }

  async doGenerate(options: LanguageModelCallOptions) {
    const startedAt = Date.now();
    const { client } = this.config;
    try {
      const sent = await client.send(this.request(options, false));
      const result = await client.json<Json>(sent);
      if (!Array.isArray(result.content)) {
        throw client.unexpectedResponse(
          sent,
          'The AI Gateway answered without a `content` array; this is not a generate result.',
        );
      }
      const response = reviveTimestamp(result.response as Json | undefined);
      this.config.usage?.report({
        kind: 'generate',
        modelId: this.modelId,
        usage: result.usage,
        providerMetadata: result.providerMetadata,
        responseId: response.id,
        providerOptions: options.providerOptions,
        startedAt,
      });
      return {
        ...result,
        warnings: (result.warnings as unknown[] | undefined) ?? [],
        request: { body: sent.requestBody },
        response: { ...response, headers: sent.responseHeaders, body: result },
      } as never;
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
  }

  async doStream(options: LanguageModelCallOptions) {
    const startedAt = Date.now();
    const { client, usage } = this.config;
    let sent;
    try {
      sent = await client.send(this.request(options, true));
    } catch (error) {
      throw await this.config.explainError(error, this.modelId);
    }
    const body = sent.response.body;
    if (!body) {
      throw client.unexpectedResponse(
        sent,
        'The AI Gateway answered a streaming call with an empty body.',
      );
    }
    let responseId: unknown;
    // One record per stream: at `finish`, or with what is known when it ends without one.
    const report = (part: StreamPart | undefined, incomplete?: IncompleteStream) =>
      usage?.report({
        kind: 'stream',
        modelId: this.modelId,
        usage: part?.usage,
        providerMetadata: part?.providerMetadata,
        responseId,
        providerOptions: options.providerOptions,
        startedAt,
        incomplete,
      });
    const stream = decodeGatewayEventStream(body, {
      includeRawChunks: options.includeRawChunks === true,
      errorContext: sent.errorContext,
      abortSignal: options.abortSignal,
      onMetadata: (part) => {
        responseId = part.id;
      },
      onFinish: (part) => report(part),
      onIncomplete: (how) => report(undefined, how),
    });
    return {
      stream,
      request: { body: sent.requestBody },
      response: { headers: sent.responseHeaders },
    } as never;
  }
}
