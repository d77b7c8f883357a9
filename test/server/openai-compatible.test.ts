/**
 * The OpenAI-compatible API (/v1/chat/completions, /v1/embeddings, /v1/images/generations, /v1/models) through the
 * official `openai` npm client over a real socket, routed by the gateway server to the fake
 * OpenAI- and Anthropic-shaped upstreams of the scenario harness.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FAKE_PNG_BASE64 } from '../fakes/deterministic';
import { fakeReply, generationRecord, openAIClient, useHarness, type GatewayMetadata } from './harness-hooks';
import { FAKE_PNG, MODELS, OPENAI_BYOK_KEY, PRICES, SECRETS, type Harness } from './scenario-harness';

let harness: Harness;
let client: OpenAI;
useHarness((started) => {
  harness = started;
  client = openAIClient(started);
});

/** `provider_metadata.gateway` as the hosted gateway puts it in the message (not in openai's types). */
function gatewayOf(holder: object): GatewayMetadata {
  const metadata = (holder as { provider_metadata?: { gateway?: GatewayMetadata } }).provider_metadata;
  expect(metadata?.gateway, 'provider_metadata.gateway').toBeDefined();
  return metadata!.gateway!;
}

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('POST /v1/chat/completions', () => {
  it('answers a text request with a chat.completion, usage and gateway metadata, and logs it', async () => {
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
      temperature: 0.2,
      max_tokens: 100,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^gen_/);
    expect(completion.model).toBe(MODELS.chat);
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: fakeReply('Hello there', 'azure', 'gpt-4.1-mini') });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion.usage!.prompt_tokens_details?.cached_tokens).toBe(0);
    const gateway = gatewayOf(completion.choices[0]!.message);
    expect(gateway.generationId).toBe(completion.id);
    expect(gateway.routing).toMatchObject({ originalModelId: MODELS.chat, finalProvider: 'azure' });
    // As the hosted gateway: the id again at the top, and the cost in usage (outside openai's types).
    expect(completion).toMatchObject({ generationId: completion.id, usage: { cost: Number(gateway.cost), market_cost: Number(gateway.cost) } });
    expect(Number(gateway.cost)).toBeGreaterThan(0);
    // The upstream got the sampling settings, and the log has the call.
    const sent = harness.upstreams.azure.requests.at(-1)!;
    expect(sent.body).toMatchObject({ temperature: 0.2, max_tokens: 100 });
    const record = await generationRecord(harness, completion.id);
    expect(record).toMatchObject({ id: completion.id, provider_name: 'azure', streamed: false, tokens_prompt: completion.usage!.prompt_tokens });
  });

  it('streams chunks: the role first, content deltas, then finish_reason with usage, then [DONE]', async () => {
    const prompt = 'Stream me a reply';
    const stream = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]!.id)).toBe(true);
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(fakeReply(prompt, 'azure', 'gpt-4.1-mini'));
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect(last.usage!.completion_tokens).toBeGreaterThan(0);
    expect(gatewayOf(last.choices[0]!.delta).generationId).toBe(last.id);
    expect(last).toMatchObject({ generationId: last.id, usage: { cost: Number(gatewayOf(last.choices[0]!.delta).cost) } });
    expect(chunks.slice(0, -1).some((chunk) => 'generationId' in chunk)).toBe(false);
    const [body] = (await harness.settledBodies()).filter((entry) => entry.path === '/v1/chat/completions');
    expect(body!.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(await generationRecord(harness, last.id)).toMatchObject({ streamed: true, provider_name: 'azure' });
  });

  it('offers tools and returns tool calls, then answers the tool result', async () => {
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'Please call get_weather with {"city":"Paris"}' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    if (call.type !== 'function') return;
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    const followUp = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [
        { role: 'user', content: 'Please call get_weather with {"city":"Paris"}' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'sunny, 21°C' },
      ],
      tools: [weatherTool],
    });
    expect(followUp.choices[0]!.message.content).toContain('Tool get_weather returned');
    expect(followUp.choices[0]!.message.content).toContain('sunny, 21°C');
  });

  it('streams tool calls as indexed deltas whose arguments join to the input', async () => {
    const stream = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'call get_weather with {"city":"Oslo"} and call get_time' }],
      tools: [weatherTool, { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } }],
      stream: true,
    });
    const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = calls.get(delta.index) ?? { arguments: '' };
        if (delta.id) entry.id = delta.id;
        if (delta.function?.name) entry.name = delta.function.name;
        entry.arguments += delta.function?.arguments ?? '';
        calls.set(delta.index, entry);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect([...calls.keys()]).toEqual([0, 1]);
    expect(calls.get(0)).toMatchObject({ name: 'get_weather' });
    expect(JSON.parse(calls.get(0)!.arguments)).toEqual({ city: 'Oslo' });
    expect(calls.get(1)).toMatchObject({ name: 'get_time' });
    expect(calls.get(0)!.id).toBeTruthy();
    expect(calls.get(1)!.id).not.toBe(calls.get(0)!.id);
  });

  it('passes response_format json_schema through: the reply is JSON of that schema', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name', 'age'], additionalProperties: false };
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'Describe a person' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
    });
    const value = JSON.parse(completion.choices[0]!.message.content!);
    expect(typeof value.name).toBe('string');
    expect(typeof value.age).toBe('number');
    expect(harness.upstreams.azure.requests.at(-1)!.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'person' } } });
  });

  it('sends image_url data URIs to the upstream as files', async () => {
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in the picture?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${FAKE_PNG_BASE64}` } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toContain('Files received: image/png');
  });

  it('is served by an Anthropic-shaped upstream: text, streamed text and tools', async () => {
    const prompt = 'Hello Claude';
    const completion = await client.chat.completions.create({ model: MODELS.anthropic, messages: [{ role: 'user', content: prompt }] });
    expect(completion.choices[0]!.message.content).toBe(fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6'));
    expect(gatewayOf(completion.choices[0]!.message).routing.finalProvider).toBe('anthropic');
    expect(harness.upstreams.anthropic.requests.at(-1)!.path).toBe('/v1/messages');

    const stream = await client.chat.completions.create({ model: MODELS.anthropic, messages: [{ role: 'user', content: prompt }], stream: true });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6'));
    expect(usage!.prompt_tokens).toBeGreaterThan(0);

    const tools = await client.chat.completions.create({
      model: MODELS.anthropic,
      messages: [{ role: 'user', content: 'call get_weather with {"city":"Rome"}' }],
      tools: [weatherTool],
    });
    const call = tools.choices[0]!.message.tool_calls![0]!;
    expect(tools.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
  });

  it("cache_control markers reach Anthropic as its cache breakpoints, and never reach an OpenAI upstream; reasoning.max_tokens becomes Anthropic's thinking budget", async () => {
    // cache_control and reasoning are the hosted gateway's extensions of the body, which the openai package's types lack.
    const marked = [
      { role: 'system', content: 'A long, stable system prompt.', cache_control: { type: 'ephemeral' } },
      { role: 'user', content: [{ type: 'text', text: 'Long document', cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'Question' }] },
    ] as unknown as OpenAI.Chat.Completions.ChatCompletionMessageParam[];
    await client.chat.completions.create({ model: MODELS.anthropic, messages: marked, reasoning: { max_tokens: 2048 } } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming);
    const sent = harness.upstreams.anthropic.requests.at(-1)!.body as { system: Array<Record<string, unknown>>; messages: Array<{ content: Array<Record<string, unknown>> }>; thinking?: unknown };
    expect(sent.system).toEqual([{ type: 'text', text: 'A long, stable system prompt.', cache_control: { type: 'ephemeral' } }]);
    expect(sent.messages[0]!.content).toEqual([
      { type: 'text', text: 'Long document', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Question' },
    ]);
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });

    // Forwarded as sent to an OpenAI chat upstream, less the markers it does not take. (A one-part array stays an
    // array only when forwarded: converted, the provider would send a string.)
    const onePart = [
      { role: 'system', content: 'A long, stable system prompt.', cache_control: { type: 'ephemeral' } },
      { role: 'user', content: [{ type: 'text', text: 'Long document', cache_control: { type: 'ephemeral' } }] },
    ] as unknown as OpenAI.Chat.Completions.ChatCompletionMessageParam[];
    await client.chat.completions.create({ model: MODELS.chat, messages: onePart });
    const forwarded = harness.upstreams.azure.requests.at(-1)!.body as { messages: unknown };
    expect(forwarded.messages).toEqual([
      { role: 'system', content: 'A long, stable system prompt.' },
      { role: 'user', content: [{ type: 'text', text: 'Long document' }] },
    ]);
  });

  it('usage.is_byok says whether the request’s own key served the call, as on the hosted gateway', async () => {
    // providerOptions is the gateway's extension of the body, which the openai package's types lack.
    const ask = (byok?: string) =>
      client.chat.completions.create({
        model: MODELS.responses,
        messages: [{ role: 'user', content: 'Whose key?' }],
        ...(byok ? { providerOptions: { gateway: { byok: { openai: [{ apiKey: byok }] } } } } : {}),
      } as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming);
    expect((await ask(OPENAI_BYOK_KEY)).usage).toMatchObject({ is_byok: true });
    expect((await ask()).usage).toMatchObject({ is_byok: false });
  });

  it('fails over: the first upstream answers 500, the second serves', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'openai is down' });
    const prompt = 'Are you up?';
    const completion = await client.chat.completions.create({ model: MODELS.responses, messages: [{ role: 'user', content: prompt }] });
    expect(completion.choices[0]!.message.content).toBe(fakeReply(prompt, 'azure', 'gpt-4o-mini'));
    const { routing } = gatewayOf(completion.choices[0]!.message);
    expect(routing.finalProvider).toBe('azure');
    expect(routing.attempts).toMatchObject([
      { provider: 'openai', success: false, statusCode: 500 },
      { provider: 'azure', success: true },
    ]);
  });

  it('fails over before the first token of a stream too', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 });
    const stream = await client.chat.completions.create({ model: MODELS.responses, messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(fakeReply('hi', 'azure', 'gpt-4o-mini'));
  });

  it('takes the fallback model list from a top-level `models` field', async () => {
    harness.upstreams.azure.script.push({ kind: 'status', status: 500, times: 1 });
    const completion = await client.chat.completions.create({
      model: MODELS.chat,
      messages: [{ role: 'user', content: 'fallback please' }],
      // @ts-expect-error The gateway's top-level fallback list is not in openai's types.
      models: [MODELS.anthropic],
    });
    expect(gatewayOf(completion.choices[0]!.message).routing.finalProvider).toBe('anthropic');
  });

  it('honours providerOptions.gateway in the body (only)', async () => {
    const completion = await client.chat.completions.create({
      model: MODELS.responses,
      messages: [{ role: 'user', content: 'route me' }],
      // @ts-expect-error Gateway options ride in the body, outside openai's types.
      providerOptions: { gateway: { only: ['azure'] } },
    });
    expect(gatewayOf(completion.choices[0]!.message).routing.finalProvider).toBe('azure');
    expect(harness.upstreams.openai.requests).toHaveLength(0);
  });

  it('rejects a bad key with 401 in OpenAI’s error shape', async () => {
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'not-a-gateway-key', maxRetries: 0 });
    const error = await stranger.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'hi' }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(error.error).toMatchObject({ message: expect.stringContaining('Invalid API key'), type: 'authentication_error', param: null, code: null });
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions.create({ model: 'nobody/no-model', messages: [{ role: 'user', content: 'hi' }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'model_not_found', param: 'model', code: 'model_not_found' });
  });

  it('answers a malformed request with 400 naming the field', async () => {
    const error = await client.chat.completions
      // @ts-expect-error A wrong message role, as a hand-written client might send.
      .create({ model: MODELS.chat, messages: [{ role: 'robot', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('messages.0');
  });

  it('closes the upstream stream when the client aborts mid-stream', async () => {
    const behavior = harness.upstreams.azure.behavior;
    behavior.chunkDelayMs = 100;
    try {
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model: MODELS.chat, messages: [{ role: 'user', content: 'a long answer please' }], stream: true },
        { signal: controller.signal },
      );
      const contents: string[] = [];
      const reading = (async () => {
        for await (const chunk of stream) {
          const content = chunk.choices[0]?.delta.content;
          if (content) {
            contents.push(content);
            controller.abort();
          }
        }
      })();
      // openai's stream ends quietly when its own signal aborts it.
      await reading.catch(() => {});
      expect(contents).toEqual(['You ']);
      // 14 words at 100 ms each: an upstream still streaming would outlast this.
      const deadline = Date.now() + 500;
      while (harness.openUpstreamStreams() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(harness.openUpstreamStreams(), 'upstream streams still open').toBe(0);
    } finally {
      behavior.chunkDelayMs = 0;
    }
  });

  it('reports an upstream failure after content in band: the openai client raises it, the text so far arrived', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'errorAfterContent', afterDeltas: 2, cut: true, message: 'The anthropic fake broke mid-reply.' });
    const stream = await client.chat.completions.create({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'break please' }], stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.message).toContain('failed after content');
    expect(text).toBe('You said: ');
  });

  it('never sends a secret in any body', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'openai is down' });
    await client.chat.completions.create({ model: MODELS.responses, messages: [{ role: 'user', content: 'secrets?' }] });
    for (const body of await harness.settledBodies()) for (const secret of SECRETS) expect(body.text).not.toContain(secret);
  });
});

describe('POST /v1/embeddings and GET /v1/models', () => {
  it('embeds a string and a list, with dimensions', async () => {
    const single = await client.embeddings.create({ model: MODELS.embedding, input: 'one text' });
    expect(single.data).toHaveLength(1);
    expect(single.data[0]!.embedding).toHaveLength(1536);
    const many = await client.embeddings.create({ model: MODELS.embedding, input: ['a', 'b'], dimensions: 8 });
    expect(many.object).toBe('list');
    expect(many.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(many.data[0]!.embedding).toHaveLength(8);
    expect(many.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('lists the configured models in OpenAI’s shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.object).toBe('model');
      ids.push(model.id);
    }
    expect(ids).toEqual(expect.arrayContaining([MODELS.chat, MODELS.anthropic, MODELS.embedding]));
  });

  it('GET /v1/models/{creator}/{model} answers one model (OpenAI and Anthropic SDKs), and …/endpoints its providers in routing order; an unknown model is 404, a malformed escape 400', async () => {
    const model = await client.models.retrieve(MODELS.anthropic);
    expect(model).toMatchObject({ id: MODELS.anthropic, object: 'model', owned_by: MODELS.anthropic.split('/')[0], pricing: { input: PRICES.anthropic.input } });
    await expect(client.models.retrieve('nope/missing')).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const claude = new Anthropic({ baseURL: harness.url, apiKey: client.apiKey, maxRetries: 0 });
    expect(await claude.models.retrieve(MODELS.anthropic)).toMatchObject({ type: 'model', id: MODELS.anthropic });
    await expect(claude.models.retrieve(MODELS.embedding)).rejects.toBeInstanceOf(Anthropic.NotFoundError);

    const response = await fetch(`${harness.url}/v1/models/${MODELS.responses}/endpoints`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        id: MODELS.responses,
        name: 'GPT-4o mini',
        endpoints: [
          { provider_name: 'openai', pricing: { prompt: PRICES.openai.input, completion: PRICES.openai.output }, tags: [] },
          { provider_name: 'azure', pricing: { prompt: PRICES.azure.input, completion: PRICES.azure.output }, tags: [] },
        ],
      },
    });
    const missing = await fetch(`${harness.url}/v1/models/nope/missing/endpoints`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'model_not_found', code: 'model_not_found', param: 'model' } });
    const malformed = await fetch(`${harness.url}/v1/models/openai/gpt%ZZ`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'model', message: expect.stringContaining('malformed percent escape') } });
  });
});

describe('POST /v1/images/generations', () => {
  it('generates n images as b64_json PNGs, with usage, gateway metadata and a log entry', async () => {
    const response = await client.images.generate({ model: MODELS.image, prompt: 'a red square', n: 2, size: '1024x1024', quality: 'low' });
    expect(response.created).toBeGreaterThan(0);
    expect(response.data).toHaveLength(2);
    for (const image of response.data!) {
      expect(Uint8Array.from(atob(image.b64_json!), (char) => char.charCodeAt(0))).toEqual(FAKE_PNG);
      expect(image.url).toBeUndefined();
    }
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.output_tokens).toBe(32);
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(response).toMatchObject({ size: '1024x1024', quality: 'low', output_format: 'png' });
    // The upstream got the prompt, count, size and OpenAI's own quality field.
    expect(harness.upstreams.openai.requests.at(-1)).toMatchObject({
      path: '/v1/images/generations',
      body: { model: 'gpt-image-1', prompt: 'a red square', n: 2, size: '1024x1024', quality: 'low' },
    });
    const gateway = gatewayOf({ provider_metadata: (response as { providerMetadata?: unknown }).providerMetadata });
    expect(gateway.routing).toMatchObject({ originalModelId: MODELS.image, finalProvider: 'openai' });
    expect(gateway.cost).toBe('0.08');
    expect(await generationRecord(harness, gateway.generationId)).toMatchObject({ provider_name: 'openai', model: MODELS.image, streamed: false, total_cost: 0.08 });
  });

  it('fails over: the first upstream answers 500, the second generates', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'openai images are down' });
    const response = await client.images.generate({ model: MODELS.image, prompt: 'a blue circle' });
    expect(response.data).toHaveLength(1);
    expect(response.data![0]!.b64_json).toBe(FAKE_PNG_BASE64);
    const { routing } = gatewayOf({ provider_metadata: (response as { providerMetadata?: unknown }).providerMetadata });
    expect(routing.finalProvider).toBe('azure');
    expect(routing.attempts).toMatchObject([
      { provider: 'openai', success: false, statusCode: 500 },
      { provider: 'azure', success: true },
    ]);
    expect(harness.upstreams.azure.requests.at(-1)!.path).toBe('/v1/images/generations');
  });

  it('rejects response_format url with a 400 that says to use b64_json, before any upstream call', async () => {
    const error = await client.images.generate({ model: MODELS.image, prompt: 'a cat', response_format: 'url' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'response_format' });
    expect(error.message).toContain('b64_json');
    expect(harness.upstreams.openai.requests).toHaveLength(0);
  });

  it('answers a malformed request with 400 naming the field, and a language model with 400/404', async () => {
    const badSize = await client.images.generate({ model: MODELS.image, prompt: 'a cat', size: 'huge' }).catch((caught) => caught);
    expect(badSize).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badSize).toMatchObject({ param: 'size' });
    expect(badSize.message).toContain('<width>x<height>');
    // @ts-expect-error The prompt is required; a hand-written client might leave it out.
    const noPrompt = await client.images.generate({ model: MODELS.image }).catch((caught) => caught);
    expect(noPrompt).toBeInstanceOf(OpenAI.BadRequestError);
    expect(noPrompt).toMatchObject({ param: 'prompt' });
    const unknown = await client.images.generate({ model: 'nobody/no-image-model', prompt: 'a cat' }).catch((caught) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ status: 404, type: 'model_not_found', param: 'model' });
    const chatModel = await client.images.generate({ model: MODELS.chat, prompt: 'a cat' }).catch((caught) => caught);
    expect(chatModel).toBeInstanceOf(OpenAI.APIError);
    expect(chatModel.status).toBeGreaterThanOrEqual(400);
    expect(chatModel.status).toBeLessThan(500);
    expect(harness.upstreams.openai.requests).toHaveLength(0);
    expect(harness.upstreams.azure.requests).toHaveLength(0);
  });

  it('rejects a bad key with 401', async () => {
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'not-a-gateway-key', maxRetries: 0 });
    const error = await stranger.images.generate({ model: MODELS.image, prompt: 'a cat' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('the coding-agent base ({origin}/coding-agent/v1) with the OpenAI SDK', () => {
  it('chat completions and the model list answer there as at /v1', async () => {
    const agent = new OpenAI({ baseURL: `${harness.url}/coding-agent/v1`, apiKey: client.apiKey, maxRetries: 0 });
    const completion = await agent.chat.completions.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'Through the agent base' }] });
    expect(completion.choices[0]!.message.content).toBe(fakeReply('Through the agent base', 'azure', 'gpt-4.1-mini'));
    expect(completion.id).toMatch(/^gen_/);
    const models = await agent.models.list();
    expect(models.data.map((model) => model.id)).toContain(MODELS.chat);
  });
});
