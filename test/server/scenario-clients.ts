/**
 * The clients the scenarios run through, each driven by its own `ai` major, with results
 * reduced to what the scenarios assert. One driver per `ai` major; a client is a driver plus
 * how it turns a gateway model id into a model (modelgate, the public @ai-sdk/gateway, or a
 * plain string resolved by the global default provider).
 */
import * as ai5 from 'ai';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';

/** The provider options the scenarios send (a plain JSON shape every ai major accepts). */
export type ProviderOptions = {
  gateway?: { byok?: Record<string, Array<{ apiKey: string }>>; order?: string[]; only?: string[]; models?: string[] };
  anthropic?: { thinking: { type: 'enabled'; budgetTokens: number } };
};

export interface CallInput {
  model: string;
  prompt: string;
  /** An image file part sent after the prompt text. */
  image?: { data: Uint8Array; mediaType: string };
  providerOptions?: ProviderOptions;
}

export interface GenerateOutcome {
  text: string;
  reasoningText: string | undefined;
  responseId: string | undefined;
  providerMetadata: unknown;
  usage: { inputTokens: number | undefined; outputTokens: number | undefined };
}

export interface StreamOutcome extends GenerateOutcome {
  /** `providerMetadata` of the first text part (text-start or text-delta) that had any. */
  firstTextMetadata: unknown;
  /** Text deltas in order. */
  deltas: string[];
  /** Error parts (or the error the stream threw). */
  errors: unknown[];
}

export interface ToolOutcome {
  toolCalls: Array<{ toolName: string; input: unknown }>;
  toolResults: unknown[];
  text: string;
  steps: number;
}

export interface ObjectOutcome {
  object: unknown;
  responseId: string | undefined;
  providerMetadata: unknown;
}

export interface EmbedOutcome {
  embeddings: number[][];
  providerMetadata: unknown;
}

export interface ImageOutcome {
  images: Uint8Array[];
  mediaTypes: string[];
  providerMetadata: unknown;
}

/** The account side of a provider (catalog, credits, generation lookup), as both modelgate and @ai-sdk/gateway offer it. */
export interface AccountClient {
  getAvailableModels(): Promise<{
    models: Array<{ id: string; modelType?: string | null; pricing?: { input?: string; output?: string } | null }>;
  }>;
  getCredits(): Promise<{ balance: string; totalUsed: string }>;
  getGenerationInfo(params: { id: string }): Promise<{
    id: string;
    totalCost: number;
    model: string;
    providerName: string;
    isByok: boolean;
    streamed: boolean;
    finishReason: string;
  }>;
}

export interface ScenarioClient {
  name: string;
  /** Absent for plain model strings: they have no provider object of their own to ask. */
  account?: AccountClient;
  /**
   * modelgate adds its own conveniences (slug hints), keeps the gateway's response id on
   * generate results and its error classes through ai; the public clients do not (they replace
   * a generate result's `response` with headers and body, and ai 7 rewraps their auth errors).
   */
  isModelgate: boolean;
  generate(input: CallInput): Promise<GenerateOutcome>;
  stream(input: CallInput): Promise<StreamOutcome>;
  /** Streams until the first text delta arrives, then aborts the call. */
  streamThenAbort(input: CallInput): Promise<{ deltas: string[] }>;
  /** A weather tool, called by the model, executed by ai, its result sent back for a final answer. */
  toolRoundTrip(input: { model: string; stream: boolean }): Promise<ToolOutcome>;
  object(input: { model: string; prompt: string }): Promise<ObjectOutcome>;
  embed(model: string, value: string): Promise<EmbedOutcome>;
  embedMany(model: string, values: string[]): Promise<EmbedOutcome>;
  image(model: string, prompt: string, n: number): Promise<ImageOutcome>;
}

export const WEATHER_PROMPT = 'Look it up: call weather with {"city":"Paris"}';
export const WEATHER_RESULT = { city: 'Paris', celsius: 18 };
/**
 * The object the fakes generate for `RECIPE_SCHEMA` (see valueForSchema in test/fakes/deterministic.ts).
 * No `minimum` and the like: @ai-sdk/anthropic moves such keywords into descriptions.
 */
export const RECIPE_SCHEMA = {
  type: 'object',
  properties: { name: { type: 'string' }, servings: { type: 'integer' }, vegan: { type: 'boolean' } },
  required: ['name', 'servings', 'vegan'],
  additionalProperties: false,
} as const;
export const RECIPE_OBJECT = { name: 'example name', servings: 1, vegan: true };
type Recipe = typeof RECIPE_OBJECT;
type Weather = { city: string };

