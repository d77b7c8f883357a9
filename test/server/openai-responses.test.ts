/**
 * POST /v1/responses (the OpenAI Responses API) through the official `openai` npm client over a real socket,
 * routed by the gateway server to the fake OpenAI- and Anthropic-shaped upstreams of the scenario harness.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FAKE_PNG_BASE64 } from '../fakes/deterministic';
import { fakeReply, generationRecord, openAIClient, useHarness, type GatewayMetadata } from './harness-hooks';
import { MODELS, SECRETS, type Harness } from './scenario-harness';

let harness: Harness;
let client: OpenAI;
useHarness((started) => {
  harness = started;
  client = openAIClient(started);
});

/** `providerMetadata.gateway` beside the response, as the hosted gateway sends it (not in openai's types). */
function gatewayOf(response: OpenAI.Responses.Response): GatewayMetadata {
  const metadata = (response as { providerMetadata?: { gateway?: GatewayMetadata } }).providerMetadata;
  expect(metadata?.gateway, 'providerMetadata.gateway').toBeDefined();
  return metadata!.gateway!;
}

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('POST /v1/responses', () => {
  it('answers with a response: one message item, usage, gateway metadata and a log entry', async () => {
    const response = await client.responses.create({
      model: MODELS.chat,
      instructions: 'Be brief.',
      input: 'Hello there',
      temperature: 0.2,
      max_output_tokens: 100,
    });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^gen_/);
    expect(response.status).toBe('completed');
    expect(response.model).toBe(MODELS.chat);
    expect(response.output_text).toBe(fakeReply('Hello there', 'azure', 'gpt-4.1-mini'));
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', annotations: [] }] });
    expect(response.usage!.input_tokens).toBeGreaterThan(0);
    expect(response.usage!.output_tokens).toBeGreaterThan(0);
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(response.usage!.input_tokens_details.cached_tokens).toBe(0);
    expect(response).toMatchObject({ instructions: 'Be brief.', temperature: 0.2, max_output_tokens: 100, error: null, incomplete_details: null });
    const gateway = gatewayOf(response);
    expect(gateway.generationId).toBe(response.id);
    expect(gateway.routing).toMatchObject({ originalModelId: MODELS.chat, finalProvider: 'azure' });
    // The instructions reached the upstream as the system message, with the sampling settings.
    const sent = harness.upstreams.azure.requests.at(-1)!;
    expect(sent.body).toMatchObject({ temperature: 0.2, max_tokens: 100, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user' }] });
    expect(await generationRecord(harness, response.id)).toMatchObject({ id: response.id, provider_name: 'azure', streamed: false, tokens_prompt: response.usage!.input_tokens });
  });

  it('streams events with sequence numbers that the client iterates, ending in response.completed with usage', async () => {
    const prompt = 'Stream me a reply';
    const stream = await client.responses.create({ model: MODELS.chat, input: prompt, stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(fakeReply(prompt, 'azure', 'gpt-4.1-mini'));
    const completed = events.at(-1)!;
    if (completed.type !== 'response.completed') throw new Error('no response.completed');
    expect(completed.response.status).toBe('completed');
    expect(completed.response.usage!.output_tokens).toBeGreaterThan(0);
    expect(completed.response.output[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: fakeReply(prompt, 'azure', 'gpt-4.1-mini') }] });
    expect(gatewayOf(completed.response).generationId).toBe(completed.response.id);
    // The wire carries `event:` lines as OpenAI sends them, and no chat-style [DONE].
    const [body] = (await harness.settledBodies()).filter((entry) => entry.path === '/v1/responses');
    expect(body!.text.startsWith('event: response.created\ndata: ')).toBe(true);
    expect(body!.text).not.toContain('[DONE]');
    expect(await generationRecord(harness, completed.response.id)).toMatchObject({ streamed: true, provider_name: 'azure' });
  });

  it('lets client.responses.stream() assemble the final response from the events', async () => {
    const prompt = 'Assemble me';
    const stream = client.responses.stream({ model: MODELS.chat, input: [{ role: 'user', content: [{ type: 'input_text', text: prompt }] }] });
    const snapshots: string[] = [];
    stream.on('response.output_text.delta', (event) => snapshots.push(event.snapshot));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(fakeReply(prompt, 'azure', 'gpt-4.1-mini'));
    expect(final.status).toBe('completed');
    expect(final.usage!.total_tokens).toBeGreaterThan(0);
    expect(snapshots.at(-1)).toBe(final.output_text);
    expect(snapshots.length).toBeGreaterThan(1);
  });

  it('offers function tools, returns function_call items, then answers the function_call_output', async () => {
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Please call get_weather with {"city":"Paris"}' }];
    const first = await client.responses.create({ model: MODELS.chat, input, tools: [weatherTool], tool_choice: 'auto' });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no function_call item');
    expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
    expect(call.id).toMatch(/^fc_/);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
    // The tool reached the upstream as a chat function tool.
    expect(harness.upstreams.azure.requests.at(-1)!.body).toMatchObject({ tools: [{ type: 'function', function: { name: 'get_weather' } }] });

    const followUp = await client.responses.create({
      model: MODELS.chat,
      input: [...input, ...first.output.filter((item) => item.type === 'function_call'), { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21°C' }],
      tools: [weatherTool],
    });
    expect(followUp.output_text).toContain('Tool get_weather returned');
    expect(followUp.output_text).toContain('sunny, 21°C');
  });

  it('streams function calls as argument deltas the stream helper assembles', async () => {
    const stream = client.responses.stream({
      model: MODELS.chat,
      input: 'call get_weather with {"city":"Oslo"} and call get_time',
      tools: [weatherTool, { type: 'function', name: 'get_time', parameters: { type: 'object', properties: {} }, strict: false }],
    });
    const argumentDeltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const final = await stream.finalResponse();
    const calls = final.output.flatMap((item) => (item.type === 'function_call' ? [item] : []));
    expect(calls.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'Oslo' });
    expect(calls[0]!.call_id).not.toBe(calls[1]!.call_id);
    expect(argumentDeltas.length).toBeGreaterThan(0);
  });

  it('passes text.format json_schema through: the reply is JSON of that schema', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'number' } }, required: ['name', 'age'], additionalProperties: false };
    const response = await client.responses.create({
      model: MODELS.chat,
      input: 'Describe a person',
      text: { format: { type: 'json_schema', name: 'person', schema, strict: true } },
    });
    const value = JSON.parse(response.output_text);
    expect(typeof value.name).toBe('string');
    expect(typeof value.age).toBe('number');
    expect(harness.upstreams.azure.requests.at(-1)!.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'person' } } });
  });

  it('sends input_image data URLs to the upstream as files', async () => {
    const response = await client.responses.create({
      model: MODELS.chat,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in the picture?' },
            { type: 'input_image', image_url: `data:image/png;base64,${FAKE_PNG_BASE64}`, detail: 'auto' },
          ],
        },
      ],
    });
    expect(response.output_text).toContain('Files received: image/png');
  });

  it('is served by an Anthropic-shaped upstream: text, streamed text and a function call', async () => {
    const prompt = 'Hello Claude';
    const response = await client.responses.create({ model: MODELS.anthropic, input: prompt });
    expect(response.output_text).toBe(fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6'));
    expect(gatewayOf(response).routing.finalProvider).toBe('anthropic');
    expect(harness.upstreams.anthropic.requests.at(-1)!.path).toBe('/v1/messages');

    const final = await client.responses.stream({ model: MODELS.anthropic, input: prompt }).finalResponse();
    expect(final.output_text).toBe(fakeReply(prompt, 'anthropic', 'claude-sonnet-4-6'));
    expect(final.usage!.input_tokens).toBeGreaterThan(0);

    const tools = await client.responses.create({ model: MODELS.anthropic, input: 'call get_weather with {"city":"Rome"}', tools: [weatherTool] });
    const call = tools.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual({ city: 'Rome' });
  });

  it('is served by an upstream that speaks the Responses API itself (openai first)', async () => {
    const final = await client.responses.stream({ model: MODELS.responses, input: 'Hi openai' }).finalResponse();
    expect(final.output_text).toBe(fakeReply('Hi openai', 'openai', 'gpt-4o-mini'));
    expect(gatewayOf(final).routing.finalProvider).toBe('openai');
    expect(harness.upstreams.openai.requests.at(-1)!.path).toBe('/v1/responses');
  });

  it('fails over: the first upstream answers 500, the second serves', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 500, message: 'openai is down' });
    const prompt = 'Are you up?';
    const response = await client.responses.create({ model: MODELS.responses, input: prompt });
    expect(response.output_text).toBe(fakeReply(prompt, 'azure', 'gpt-4o-mini'));
    const { routing } = gatewayOf(response);
    expect(routing.finalProvider).toBe('azure');
    expect(routing.attempts).toMatchObject([
      { provider: 'openai', success: false, statusCode: 500 },
      { provider: 'azure', success: true },
    ]);
    for (const body of await harness.settledBodies()) for (const secret of SECRETS) expect(body.text).not.toContain(secret);
  });

  it('fails over before the first event of a stream too', async () => {
    harness.upstreams.openai.script.push({ kind: 'status', status: 503 });
    const final = await client.responses.stream({ model: MODELS.responses, input: 'hi' }).finalResponse();
    expect(final.output_text).toBe(fakeReply('hi', 'azure', 'gpt-4o-mini'));
  });

  it('honours providerOptions.gateway and a top-level models list in the body', async () => {
    const routed = await client.responses.create({
      model: MODELS.responses,
      input: 'route me',
      // @ts-expect-error Gateway options ride in the body, outside openai's types.
      providerOptions: { gateway: { only: ['azure'] } },
    });
    expect(gatewayOf(routed).routing.finalProvider).toBe('azure');
    expect(harness.upstreams.openai.requests).toHaveLength(0);

    harness.upstreams.azure.script.push({ kind: 'status', status: 500, times: 1 });
    const fallback = await client.responses.create({
      model: MODELS.chat,
      input: 'fallback please',
      // @ts-expect-error The gateway's top-level fallback list is not in openai's types.
      models: [MODELS.anthropic],
    });
    expect(gatewayOf(fallback).routing.finalProvider).toBe('anthropic');
  });

  it('rejects previous_response_id with a 400 that says to send the whole input, before any upstream call', async () => {
    const error = await client.responses.create({ model: MODELS.chat, input: 'and then?', previous_response_id: 'resp_123' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'previous_response_id' });
    expect(error.message).toContain('send the whole conversation in `input`');
    // A built-in tool only OpenAI runs, for a model no OpenAI Responses upstream serves.
    const builtIn = await client.responses.create({ model: MODELS.chat, input: 'search', tools: [{ type: 'web_search' }] }).catch((caught) => caught);
    expect(builtIn).toBeInstanceOf(OpenAI.BadRequestError);
    expect(builtIn.message).toContain("This call has tools of type web_search, which only OpenAI's Responses API takes: no provider of 'openai/gpt-4.1-mini' is @ai-sdk/openai's Responses model");
    expect(harness.upstreams.azure.requests).toHaveLength(0);
  });

  it('retrieve and delete get a 404 in OpenAI’s error shape saying the gateway stores no responses', async () => {
    const retrieved = await client.responses.retrieve('resp_123').catch((caught) => caught);
    expect(retrieved).toBeInstanceOf(OpenAI.NotFoundError);
    expect(retrieved.message).toContain('stores no responses');
    const deleted = await client.responses.delete('resp_123').catch((caught) => caught);
    expect(deleted).toBeInstanceOf(OpenAI.NotFoundError);
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'not-a-gateway-key', maxRetries: 0 });
    expect(await stranger.responses.retrieve('resp_123').catch((caught) => caught)).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('rejects a bad key with 401 in OpenAI’s error shape, and an unknown model with 404', async () => {
    const stranger = new OpenAI({ baseURL: `${harness.url}/v1`, apiKey: 'not-a-gateway-key', maxRetries: 0 });
    const error = await stranger.responses.create({ model: MODELS.chat, input: 'hi' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.error).toMatchObject({ message: expect.stringContaining('Invalid API key'), type: 'authentication_error' });
    const unknown = await client.responses.create({ model: 'nobody/no-model', input: 'hi', stream: true }).catch((caught) => caught);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown).toMatchObject({ status: 404, type: 'model_not_found', param: 'model' });
  });

  it('closes the upstream stream when the client aborts mid-stream', async () => {
    const behavior = harness.upstreams.azure.behavior;
    behavior.chunkDelayMs = 100;
    try {
      const controller = new AbortController();
      const stream = await client.responses.create({ model: MODELS.chat, input: 'a long answer please', stream: true }, { signal: controller.signal });
      const deltas: string[] = [];
      const reading = (async () => {
        for await (const event of stream) {
          if (event.type === 'response.output_text.delta') {
            deltas.push(event.delta);
            controller.abort();
          }
        }
      })();
      // openai's stream ends quietly when its own signal aborts it.
      await reading.catch(() => {});
      expect(deltas).toEqual(['You ']);
      // 14 words at 100 ms each: an upstream still streaming would outlast this.
      const deadline = Date.now() + 500;
      while (harness.openUpstreamStreams() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(harness.openUpstreamStreams(), 'upstream streams still open').toBe(0);
    } finally {
      behavior.chunkDelayMs = 0;
    }
  });

  it('reports an upstream failure after content as response.failed and an error the client raises', async () => {
    harness.upstreams.anthropic.script.push({ kind: 'errorAfterContent', afterDeltas: 2, cut: true, message: 'The anthropic fake broke mid-reply.' });
    const stream = await client.responses.create({ model: MODELS.anthropic, input: 'break please', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.message).toContain('failed after content');
    const failed = events.at(-1)!;
    if (failed.type !== 'response.failed') throw new Error(`expected response.failed, got ${failed.type}`);
    expect(failed.response.status).toBe('failed');
    expect(failed.response.error).toMatchObject({ code: 'server_error', message: expect.stringContaining('failed after content') });
    expect(events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('')).toBe('You said: ');
    // The stream helper rejects finalResponse() with the same error.
    harness.upstreams.anthropic.script.push({ kind: 'errorAfterContent', afterDeltas: 2, cut: true, message: 'The anthropic fake broke mid-reply.' });
    const helperError = await client.responses.stream({ model: MODELS.anthropic, input: 'break please' }).finalResponse().catch((caught) => caught);
    expect(helperError).toBeInstanceOf(OpenAI.APIError);
  });
});
