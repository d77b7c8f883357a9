import { InvalidArgumentError, type JSONSchema7 } from '@ai-sdk/provider';
import type * as V2 from '@ai-sdk/provider-v2';
import type * as V3 from '@ai-sdk/provider-v3';
import type * as V4 from '@ai-sdk/provider';
import { z } from 'zod/v4';
import { isJsonObjectV3, isJsonValueV2, isJsonValueV3, isPlainObject } from './convert-shared';
import type { SpecType, SpecVersion } from './spec-conversions';
import { decodeWireFileDataV3, decodeWireFileDataV4, decodeWireInlineDataV4, decodeWireUrlDataV4 } from './wire-codec';

/**
 * What the gateway server accepts as a model call body, per spec version: zod schemas
 * that check the JSON and decode it into the spec's own call options (file data
 * becomes bytes or URLs, see wire-codec.ts). Unknown keys pass through, so fields a
 * newer minor version adds reach the upstream model.
 */

// ---- shared pieces ------------------------------------------------------------------------

const jsonV2 = z.custom<V2.JSONValue>(isJsonValueV2, { message: 'Expected a JSON value' });
const jsonV3 = z.custom<V3.JSONValue>(isJsonValueV3, { message: 'Expected a JSON value' });
const jsonObjectV3 = z.custom<V3.JSONObject>(isJsonObjectV3, { message: 'Expected a JSON object' });
const optionsV2 = z.record(z.string(), z.record(z.string(), jsonV2)).optional();
const optionsV3 = z.record(z.string(), jsonObjectV3).optional();
const jsonSchema = z.custom<JSONSchema7>(isPlainObject, { message: 'Expected a JSON schema object' });
const dottedId = z.custom<`${string}.${string}`>((value) => typeof value === 'string' && /^[^.]+\.[^]+$/.test(value), {
  message: "Expected a provider tool id like 'openai.web_search'",
});

const callSettings = {
  maxOutputTokens: z.number().optional(),
  temperature: z.number().optional(),
  stopSequences: z.array(z.string()).optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  responseFormat: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({
        type: z.literal('json'),
        schema: jsonSchema.optional(),
        name: z.string().optional(),
        description: z.string().optional(),
      }),
    ])
    .optional(),
  seed: z.number().optional(),
  toolChoice: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('auto') }),
      z.looseObject({ type: z.literal('none') }),
      z.looseObject({ type: z.literal('required') }),
      z.looseObject({ type: z.literal('tool'), toolName: z.string() }),
    ])
    .optional(),
  includeRawChunks: z.boolean().optional(),
  headers: z.record(z.string(), z.string().optional()).optional(),
};

/** Parts whose shape is the same in every version but for the provider options' type. */
function plainParts<O extends z.ZodType>(providerOptions: O) {
  return {
    text: z.looseObject({ type: z.literal('text'), text: z.string(), providerOptions }),
    reasoning: z.looseObject({ type: z.literal('reasoning'), text: z.string(), providerOptions }),
    toolCall: z.looseObject({
      type: z.literal('tool-call'),
      toolCallId: z.string(),
      toolName: z.string(),
      input: z.unknown(),
      providerExecuted: z.boolean().optional(),
      providerOptions,
    }),
  };
}

/** V2/V3 file parts: the string data is decoded; the part's own media type wins over the data URL's. */
function fileStringPart<O extends z.ZodType>(providerOptions: O) {
  return z
    .looseObject({
      type: z.literal('file'),
      filename: z.string().optional(),
      data: z.string(),
      originalUrl: z.string().optional(),
      mediaType: z.string(),
      providerOptions,
    })
    .transform((part) => {
      const decoded = decodeWireFileDataV3(part.data);
      return {
        ...part,
        data: decoded.data,
        mediaType: part.mediaType || decoded.mediaType || 'application/octet-stream',
      };
    });
}

const textOutput = <O extends z.ZodType>(type: 'text' | 'error-text', providerOptions: O) =>
  z.looseObject({ type: z.literal(type), value: z.string(), providerOptions });
const jsonOutput = <J extends z.ZodType, O extends z.ZodType>(
  type: 'json' | 'error-json',
  json: J,
  providerOptions: O,
) => z.looseObject({ type: z.literal(type), value: json, providerOptions });

// ---- V2 -----------------------------------------------------------------------------------