function userMessage(input: CallInput) {
  return {
    role: 'user' as const,
    content: [
      { type: 'text' as const, text: input.prompt },
      ...(input.image ? [{ type: 'image' as const, image: input.image.data, mediaType: input.image.mediaType }] : []),
    ],
  };
}

/** ai 5 (spec v2 models). */
export function ai5Client(options: {
  name: string;
  isModelgate: boolean;
  models: { language(id: string): ai5.LanguageModel; embedding(id: string): ai5.EmbeddingModel<string>; image(id: string): ai5.ImageModel };
  account?: AccountClient;
}): ScenarioClient {
  const { name, isModelgate, models, account } = options;
  const weather = ai5.tool({
    description: 'Current weather in a city',
    inputSchema: ai5.jsonSchema<Weather>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => ({ ...WEATHER_RESULT, city }),
  });
  return {
    name,
    isModelgate,
    account,
    async generate(input) {
      const result = await ai5.generateText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
      });
      return {
        text: result.text,
        reasoningText: result.reasoningText,
        responseId: result.response.id,
        providerMetadata: result.providerMetadata,
        usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      };
    },
    async stream(input) {
      const result = ai5.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      const reasoning: string[] = [];
      const errors: unknown[] = [];
      let providerMetadata: unknown;
      let firstTextMetadata: unknown;
      let responseId: string | undefined;
      let usage: GenerateOutcome['usage'] = { inputTokens: undefined, outputTokens: undefined };
      try {
        for await (const part of result.fullStream) {
          if ((part.type === 'text-start' || part.type === 'text-delta') && firstTextMetadata === undefined) {
            firstTextMetadata = part.providerMetadata;
          }
          if (part.type === 'text-delta') deltas.push(part.text);
          else if (part.type === 'reasoning-delta') reasoning.push(part.text);
          else if (part.type === 'error') errors.push(part.error);
          else if (part.type === 'finish-step') {
            providerMetadata = part.providerMetadata;
            responseId = part.response.id;
            usage = { inputTokens: part.usage.inputTokens, outputTokens: part.usage.outputTokens };
          }
        }
      } catch (error) {
        errors.push(error);
      }
      const reasoningText = reasoning.length ? reasoning.join('') : undefined;
      return { text: deltas.join(''), reasoningText, deltas, errors, providerMetadata, firstTextMetadata, responseId, usage };
    },
    async streamThenAbort(input) {
      const controller = new AbortController();
      const result = ai5.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        abortSignal: controller.signal,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      try {
        for await (const part of result.fullStream) {
          if (part.type !== 'text-delta') continue;
          deltas.push(part.text);
          controller.abort();
        }
      } catch {
        // the abort, as this ai major reports it
      }
      return { deltas };
    },
    async toolRoundTrip({ model, stream }) {
      const options = {
        model: models.language(model),
        prompt: WEATHER_PROMPT,
        tools: { weather },
        stopWhen: ai5.stepCountIs(2),
        maxRetries: 0,
      };
      const result = stream ? ai5.streamText({ ...options, onError: () => {} }) : await ai5.generateText(options);
      const steps = await result.steps;
      return {
        toolCalls: steps.flatMap((step) => step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input }))),
        toolResults: steps.flatMap((step) => step.toolResults.map((call) => call.output)),
        text: await result.text,
        steps: steps.length,
      };
    },
    async object({ model, prompt }) {
      const result = await ai5.generateObject({
        model: models.language(model),
        schema: ai5.jsonSchema<Recipe>(RECIPE_SCHEMA),
        prompt,
        maxRetries: 0,
      });
      return { object: result.object, responseId: result.response.id, providerMetadata: result.providerMetadata };
    },
    async embed(model, value) {
      const result = await ai5.embed({ model: models.embedding(model), value, maxRetries: 0 });
      return { embeddings: [result.embedding], providerMetadata: result.providerMetadata };
    },
    async embedMany(model, values) {
      const result = await ai5.embedMany({ model: models.embedding(model), values, maxRetries: 0 });
      return { embeddings: result.embeddings, providerMetadata: result.providerMetadata };
    },
    async image(model, prompt, n) {
      const result = await ai5.experimental_generateImage({ model: models.image(model), prompt, n, maxRetries: 0 });
      return {
        images: result.images.map((image) => image.uint8Array),
        mediaTypes: result.images.map((image) => image.mediaType),
        providerMetadata: result.providerMetadata,
      };
    },
  };
}

