import { InvalidArgumentError } from '@ai-sdk/provider';
import {
  convertLanguageModelCallOptions,
  convertLanguageModelGenerateResult,
  convertLanguageModelStream,
  addLanguageModelStreamWarnings,
  addLanguageModelWarnings,
  type SpecType,
  type SpecVersion,
} from '../../src/protocol/spec-conversions';
import { parseLanguageModelCallBody } from '../../src/protocol/wire-call-schemas';
import { encodeGenerateResult, encodeStreamPart } from '../../src/protocol/wire-codec';

/** An upstream model of spec `U`, reduced to what the gateway calls. */
export interface UpstreamModel<U extends SpecVersion> {
  doGenerate(options: SpecType<U, 'languageModelCallOptions'>): PromiseLike<SpecType<U, 'languageModelGenerateResult'>>;
  doStream(
    options: SpecType<U, 'languageModelCallOptions'>,
  ): PromiseLike<{ stream: ReadableStream<SpecType<U, 'languageModelStreamPart'>> }>;
}

const specOf = (header: string | null): SpecVersion => {
  if (header === '2' || header === '3' || header === '4') return `v${header}`;
  throw new Error(`unexpected spec header ${header}`);
};

/**
 * A `/language-model` endpoint made only of the protocol module's functions (decode,
 * convert, call, convert back, encode), as a fetch function a client can be given.
 */
export function miniGateway<U extends SpecVersion>(upstreamSpec: U, upstream: UpstreamModel<U>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const clientSpec = specOf(request.headers.get('ai-language-model-specification-version'));
    let options;
    try {
      options = parseLanguageModelCallBody(clientSpec, await request.json());
    } catch (error) {
      if (!InvalidArgumentError.isInstance(error)) throw error;
      const { message } = error;
      return Response.json({ error: { message, type: 'invalid_request_error' } }, { status: 400 });
    }
    const { value, warnings } = convertLanguageModelCallOptions(clientSpec, upstreamSpec, options, {
      provider: 'mock',
    });
    if (request.headers.get('ai-language-model-streaming') === 'true') {
      const { stream } = await upstream.doStream(value);
      const encoder = new TextEncoder();
      const body = stream
        .pipeThrough(convertLanguageModelStream(upstreamSpec, clientSpec))
        .pipeThrough(addLanguageModelStreamWarnings(clientSpec, warnings))
        .pipeThrough(
          new TransformStream<SpecType<SpecVersion, 'languageModelStreamPart'>, Uint8Array>({
            transform(part, controller) {
              const json = encodeStreamPart(part, (error) => ({
                message: String(error),
                type: 'internal_server_error',
              }));
              controller.enqueue(encoder.encode(`data: ${json}\n\n`));
            },
          }),
        );
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    const result = convertLanguageModelGenerateResult(upstreamSpec, clientSpec, await upstream.doGenerate(value));
    const body = encodeGenerateResult(addLanguageModelWarnings(clientSpec, result, warnings));
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
}
