/**
 * Response bodies a listener in this package (src/cli/node-listener.ts) can write without reading them
 * through a ReadableStream: a streamed body's source, pulled directly, and a whole JSON answer's text,
 * written at once. Every other consumer reads the Response as usual.
 */

import { isNodeListenerRequest } from './listener-request';

/** A response body produced on demand: the next bytes, or undefined at its end. */
export interface BodySource {
  next(): Promise<Uint8Array | undefined>;
  cancel(reason: unknown): Promise<void>;
}

const sources = new WeakMap<ReadableStream<Uint8Array>, BodySource>();

/**
 * A streamed body over `source`. A listener in this package (src/cli/node-listener.ts) takes the source
 * (`takeBodySource`) and pulls it directly: each chunk through a ReadableStream costs several promises, and
 * with a delta per chunk that was a tenth of the gateway's CPU per streamed delta. Every other consumer reads
 * the ReadableStream as usual; a high-water mark of 0 keeps it from pulling before someone reads.
 */
export function bodyFromSource(source: BodySource): ReadableStream<Uint8Array> {
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        sources.delete(stream);
        const chunk = await source.next();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel(reason) {
        sources.delete(stream);
        return source.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  sources.set(stream, source);
  return stream;
}

/** The source behind a body made by `bodyFromSource`, once: its stream must then not be read. */
export function takeBodySource(body: ReadableStream<Uint8Array> | null): BodySource | undefined {
  if (!body || body.locked) return undefined;
  const source = sources.get(body);
  sources.delete(body);
  return source;
}

const wholeBodies = new WeakMap<Response, string>();
/** A Response copies its header init, so one object serves every answer. */
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A whole answer as the listener writes it: its text, and its headers as Node's `writeHead` takes them. */
export interface WholeJsonAnswer {
  text: string;
  headers: Record<string, string | string[]>;
}

/** Headers as Node's `writeHead` takes them: lower-case names, each `set-cookie` kept apart. Pure. */
export function headerRecord(headers: Headers): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    record[name] = name === 'set-cookie' ? headers.getSetCookie() : value;
  });
  return record;
}

function withJsonType(init: HeadersInit): Headers {
  const headers = new Headers(init);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return headers;
}

/**
 * A JSON answer, as `Response.json` makes it, whose text the listener writes at once (`takeWholeBody`):
 * ~15 µs of CPU less per answer than reading it back out of its ReadableStream (bench/listener-overhead.ts).
 */
export function jsonResponse(value: unknown, init?: ResponseInit): Response {
  return encodedJsonResponse(JSON.stringify(value), init);
}

/** `jsonResponse` for a body already encoded (the protocol's own encoder writes bytes as base64). */
export function encodedJsonResponse(text: string, init?: ResponseInit): Response {
  const response = new Response(text, { ...init, headers: init?.headers === undefined ? JSON_HEADERS : withJsonType(init.headers) });
  wholeBodies.set(response, text);
  return response;
}

/**
 * A JSON answer built without its body: the body is built only if something reads the answer. Reading it by
 * any means (body, text, json, clone, …) builds it then. On Node 20 every body is a ReadableStream whose
 * construction alone costs ~14 µs (the Response with it ~15 against ~1 µs without), and the listener never
 * reads it. Only the listener's own requests get one: another runtime's server reads a Response's body
 * natively, past these getters.
 */
class BodyOnDemand extends Response {
  readonly #text: string;
  /** Made when read: the listener writes an answer nobody changed with JSON_HEADERS as they are. */
  #headers: Headers | undefined;
  #built: Response | undefined;
  /** Its text was handed to the listener, or its body built. */
  #taken = false;

  constructor(text: string) {
    super(null);
    this.#text = text;
  }

  override get headers(): Headers {
    return (this.#headers ??= new Headers(JSON_HEADERS));
  }

  #answer(): Response {
    this.#taken = true;
    return (this.#built ??= new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers }));
  }

  /** The answer for the listener, once, unless its body was built. */
  static take(answer: BodyOnDemand): WholeJsonAnswer | undefined {
    if (answer.#taken) return undefined;
    answer.#taken = true;
    return { text: answer.#text, headers: answer.#headers ? headerRecord(answer.#headers) : { ...JSON_HEADERS } };
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#answer().body;
  }

  override get bodyUsed(): boolean {
    return this.#built?.bodyUsed ?? false;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#answer().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#answer().blob();
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#answer().bytes();
  }

  override formData(): Promise<FormData> {
    return this.#answer().formData();
  }

  override json(): Promise<unknown> {
    return this.#answer().json();
  }

  override text(): Promise<string> {
    return this.#answer().text();
  }

  override clone(): Response {
    return this.#answer().clone();
  }
}

/** `encodedJsonResponse` for a call's answer: without its body when the request is the listener's (see `BodyOnDemand`). */
export function encodedJsonAnswer(request: Request, text: string): Response {
  return isNodeListenerRequest(request) ? new BodyOnDemand(text) : encodedJsonResponse(text);
}

/** `jsonResponse` for a call's answer (see `encodedJsonAnswer`). */
export function jsonAnswer(request: Request, value: unknown): Response {
  return encodedJsonAnswer(request, JSON.stringify(value));
}

/** An answer made by `jsonResponse` or `encodedJsonAnswer`, once, while its body is unread (undefined: read the body). */
export function takeWholeAnswer(response: Response): WholeJsonAnswer | undefined {
  if (response instanceof BodyOnDemand) return BodyOnDemand.take(response);
  const text = wholeBodies.get(response);
  if (text === undefined || response.bodyUsed || response.body?.locked) return undefined;
  wholeBodies.delete(response);
  return { text, headers: headerRecord(response.headers) };
}