/** ai 6 (spec v3 models). */
export function ai6Client(options: {
  name: string;
  isModelgate: boolean;
  models: { language(id: string): ai6.LanguageModel; embedding(id: string): ai6.EmbeddingModel; image(id: string): ai6.ImageModel };
  account?: AccountClient;
}): ScenarioClient {
  const { name, isModelgate, models, account } = options;
  const weather = ai6.tool({
    description: 'Current weather in a city',
    inputSchema: ai6.jsonSchema<Weather>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => ({ ...WEATHER_RESULT, city }),
  });
  return {
    name,
    isModelgate,
    account,
    async generate(input) {
      const result = await ai6.generateText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
      });
      return {
        text: result.text,
        reasoningText: result.reasoningText,
        responseId: result.response.id,
        providerMetadata: result.providerMetadata,
        usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      };
    },
    async stream(input) {
      const result = ai6.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      const reasoning: string[] = [];
      const errors: unknown[] = [];
      let providerMetadata: unknown;
      let firstTextMetadata: unknown;
      let responseId: string | undefined;
      let usage: GenerateOutcome['usage'] = { inputTokens: undefined, outputTokens: undefined };
      try {
        for await (const part of result.fullStream) {
          if ((part.type === 'text-start' || part.type === 'text-delta') && firstTextMetadata === undefined) {
            firstTextMetadata = part.providerMetadata;
          }
          if (part.type === 'text-delta') deltas.push(part.text);
          else if (part.type === 'reasoning-delta') reasoning.push(part.text);
          else if (part.type === 'error') errors.push(part.error);
          else if (part.type === 'finish-step') {
            providerMetadata = part.providerMetadata;
            responseId = part.response.id;
            usage = { inputTokens: part.usage.inputTokens, outputTokens: part.usage.outputTokens };
          }
        }
      } catch (error) {
        errors.push(error);
      }
      const reasoningText = reasoning.length ? reasoning.join('') : undefined;
      return { text: deltas.join(''), reasoningText, deltas, errors, providerMetadata, firstTextMetadata, responseId, usage };
    },
    async streamThenAbort(input) {
      const controller = new AbortController();
      const result = ai6.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        abortSignal: controller.signal,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      try {
        for await (const part of result.fullStream) {
          if (part.type !== 'text-delta') continue;
          deltas.push(part.text);
          controller.abort();
        }
      } catch {
        // the abort, as this ai major reports it
      }
      return { deltas };
    },
    async toolRoundTrip({ model, stream }) {
      const options = {
        model: models.language(model),
        prompt: WEATHER_PROMPT,
        tools: { weather },
        stopWhen: ai6.stepCountIs(2),
        maxRetries: 0,
      };
      const result = stream ? ai6.streamText({ ...options, onError: () => {} }) : await ai6.generateText(options);
      const steps = await result.steps;
      return {
        toolCalls: steps.flatMap((step) => step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input }))),
        toolResults: steps.flatMap((step) => step.toolResults.map((call) => call.output)),
        text: await result.text,
        steps: steps.length,
      };
    },
    async object({ model, prompt }) {
      const result = await ai6.generateText({
        model: models.language(model),
        output: ai6.Output.object({ schema: ai6.jsonSchema<Recipe>(RECIPE_SCHEMA) }),
        prompt,
        maxRetries: 0,
      });
      return { object: result.output, responseId: result.response.id, providerMetadata: result.providerMetadata };
    },
    async embed(model, value) {
      const result = await ai6.embed({ model: models.embedding(model), value, maxRetries: 0 });
      return { embeddings: [result.embedding], providerMetadata: result.providerMetadata };
    },
    async embedMany(model, values) {
      const result = await ai6.embedMany({ model: models.embedding(model), values, maxRetries: 0 });
      return { embeddings: result.embeddings, providerMetadata: result.providerMetadata };
    },
    async image(model, prompt, n) {
      const result = await ai6.generateImage({ model: models.image(model), prompt, n, maxRetries: 0 });
      return {
        images: result.images.map((image) => image.uint8Array),
        mediaTypes: result.images.map((image) => image.mediaType),
        providerMetadata: result.providerMetadata,
      };
    },
  };
}

