/**
 * The Anthropic-compatible API (/v1/messages) through the official @anthropic-ai/sdk client over a
 * real socket, routed to the fake Anthropic- and OpenAI-shaped upstreams (scenario-harness.ts).
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { FAKE_PNG_BASE64 } from '../fakes/deterministic';
import { fakeReply, generationRecord, useHarness } from './harness-hooks';
import { GATEWAY_KEY, MODELS, SECRETS, type Harness } from './scenario-harness';

let harness: Harness;
useHarness((started) => (harness = started), 60_000);

const client = (options: ConstructorParameters<typeof Anthropic>[0] = {}) =>
  new Anthropic({ baseURL: harness.url, apiKey: GATEWAY_KEY, maxRetries: 0, ...options });

describe('POST /v1/messages with @anthropic-ai/sdk', () => {
  it('non-streamed text with a system prompt, served by the Anthropic upstream, logged under its id', async () => {
    const message = await client().messages.create({
      model: MODELS.anthropic,
      max_tokens: 256,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODELS.anthropic,
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: fakeReply('Hello there', 'anthropic', 'claude-sonnet-4-6') }],
    });
    expect(message.id).toMatch(/^gen_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const upstreamBody = harness.upstreams.anthropic.requests.at(-1)!.body as { system?: unknown; max_tokens?: number };
    expect(JSON.stringify(upstreamBody.system)).toContain('You are terse.');
    expect(upstreamBody.max_tokens).toBe(256);
    expect(await generationRecord(harness, message.id)).toMatchObject({ id: message.id, model: MODELS.anthropic, provider_name: 'anthropic', streamed: false });
  });

  it('streams with the SDK stream helper: text events and the final message', async () => {
    const stream = client().messages.stream({ model: MODELS.anthropic, max_tokens: 256, messages: [{ role: 'user', content: 'Stream this please' }] });
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    const expected = fakeReply('Stream this please', 'anthropic', 'claude-sonnet-4-6');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(expected);
    expect(message).toMatchObject({ id: expect.stringMatching(/^gen_/), stop_reason: 'end_turn', content: [{ type: 'text', text: expected }] });
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(await generationRecord(harness, message.id)).toMatchObject({ streamed: true, provider_name: 'anthropic' });
  });

  it('raw SSE carries message_start, ping, content blocks, message_delta and message_stop in order', async () => {
    const stream = await client().messages.create({ model: MODELS.anthropic, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('content_block_start');
    expect(types).toContain('content_block_delta');
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const bodies = await harness.settledBodies();
    expect(bodies.at(-1)!.text).toContain('event: ping');
  });

  for (const [label, model, name, upstreamModel] of [
    ['the Anthropic upstream', MODELS.anthropic, 'anthropic', 'claude-sonnet-4-6'],
    ['an OpenAI-shaped upstream', MODELS.chat, 'azure', 'gpt-4.1-mini'],
  ] as const) {
    it(`tools: tool_use, then the tool_result round trip, served by ${label}`, async () => {
      const tools: Anthropic.Tool[] = [
        { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      ];
      const question = 'call get_weather with {"city":"Paris"}';
      const first = await client().messages.create({ model, max_tokens: 256, tools, messages: [{ role: 'user', content: question }] });
      expect(first.stop_reason).toBe('tool_use');
      const toolUse = first.content.find((block) => block.type === 'tool_use');
      expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });
      const second = await client().messages.create({
        model,
        max_tokens: 256,
        tools,
        messages: [
          { role: 'user', content: question },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse!.type === 'tool_use' ? toolUse!.id : '', content: 'sunny' }] },
        ],
      });
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content).toEqual([{ type: 'text', text: expect.stringContaining('Tool get_weather returned') }]);
      expect(harness.upstreams[name].requests.every((request) => request.model === upstreamModel)).toBe(true);
    });

    it(`streamed tool call arrives as input_json_delta and a parsed tool_use block, served by ${label}`, async () => {
      const stream = client().messages.stream({
        model,
        max_tokens: 256,
        tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
        messages: [{ role: 'user', content: 'call lookup with {"q":"modelgate"}' }],
      });
      const partials: string[] = [];
      stream.on('inputJson', (partial) => partials.push(partial));
      const message = await stream.finalMessage();
      expect(partials.join('')).toBe('{"q":"modelgate"}');
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'lookup', input: { q: 'modelgate' } })]);
    });
  }

  it('an image block (base64) reaches the upstream as an image', async () => {
    const message = await client().messages.create({
      model: MODELS.anthropic,
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: FAKE_PNG_BASE64 } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    const text = message.content[0]!.type === 'text' ? message.content[0]!.text : '';
    expect(text).toContain('Files received: image/png');
  });

  it('an image block with a URL source reaches an OpenAI-shaped upstream as an image URL', async () => {
    const message = await client().messages.create({
      model: MODELS.chat,
      max_tokens: 256,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } }, { type: 'text', text: 'Describe' }] }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('Files received: image') });
    expect(JSON.stringify(harness.upstreams.azure.requests.at(-1)!.body)).toContain('https://example.com/cat.png');
  });

  it('an Anthropic-shaped request served by an OpenAI model (Chat Completions upstream)', async () => {
    const message = await client().messages.create({ model: MODELS.chat, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello OpenAI' }] });
    expect(message.content).toEqual([{ type: 'text', text: fakeReply('Hello OpenAI', 'azure', 'gpt-4.1-mini') }]);
    expect(harness.upstreams.azure.requests.at(-1)!.path).toBe('/v1/chat/completions');
  });

  it('failover: the Anthropic upstream answers 500 → the OpenAI-shaped second provider serves it; routing and the log say so', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'status', status: 500 });
    const message = await client().messages.create({ model: MODELS.anthropic, max_tokens: 100, messages: [{ role: 'user', content: 'Fail over' }] });
    expect(message.content).toEqual([{ type: 'text', text: fakeReply('Fail over', 'azure', 'claude-sonnet-4-6') }]);
    const body = JSON.parse((await harness.settledBodies()).at(-1)!.text);
    expect(body.provider_metadata.gateway.routing).toMatchObject({
      finalProvider: 'azure',
      attempts: [
        { provider: 'anthropic', success: false, statusCode: 500 },
        { provider: 'azure', success: true },
      ],
    });
    expect(await generationRecord(harness, message.id)).toMatchObject({ provider_name: 'azure' });
  });

  it('failover while streaming: 500 before the first token → second provider', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'status', status: 500 });
    const message = await client().messages.stream({ model: MODELS.anthropic, max_tokens: 100, messages: [{ role: 'user', content: 'Stream over' }] }).finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: fakeReply('Stream over', 'azure', 'claude-sonnet-4-6') }]);
  });

  it('routing options in the body as providerOptions.gateway (order)', async () => {
    const message = await client().messages.create({
      model: MODELS.anthropic,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Order me' }],
      // @ts-expect-error a gateway field the Anthropic SDK's types do not know
      providerOptions: { gateway: { order: ['azure'] } },
    });
    expect(message.content).toEqual([{ type: 'text', text: fakeReply('Order me', 'azure', 'claude-sonnet-4-6') }]);
    expect(harness.upstreams.anthropic.requests).toHaveLength(0);
  });

  it('authenticates by x-api-key, Authorization: Bearer and x-ai-gateway-api-key', async () => {
    const ask = async (anthropic: Anthropic) =>
      (await anthropic.messages.create({ model: MODELS.chat, max_tokens: 50, messages: [{ role: 'user', content: 'auth' }] })).content[0];
    const expected = { type: 'text', text: fakeReply('auth', 'azure', 'gpt-4.1-mini') };
    expect(await ask(client())).toEqual(expected);
    expect(await ask(client({ apiKey: null, authToken: GATEWAY_KEY }))).toEqual(expected);
    // Claude Code in Claude Max mode: its own Authorization stays, the gateway key rides in its own header.
    expect(
      await ask(client({ apiKey: null, authToken: 'sk-ant-oat-subscription-token', defaultHeaders: { 'x-ai-gateway-api-key': `Bearer ${GATEWAY_KEY}` } })),
    ).toEqual(expected);
  });

  it('a bad key → 401 in Anthropic error form (AuthenticationError), with no secret in the body', async () => {
    const error = await client({ apiKey: 'mg-wrong-key' })
      .messages.create({ model: MODELS.chat, max_tokens: 50, messages: [{ role: 'user', content: 'nope' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error).toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('Invalid API key') } } });
    const bodies = await harness.settledBodies();
    for (const secret of SECRETS) expect(bodies.at(-1)!.text).not.toContain(secret);
  });

  it('bad requests → 400 invalid_request_error naming the field; unknown model → 404 not_found_error', async () => {
    const missing = await client()
      // @ts-expect-error max_tokens is required
      .messages.create({ model: MODELS.chat, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(Anthropic.BadRequestError);
    expect(missing).toMatchObject({ error: { error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } } });
    const unknown = await client()
      .messages.create({ model: 'nobody/no-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
    expect(unknown).toMatchObject({ error: { type: 'error', error: { type: 'not_found_error' } } });
  });

  it('aborting mid-stream closes the upstream stream too', async () => {
    const behavior = harness.upstreams.anthropic.behavior;
    behavior.chunkDelayMs = 100;
    try {
      const controller = new AbortController();
      const stream = client().messages.stream(
        { model: MODELS.anthropic, max_tokens: 256, messages: [{ role: 'user', content: 'A long answer please, with many words in it' }] },
        { signal: controller.signal },
      );
      const deltas: string[] = [];
      stream.on('text', (text) => {
        deltas.push(text);
        controller.abort();
      });
      await expect(stream.finalMessage()).rejects.toThrow();
      expect(deltas).toHaveLength(1);
      const deadline = Date.now() + 1_000;
      while (harness.openUpstreamStreams() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(harness.openUpstreamStreams(), 'upstream streams still open').toBe(0);
    } finally {
      behavior.chunkDelayMs = 0;
    }
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('asks Anthropic, with its own tokenizer, when an Anthropic provider serves the model: the client’s body with the provider’s model id', async () => {
    const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: FAKE_PNG_BASE64 } };
    const counted = await client().messages.countTokens(
      { model: MODELS.anthropic, system: 'sys', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, image] }] },
      { headers: { 'anthropic-beta': 'token-counting-2024-11-01' } },
    );
    const sent = harness.upstreams.anthropic.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages/count_tokens');
    expect(sent.body).toEqual({ model: 'claude-sonnet-4-6', system: 'sys', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, image] }] });
    expect(sent.headers['anthropic-beta']).toBe('token-counting-2024-11-01');
    // The fake's tokenizer, not the gateway's estimate (which counts an image as 1,600 tokens).
    expect(counted.input_tokens).toBeLessThan(1_600);
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it('estimates for a model no Anthropic provider serves: deterministic, growing with the prompt, no upstream asked', async () => {
    const count = (content: string) => client().messages.countTokens({ model: MODELS.chat, system: 'sys', messages: [{ role: 'user', content }] });
    const short = await count('Hello');
    const long = await count('Hello '.repeat(100));
    expect(short.input_tokens).toBe(Math.ceil(('sys'.length + 'Hello'.length) / 4));
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens);
    expect(await count('Hello')).toEqual(short);
    expect(harness.upstreams.anthropic.requests).toHaveLength(0);
    expect(harness.upstreams.azure.requests).toHaveLength(0);
  });
});

describe('GET /v1/models for Anthropic clients (Claude Code model discovery)', () => {
  it('lists the language models in Anthropic’s format through client.models.list()', async () => {
    const models: Anthropic.ModelInfo[] = [];
    for await (const model of client().models.list()) models.push(model);
    const ids = models.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining([MODELS.anthropic, MODELS.chat, MODELS.responses]));
    // Only what /v1/messages can serve: no embedding or image models.
    expect(ids).not.toContain(MODELS.embedding);
    expect(ids).not.toContain(MODELS.image);
    for (const model of models) {
      expect(model).toMatchObject({ type: 'model', display_name: expect.any(String) });
      expect(Number.isNaN(Date.parse(model.created_at))).toBe(false);
    }
    expect(models.find((model) => model.id === MODELS.responses)!.display_name).toBe('GPT-4o mini');
  });

  it('pages by limit and after_id as the SDK asks, with has_more, first_id and last_id', async () => {
    const first = await client().models.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first).toMatchObject({ has_more: true, first_id: first.data[0]!.id, last_id: first.data[1]!.id });
    const all: string[] = [];
    for await (const model of client().models.list({ limit: 2 })) all.push(model.id);
    expect(all).toHaveLength(3);
    expect(new Set(all).size).toBe(3);
    const last = await client().models.list({ limit: 2, after_id: first.last_id! });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((model) => model.id)).toEqual(all.slice(2));
  });

  it('answers a bad limit with a 400 in Anthropic’s error form', async () => {
    const error = await client().models.list({ limit: 0 }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('limit') } });
  });

  it('answers the same path in OpenAI’s list format when there is no anthropic-version header', async () => {
    const response = await fetch(`${harness.url}/v1/models`);
    const body = (await response.json()) as { object: string; data: Array<{ object: string; id: string }> };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.object)).toContain('model');
    expect(body.data.map((model) => model.id)).toContain(MODELS.embedding);
  });
});

describe('the hosted gateway’s coding-agent bases ({origin}/claude-code, {origin}/coding-agent)', () => {
  for (const base of ['/claude-code', '/coding-agent']) {
    it(`${base}: messages (JSON and streamed), token counts and model discovery, as at the origin`, async () => {
      const agent = client({ baseURL: `${harness.url}${base}` });
      const message = await agent.messages.create({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: `Through ${base}` }] });
      expect(message).toMatchObject({ id: expect.stringMatching(/^gen_/), content: [{ type: 'text', text: fakeReply(`Through ${base}`, 'anthropic', 'claude-sonnet-4-6') }] });
      const streamed = await agent.messages.stream({ model: MODELS.anthropic, max_tokens: 64, messages: [{ role: 'user', content: 'Streamed' }] }).finalMessage();
      expect(streamed.stop_reason).toBe('end_turn');
      expect((await agent.messages.countTokens({ model: MODELS.anthropic, messages: [{ role: 'user', content: 'Hello' }] })).input_tokens).toBeGreaterThan(0);
      const ids: string[] = [];
      for await (const model of agent.models.list()) ids.push(model.id);
      expect(ids).toContain(MODELS.anthropic);
    });
  }

  it('errors keep Anthropic’s form there: a bad key', async () => {
    const error = await client({ baseURL: `${harness.url}/claude-code`, apiKey: 'not-a-gateway-key-000' })
      .messages.create({ model: MODELS.anthropic, max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });
});