const partsV2 = plainParts(optionsV2);
const outputV2 = z.discriminatedUnion('type', [
  textOutput('text', z.undefined().optional()),
  jsonOutput('json', jsonV2, z.undefined().optional()),
  textOutput('error-text', z.undefined().optional()),
  jsonOutput('error-json', jsonV2, z.undefined().optional()),
  z.looseObject({
    type: z.literal('content'),
    value: z.array(
      z.discriminatedUnion('type', [
        z.looseObject({ type: z.literal('text'), text: z.string() }),
        z.looseObject({ type: z.literal('media'), data: z.string(), mediaType: z.string() }),
      ]),
    ),
  }),
]);
const toolResultV2 = z.looseObject({
  type: z.literal('tool-result'),
  toolCallId: z.string(),
  toolName: z.string(),
  output: outputV2,
  providerOptions: optionsV2,
});
const fileV2 = fileStringPart(optionsV2);

const messageV2 = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: z.string(), providerOptions: optionsV2 }),
  z.looseObject({
    role: z.literal('user'),
    content: z.array(z.union([partsV2.text, fileV2])),
    providerOptions: optionsV2,
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.array(z.union([partsV2.text, fileV2, partsV2.reasoning, partsV2.toolCall, toolResultV2])),
    providerOptions: optionsV2,
  }),
  z.looseObject({ role: z.literal('tool'), content: z.array(toolResultV2), providerOptions: optionsV2 }),
]);

const callOptionsV2: z.ZodType<V2.LanguageModelV2CallOptions> = z.looseObject({
  ...callSettings,
  prompt: z.array(messageV2),
  tools: z
    .array(
      z.discriminatedUnion('type', [
        z.looseObject({
          type: z.literal('function'),
          name: z.string(),
          description: z.string().optional(),
          inputSchema: jsonSchema,
          providerOptions: optionsV2,
        }),
        z.looseObject({
          type: z.literal('provider-defined'),
          id: dottedId,
          name: z.string(),
          args: z.record(z.string(), z.unknown()),
        }),
      ]),
    )
    .optional(),
  providerOptions: optionsV2,
});

// ---- V3 and V4 ----------------------------------------------------------------------------

const partsV3 = plainParts(optionsV3);
const fileId = z.union([z.string(), z.record(z.string(), z.string())]);
const contentItemV3 = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string(), providerOptions: optionsV3 }),
  z.looseObject({
    type: z.literal('file-data'),
    data: z.string(),
    mediaType: z.string(),
    filename: z.string().optional(),
    providerOptions: optionsV3,
  }),
  z.looseObject({
    type: z.literal('file-url'),
    url: z.string(),
    mediaType: z.string().optional(),
    providerOptions: optionsV3,
  }),
  z.looseObject({ type: z.literal('file-id'), fileId, providerOptions: optionsV3 }),
  z.looseObject({ type: z.literal('image-data'), data: z.string(), mediaType: z.string(), providerOptions: optionsV3 }),
  z.looseObject({ type: z.literal('image-url'), url: z.string(), providerOptions: optionsV3 }),
  z.looseObject({ type: z.literal('image-file-id'), fileId, providerOptions: optionsV3 }),
  z.looseObject({ type: z.literal('custom'), providerOptions: optionsV3 }),
]);

const fileDataV4 = z
  .discriminatedUnion('type', [
    z.looseObject({ type: z.literal('data'), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string(), originalUrl: z.string().optional() }),
    z.looseObject({ type: z.literal('reference'), reference: z.record(z.string(), z.string()) }),
    z.looseObject({ type: z.literal('text'), text: z.string() }),
  ])
  .transform((data) => decodeWireFileDataV4(data));
const inlineOrUrlDataV4 = z
  .discriminatedUnion('type', [
    z.looseObject({ type: z.literal('data'), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string(), originalUrl: z.string().optional() }),
  ])
  .transform((data) => (data.type === 'data' ? decodeWireInlineDataV4(data) : decodeWireUrlDataV4(data)));

const contentItemV4 = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string(), providerOptions: optionsV3 }),
  z.looseObject({
    type: z.literal('file'),
    data: fileDataV4,
    mediaType: z.string(),
    filename: z.string().optional(),
    providerOptions: optionsV3,
  }),
  z.looseObject({ type: z.literal('custom'), providerOptions: optionsV3 }),
]);