/** ai 7 (spec v4 models). */
export function ai7Client(options: {
  name: string;
  isModelgate: boolean;
  models: { language(id: string): ai7.LanguageModel; embedding(id: string): ai7.EmbeddingModel; image(id: string): ai7.ImageModel };
  account?: AccountClient;
}): ScenarioClient {
  const { name, isModelgate, models, account } = options;
  const weather = ai7.tool({
    description: 'Current weather in a city',
    inputSchema: ai7.jsonSchema<Weather>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => ({ ...WEATHER_RESULT, city }),
  });
  return {
    name,
    isModelgate,
    account,
    async generate(input) {
      const result = await ai7.generateText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
      });
      return {
        text: result.text,
        reasoningText: result.reasoningText,
        responseId: result.response.id,
        providerMetadata: result.providerMetadata,
        usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      };
    },
    async stream(input) {
      const result = ai7.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        providerOptions: input.providerOptions,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      const reasoning: string[] = [];
      const errors: unknown[] = [];
      let providerMetadata: unknown;
      let firstTextMetadata: unknown;
      let responseId: string | undefined;
      let usage: GenerateOutcome['usage'] = { inputTokens: undefined, outputTokens: undefined };
      try {
        for await (const part of result.fullStream) {
          if ((part.type === 'text-start' || part.type === 'text-delta') && firstTextMetadata === undefined) {
            firstTextMetadata = part.providerMetadata;
          }
          if (part.type === 'text-delta') deltas.push(part.text);
          else if (part.type === 'reasoning-delta') reasoning.push(part.text);
          else if (part.type === 'error') errors.push(part.error);
          else if (part.type === 'finish-step') {
            providerMetadata = part.providerMetadata;
            responseId = part.response.id;
            usage = { inputTokens: part.usage.inputTokens, outputTokens: part.usage.outputTokens };
          }
        }
      } catch (error) {
        errors.push(error);
      }
      const reasoningText = reasoning.length ? reasoning.join('') : undefined;
      return { text: deltas.join(''), reasoningText, deltas, errors, providerMetadata, firstTextMetadata, responseId, usage };
    },
    async streamThenAbort(input) {
      const controller = new AbortController();
      const result = ai7.streamText({
        model: models.language(input.model),
        messages: [userMessage(input)],
        abortSignal: controller.signal,
        maxRetries: 0,
        onError: () => {},
      });
      const deltas: string[] = [];
      try {
        for await (const part of result.fullStream) {
          if (part.type !== 'text-delta') continue;
          deltas.push(part.text);
          controller.abort();
        }
      } catch {
        // the abort, as this ai major reports it
      }
      return { deltas };
    },
    async toolRoundTrip({ model, stream }) {
      const options = {
        model: models.language(model),
        prompt: WEATHER_PROMPT,
        tools: { weather },
        stopWhen: ai7.stepCountIs(2),
        maxRetries: 0,
      };
      const result = stream ? ai7.streamText({ ...options, onError: () => {} }) : await ai7.generateText(options);
      const steps = await result.steps;
      return {
        toolCalls: steps.flatMap((step) => step.toolCalls.map((call) => ({ toolName: call.toolName, input: call.input }))),
        toolResults: steps.flatMap((step) => step.toolResults.map((call) => call.output)),
        text: await result.text,
        steps: steps.length,
      };
    },
    async object({ model, prompt }) {
      const result = await ai7.generateText({
        model: models.language(model),
        output: ai7.Output.object({ schema: ai7.jsonSchema<Recipe>(RECIPE_SCHEMA) }),
        prompt,
        maxRetries: 0,
      });
      return { object: result.output, responseId: result.response.id, providerMetadata: result.providerMetadata };
    },
    async embed(model, value) {
      const result = await ai7.embed({ model: models.embedding(model), value, maxRetries: 0 });
      return { embeddings: [result.embedding], providerMetadata: result.providerMetadata };
    },
    async embedMany(model, values) {
      const result = await ai7.embedMany({ model: models.embedding(model), values, maxRetries: 0 });
      return { embeddings: result.embeddings, providerMetadata: result.providerMetadata };
    },
    async image(model, prompt, n) {
      const result = await ai7.generateImage({ model: models.image(model), prompt, n, maxRetries: 0 });
      return {
        images: result.images.map((image) => image.uint8Array),
        mediaTypes: result.images.map((image) => image.mediaType),
        providerMetadata: result.providerMetadata,
      };
    },
  };
}
