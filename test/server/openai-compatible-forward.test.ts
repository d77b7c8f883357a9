/**
 * Chat calls forwarded to an OpenAI-compatible server: an attempt served by @ai-sdk/openai-compatible's chat
 * model (vLLM, Ollama, LM Studio, …) is posted there as the client's body, adapted as that provider would send
 * the call (chat-forward.ts). The pure pieces directly; the route through the official `openai` client over a
 * real socket, against the fake OpenAI API standing in for a vLLM server.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import OpenAI from 'openai';
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen as listenGateway } from '../../src/cli/node-listener';
import { compatibleChatBody, openAICompatibleChatEndpoint } from '../../src/server/openai-compatible/chat-forward';
import { createGatewayServer } from '../../src/server';
import { listen as listenUpstream, type ListeningServer } from '../fakes/listen';
import { createOpenAIUpstream, type FakeUpstream } from '../fakes/openai-upstream';
import { fakeReply, type GatewayMetadata } from './harness-hooks';

const VLLM_KEY = 'sk-vllm-local-5e2a91';
const GATEWAY_KEY = 'mg-compatible-forward-key-0c4d';
const MODEL = 'openai/gpt-oss-120b';
const SERVED = 'openai/gpt-oss-120b';

describe('OpenAI-compatible forwarding, pure parts', () => {
  it('finds the endpoint of @ai-sdk/openai-compatible’s chat model: URL (with query), key, and an adapter', async () => {
    const vllm = createOpenAICompatible({ name: 'vllm', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-endpoint', queryParams: { tenant: 'a' }, includeUsage: true });
    const endpoint = openAICompatibleChatEndpoint(vllm('m'));
    expect(endpoint?.url).toBe('http://127.0.0.1:9/v1/chat/completions?tenant=a');
    expect(await endpoint!.headers()).toMatchObject({ authorization: 'Bearer sk-endpoint' });
    expect(endpoint!.adapt).toBeTypeOf('function');
  });

  it('leaves to the converted path a model whose config rewrites what it sends or reads, and every other package’s model', () => {
    const rewriting = createOpenAICompatible({ name: 'vllm', baseURL: 'http://x/v1', transformRequestBody: (body) => body });
    expect(openAICompatibleChatEndpoint(rewriting('m'))).toBeUndefined();
    // @ai-sdk/openai's chat model, whatever its name: openAIChatEndpoint's, or converted.
    expect(openAICompatibleChatEndpoint(createOpenAI({ apiKey: 'k' }).chat('m'))).toBeUndefined();
    expect(openAICompatibleChatEndpoint(createOpenAI({ name: 'vllm', apiKey: 'k' }).chat('m'))).toBeUndefined();
    expect(openAICompatibleChatEndpoint(createOpenAICompatible({ name: 'vllm', baseURL: 'http://x/v1' }).embeddingModel('m'))).toBeUndefined();
  });

  it('adapts the body as the provider sends the call: max_tokens, stream usage only when asked, no JSON schema it does not take', () => {
    const body = { model: 'm', messages: [], max_completion_tokens: 64, stream: true, stream_options: { include_usage: true } };
    expect(compatibleChatBody(body, true, false)).toEqual({ model: 'm', messages: [], max_tokens: 64, stream: true, stream_options: { include_usage: true } });
    expect(compatibleChatBody(body, false, false)).toEqual({ model: 'm', messages: [], max_tokens: 64, stream: true });
    expect(compatibleChatBody({ ...body, max_tokens: 10 }, false, false)).toMatchObject({ max_tokens: 10 });
    const schema = { type: 'json_schema', json_schema: { name: 'r', schema: {} } };
    expect(compatibleChatBody({ ...body, response_format: schema }, true, false)).toBeUndefined();
    expect(compatibleChatBody({ ...body, response_format: schema }, true, true)).toMatchObject({ response_format: schema });
    expect(compatibleChatBody({ ...body, response_format: { type: 'json_object' } }, true, false)).toMatchObject({ response_format: { type: 'json_object' } });
    expect(body).toEqual({ model: 'm', messages: [], max_completion_tokens: 64, stream: true, stream_options: { include_usage: true } });
  });
});

let upstream: FakeUpstream;
let upstreamServer: ListeningServer;
let gatewayServer: Server;
let client: OpenAI;

beforeAll(async () => {
  upstream = createOpenAIUpstream({ name: 'vllm', apiKey: VLLM_KEY, models: [SERVED] });
  upstreamServer = await listenUpstream(upstream.fetch);
  const vllm = (includeUsage: boolean) => createOpenAICompatible({ name: 'vllm', baseURL: `${upstreamServer.url}/v1`, apiKey: VLLM_KEY, includeUsage });
  const gateway = createGatewayServer({
    providers: { vllm: vllm(true), ollama: vllm(false) },
    models: {
      [MODEL]: { providers: [{ provider: 'vllm', model: SERVED, pricing: { input: '0.0000001', output: '0.0000004' } }] },
      'openai/gpt-oss-no-usage': { providers: [{ provider: 'ollama', model: SERVED }] },
    },
    keys: [{ name: 'test', key: GATEWAY_KEY }],
    env: {},
  });
  const listening = await listenGateway(gateway.fetch);
  gatewayServer = listening.server;
  client = new OpenAI({ baseURL: `${listening.url}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });
});

afterAll(async () => {
  gatewayServer?.closeAllConnections();
  gatewayServer?.close();
  await upstreamServer?.close();
});

beforeEach(() => upstream.reset());

const gatewayOf = (holder: object) => (holder as { provider_metadata?: { gateway?: GatewayMetadata } }).provider_metadata?.gateway;
const sentBody = () => upstream.requests.at(-1)!.body as Record<string, unknown>;
// A one-part content array: the provider would send it as a string, so an array upstream shows the call was forwarded.
const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'Hello vLLM' }] }];

describe('POST /v1/chat/completions to an OpenAI-compatible server', () => {
  it('streams unconverted: the client’s messages as sent, max_tokens, usage asked for; chunks back with the gateway’s id, usage and metadata', async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages, max_completion_tokens: 200, stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(sentBody()).toEqual({ model: SERVED, messages, max_tokens: 200, stream: true, stream_options: { include_usage: true } });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(fakeReply('Hello vLLM', 'vllm', SERVED));
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect(chunks.every((chunk) => chunk.id === last.id && chunk.model === MODEL)).toBe(true);
    expect(gatewayOf(last.choices[0]!.delta)).toMatchObject({ generationId: last.id, routing: { finalProvider: 'vllm' } });
  });

  it('answers whole unconverted, with the gateway’s id, model and cost', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages, max_completion_tokens: 100 });
    expect(sentBody()).toEqual({ model: SERVED, messages, max_tokens: 100 });
    expect(completion.model).toBe(MODEL);
    expect(completion.choices[0]!.message.content).toBe(fakeReply('Hello vLLM', 'vllm', SERVED));
    const gateway = gatewayOf(completion.choices[0]!.message)!;
    expect(Number(gateway.cost)).toBeCloseTo((completion.usage!.prompt_tokens * 0.0000001 + completion.usage!.completion_tokens * 0.0000004), 12);
  });

  it('asks for stream usage only when the provider does, and still ends the stream with its finish chunk', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-oss-no-usage', messages, stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(sentBody()).not.toHaveProperty('stream_options');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('runs a JSON schema the server does not take converted, as plain JSON mode', async () => {
    await client.chat.completions.create({
      model: MODEL,
      messages,
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema: { type: 'object', properties: { reply: { type: 'string' } } } } },
    });
    expect(sentBody().response_format).toEqual({ type: 'json_object' });
    // Converted: the provider's own encoding of the one-part content.
    expect(sentBody().messages).toEqual([{ role: 'user', content: 'Hello vLLM' }]);
  });
});

describe('a reasoning model that thinks past the first-token timeout', () => {
  const THINKING_MS = 1_200;
  const FIRST_TOKEN_TIMEOUT_MS = 400;
  let thinker: ListeningServer;
  let server: Server;
  let thinkingClient: OpenAI;

  beforeAll(async () => {
    // vLLM's shape for reasoning models: `reasoning_content` deltas, every 150 ms, before any content.
    thinker = await listenUpstream(async () => {
      const encoder = new TextEncoder();
      const event = (delta: Record<string, unknown>, finish: string | null = null) =>
        encoder.encode(`data: ${JSON.stringify({ id: 'cmpl-1', object: 'chat.completion.chunk', created: 1, model: SERVED, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(event({ role: 'assistant', content: '' }));
          for (let waited = 0; waited < THINKING_MS; waited += 150) {
            await new Promise((resolve) => setTimeout(resolve, 150));
            controller.enqueue(event({ reasoning_content: 'hmm ' }));
          }
          controller.enqueue(event({ content: 'Answer.' }));
          controller.enqueue(event({}, 'stop'));
          controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const gateway = createGatewayServer({
      providers: {
        thinker: createOpenAICompatible({ name: 'vllm', baseURL: `${thinker.url}/v1`, apiKey: VLLM_KEY }),
        backup: createOpenAICompatible({ name: 'vllm', baseURL: `${upstreamServer.url}/v1`, apiKey: VLLM_KEY }),
      },
      models: { [MODEL]: { providers: [{ provider: 'thinker', model: SERVED }, { provider: 'backup', model: SERVED }] } },
      keys: [{ name: 'test', key: GATEWAY_KEY }],
      firstTokenTimeoutMs: FIRST_TOKEN_TIMEOUT_MS,
      env: {},
    });
    const listening = await listenGateway(gateway.fetch);
    server = listening.server;
    thinkingClient = new OpenAI({ baseURL: `${listening.url}/v1`, apiKey: GATEWAY_KEY, maxRetries: 0 });
  });

  afterAll(async () => {
    server?.closeAllConnections();
    server?.close();
    await thinker?.close();
  });

  it('counts reasoning as output: the stream stays with the thinking provider and its reasoning reaches the client', async () => {
    const stream = await thinkingClient.chat.completions.create({ model: MODEL, messages, stream: true });
    const deltas: Array<Record<string, unknown>> = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta as Record<string, unknown>);
    expect(deltas.filter((delta) => delta.reasoning_content === 'hmm ').length).toBeGreaterThanOrEqual(THINKING_MS / 150);
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Answer.');
    expect(upstream.requests).toHaveLength(0);
    expect(gatewayOf(deltas.at(-1)!)).toMatchObject({ routing: { finalProvider: 'thinker', attempts: [{ provider: 'thinker', success: true }] } });
  });
});