function outputV3Or4<I extends z.ZodType>(contentItem: I) {
  return z.discriminatedUnion('type', [
    textOutput('text', optionsV3),
    jsonOutput('json', jsonV3, optionsV3),
    z.looseObject({ type: z.literal('execution-denied'), reason: z.string().optional(), providerOptions: optionsV3 }),
    textOutput('error-text', optionsV3),
    jsonOutput('error-json', jsonV3, optionsV3),
    z.looseObject({ type: z.literal('content'), value: z.array(contentItem) }),
  ]);
}

const toolResult = <I extends z.ZodType>(contentItem: I) =>
  z.looseObject({
    type: z.literal('tool-result'),
    toolCallId: z.string(),
    toolName: z.string(),
    output: outputV3Or4(contentItem),
    providerOptions: optionsV3,
  });
const toolResultV3 = toolResult(contentItemV3);
const toolResultV4 = toolResult(contentItemV4);
const approvalResponse = z.looseObject({
  type: z.literal('tool-approval-response'),
  approvalId: z.string(),
  approved: z.boolean(),
  reason: z.string().optional(),
  providerOptions: optionsV3,
});
const fileV3 = fileStringPart(optionsV3);
const fileV4 = z.looseObject({
  type: z.literal('file'),
  filename: z.string().optional(),
  data: fileDataV4,
  mediaType: z.string(),
  providerOptions: optionsV3,
});

const system = z.looseObject({ role: z.literal('system'), content: z.string(), providerOptions: optionsV3 });
const messageV3 = z.discriminatedUnion('role', [
  system,
  z.looseObject({
    role: z.literal('user'),
    content: z.array(z.union([partsV3.text, fileV3])),
    providerOptions: optionsV3,
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.array(z.union([partsV3.text, fileV3, partsV3.reasoning, partsV3.toolCall, toolResultV3])),
    providerOptions: optionsV3,
  }),
  z.looseObject({
    role: z.literal('tool'),
    content: z.array(z.union([toolResultV3, approvalResponse])),
    providerOptions: optionsV3,
  }),
]);
const messageV4 = z.discriminatedUnion('role', [
  system,
  z.looseObject({
    role: z.literal('user'),
    content: z.array(z.union([partsV3.text, fileV4])),
    providerOptions: optionsV3,
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.array(
      z.union([
        partsV3.text,
        fileV4,
        partsV3.reasoning,
        partsV3.toolCall,
        toolResultV4,
        z.looseObject({ type: z.literal('custom'), kind: dottedId, providerOptions: optionsV3 }),
        z.looseObject({
          type: z.literal('reasoning-file'),
          data: inlineOrUrlDataV4,
          mediaType: z.string(),
          providerOptions: optionsV3,
        }),
      ]),
    ),
    providerOptions: optionsV3,
  }),
  z.looseObject({
    role: z.literal('tool'),
    content: z.array(z.union([toolResultV4, approvalResponse])),
    providerOptions: optionsV3,
  }),
]);

const toolsV3 = z
  .array(
    z.discriminatedUnion('type', [
      z.looseObject({
        type: z.literal('function'),
        name: z.string(),
        description: z.string().optional(),
        inputSchema: jsonSchema,
        inputExamples: z.array(z.looseObject({ input: jsonObjectV3 })).optional(),
        strict: z.boolean().optional(),
        providerOptions: optionsV3,
      }),
      z.looseObject({
        type: z.literal('provider'),
        id: dottedId,
        name: z.string(),
        args: z.record(z.string(), z.unknown()),
      }),
    ]),
  )
  .optional();

const callOptionsV3: z.ZodType<V3.LanguageModelV3CallOptions> = z.looseObject({
  ...callSettings,
  prompt: z.array(messageV3),
  tools: toolsV3,
  providerOptions: optionsV3,
});

const callOptionsV4: z.ZodType<V4.LanguageModelV4CallOptions> = z.looseObject({
  ...callSettings,
  prompt: z.array(messageV4),
  tools: toolsV3,
  reasoning: z.enum(['provider-default', 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).optional(),
  providerOptions: optionsV3,
});

// ---- embedding and image bodies -----------------------------------------------------------

/** V2 sends `input` (one string or a list); V3/V4 send `values`. */
const embeddingV2 = z
  .looseObject({ input: z.union([z.string(), z.array(z.string())]), providerOptions: optionsV2 })
  .transform(({ input, ...rest }) => ({ ...rest, values: typeof input === 'string' ? [input] : input }));
const embeddingV3 = z.looseObject({ values: z.array(z.string()), providerOptions: optionsV3 });
const embeddingV4 = z.looseObject({
  values: z.array(z.string()),
  dimensions: z.number().optional(),
  providerOptions: optionsV3,
});

const size = z.custom<`${number}x${number}`>((value) => typeof value === 'string' && /^\d+x\d+$/.test(value), {
  message: "Expected a size like '1024x1024'",
});
const aspectRatio = z.custom<`${number}:${number}`>((value) => typeof value === 'string' && /^\d+:\d+$/.test(value), {
  message: "Expected an aspect ratio like '16:9'",
});
const imageSettings = {
  n: z.number(),
  size: size.optional(),
  aspectRatio: aspectRatio.optional(),
  seed: z.number().optional(),
};
/** Image-editing inputs: bytes arrive as base64, which the V3/V4 file type accepts as it is. */
const imageFile = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('file'), mediaType: z.string(), data: z.string(), providerOptions: optionsV3 }),
  z.looseObject({ type: z.literal('url'), url: z.string(), providerOptions: optionsV3 }),
]);
const imageV2 = z
  .looseObject({ prompt: z.string(), ...imageSettings, providerOptions: optionsV2 })
  .transform((body) => ({
    size: undefined,
    aspectRatio: undefined,
    seed: undefined,
    ...body,
    providerOptions: body.providerOptions ?? {},
  }));
const imageV3 = z
  .looseObject({
    prompt: z.string().optional(),
    ...imageSettings,
    files: z.array(imageFile).optional(),
    mask: imageFile.optional(),
    providerOptions: optionsV3,
  })
  .transform((body) => ({
    prompt: undefined,
    size: undefined,
    aspectRatio: undefined,
    seed: undefined,
    files: undefined,
    mask: undefined,
    ...body,
    providerOptions: body.providerOptions ?? {},
  }));

// ---- parsing ------------------------------------------------------------------------------

type Schemas<K extends 'languageModelCallOptions' | 'embeddingModelCallOptions' | 'imageModelCallOptions'> = {
  [S in SpecVersion]: z.ZodType<SpecType<S, K>>;
};

const languageModelSchemas: Schemas<'languageModelCallOptions'> = {
  v2: callOptionsV2,
  v3: callOptionsV3,
  v4: callOptionsV4,
};
const embeddingModelSchemas: Schemas<'embeddingModelCallOptions'> = {
  v2: embeddingV2,
  v3: embeddingV3,
  v4: embeddingV4,
};
const imageModelSchemas: Schemas<'imageModelCallOptions'> = { v2: imageV2, v3: imageV3, v4: imageV3 };

/** Checks a body against its schema; a failure names each bad path and the fix (never the values). */
export function parseWireBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // Issue messages name the path and the expected type, never the value (it may hold credentials).
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new InvalidArgumentError({
    argument: 'body',
    message: `The ${what} body is not valid: ${issues}. Send the call options as the AI SDK passes them to the model, JSON-encoded.`,
  });
}

/** Checks a `/language-model` body for the client's spec and decodes it into that spec's call options. */
export function parseLanguageModelCallBody<S extends SpecVersion>(
  spec: S,
  body: unknown,
): SpecType<S, 'languageModelCallOptions'> {
  return parseWireBody(languageModelSchemas[spec], body, `language-model (spec ${spec})`);
}

/** Checks an `/embedding-model` body (V2 `input`, V3/V4 `values`) and returns the spec's call options. */
export function parseEmbeddingModelCallBody<S extends SpecVersion>(
  spec: S,
  body: unknown,
): SpecType<S, 'embeddingModelCallOptions'> {
  return parseWireBody(embeddingModelSchemas[spec], body, `embedding-model (spec ${spec})`);
}

/** Checks an `/image-model` body and returns the spec's call options (absent settings as `undefined`). */
export function parseImageModelCallBody<S extends SpecVersion>(
  spec: S,
  body: unknown,
): SpecType<S, 'imageModelCallOptions'> {
  return parseWireBody(imageModelSchemas[spec], body, `image-model (spec ${spec})`);
}
