/**
 * With an API key and BYOK provider credentials in play, no error (message,
 * stack, cause chain, requestBodyValues, util.inspect, JSON.stringify, the errors
 * inside a RetryError) and no returned request body may contain either, whatever
 * went wrong on the wire.
 */
import { generateText, streamText } from 'ai';
import { createGateway } from 'modelgate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  gatewayError,
  generateResult,
  sse,
  useFaultServer,
  textStreamParts,
  type Fault,
} from './fault-server';
import { collect, errorRenderings, leakedSecrets } from './helpers';

const SECRETS = {
  apiKey: 'mg_test_APIKEY_7f3a9c2e51d04b',
  anthropicByok: 'sk-ant-BYOK-91b2e4c7aa0f',
  bedrockSecret: 'bedrock-SECRET-4d5e6f708192',
  // A PEM key has real newlines, so it is escaped differently in JSON and in util.inspect.
  vertexPrivateKey: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n',
};

const providerOptions = {
  gateway: {
    order: ['anthropic', 'bedrock'],
    byok: {
      anthropic: [{ apiKey: SECRETS.anthropicByok }],
      bedrock: [{ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRETS.bedrockSecret, region: 'us-east-1' }],
      vertex: [
        {
          project: 'p',
          location: 'us-central1',
          googleCredentials: { privateKey: SECRETS.vertexPrivateKey, clientEmail: 'svc@p.iam.gserviceaccount.com' },
        },
      ],
    },
  },
};

const server = useFaultServer();
afterEach(() => {
  // The secrets did go out on the wire where they belong, so a clean scan means something.
  for (const exchange of server.exchanges) {
    expect(exchange.headers.authorization).toBe(`Bearer ${SECRETS.apiKey}`);
    if (exchange.path.endsWith('/language-model')) {
      expect(exchange.bodyText).toContain(SECRETS.anthropicByok);
      expect(exchange.bodyText).toContain(SECRETS.bedrockSecret);
      expect(exchange.bodyText).toContain(JSON.stringify(SECRETS.vertexPrivateKey));
    }
  }
});

const model = () => createGateway({ baseURL: server.baseURL, apiKey: SECRETS.apiKey })('anthropic/claude-test');

const failures: Array<[string, Fault[], number]> = [
  ['401 authentication error', [{ kind: 'json', status: 401, body: gatewayError('Invalid API key', 'authentication_error') }], 0],
  ['400 invalid request', [{ kind: 'json', status: 400, body: gatewayError('bad request', 'invalid_request_error') }], 0],
  ['402 payment required', [{ kind: 'json', status: 402, body: gatewayError('no credits', 'insufficient_funds') }], 0],
  ['403 forbidden', [{ kind: 'json', status: 403, body: gatewayError('blocked', 'forbidden', { param: { ruleId: 'r1' } }) }], 0],
  ['404 model not found', [{ kind: 'json', status: 404, body: gatewayError('no such model', 'model_not_found', { param: { modelId: 'anthropic/claude-test' } }) }], 0],
  ['502 HTML page', [{ kind: 'text', status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' }], 0],
  [
    '429 three times (RetryError)',
    Array.from({ length: 3 }, () => ({
      kind: 'json' as const,
      status: 429,
      body: gatewayError('slow down', 'rate_limit_exceeded'),
      headers: { 'retry-after-ms': '5' },
    })),
    2,
  ],
  ['connection reset before headers', [{ kind: 'reset' }], 0],
  ['200 with a body that is not JSON', [{ kind: 'text', status: 200, contentType: 'application/json', body: '{"content": [' }], 0],
  // A misbehaving gateway that echoes the request (and the key) back in its error.
  [
    'error body echoing the credentials',
    [
      {
        kind: 'json',
        status: 400,
        body: gatewayError(`bad byok ${SECRETS.anthropicByok} for key ${SECRETS.apiKey}`, 'invalid_request_error', {
          param: { byok: providerOptions.gateway.byok },
        }),
      },
    ],
    0,
  ],
];

describe('errors from generateText', () => {
  it.each(failures)('%s', async (_name, faults, maxRetries) => {
    server.enqueue(...faults);
    server.setDefault((e) => (e.path.endsWith('/config') ? { kind: 'json', body: { models: [] } } : faults[0]!));
    const error = await generateText({ model: model(), prompt: 'hi', providerOptions, maxRetries }).then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => e,
    );
    expect(leakedSecrets(errorRenderings(error), SECRETS)).toEqual([]);
  });
});

describe('errors from streamText', () => {
  const streamFailures: Array<[string, Fault]> = [
    ['429 before the stream opens', failures[6]![1][0]!],
    ['connection reset', { kind: 'reset' }],
    ['stream cut before finish', { kind: 'sse', parts: textStreamParts(['a', 'b']).slice(0, 4), cut: { afterBytes: 10_000, how: 'destroy' } }],
    [
      'malformed event echoing a key',
      { kind: 'sse', raw: sse(textStreamParts(['a']).slice(0, 3)) + `data: {oops ${SECRETS.bedrockSecret}\n\n` + sse(textStreamParts(['a']).slice(3)) },
    ],
    [
      'in-band error part echoing a key',
      {
        kind: 'sse',
        parts: [
          ...textStreamParts(['a']).slice(0, 3),
          { type: 'error', error: { message: `upstream rejected ${SECRETS.anthropicByok}`, type: 'authentication_error' } },
          ...textStreamParts(['a']).slice(3),
        ],
      },
    ],
  ];

  it.each(streamFailures)('%s', async (_name, fault) => {
    server.enqueue(fault);
    const errors: unknown[] = [];
    const result = streamText({
      model: model(),
      prompt: 'hi',
      providerOptions,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    const parts = await collect(result.fullStream);
    const partErrors = parts.filter((p) => p.type === 'error').map((p) => (p as { error: unknown }).error);
    expect(partErrors.length).toBeGreaterThan(0);
    const texts = [...errors, ...partErrors].flatMap(errorRenderings);
    // Request bodies that ai hands back alongside the stream.
    texts.push(JSON.stringify(parts.filter((p) => p.type === 'start-step')));
    expect(leakedSecrets(texts, SECRETS)).toEqual([]);
  });
});

describe('request bodies handed back on success', () => {
  it('generateText: result.request.body and steps keep the structure but not the credentials', async () => {
    server.enqueue({ kind: 'json', body: generateResult('fine') });
    const result = await generateText({ model: model(), prompt: 'hi', providerOptions });
    const texts = [
      JSON.stringify(result.request.body),
      JSON.stringify(result.steps.map((s) => s.request)),
      JSON.stringify(result.response),
    ];
    expect(leakedSecrets(texts, SECRETS)).toEqual([]);
    // Still useful for debugging: the routing options are there, credentials masked.
    expect(texts[0]).toContain('"order":["anthropic","bedrock"]');
    expect(texts[0]).toContain('anthropic');
  });

  it('streamText: result.request.body and start-step parts carry no credentials', async () => {
    server.enqueue({ kind: 'sse', parts: textStreamParts(['fine']) });
    const result = streamText({ model: model(), prompt: 'hi', providerOptions });
    const parts = await collect(result.fullStream);
    const request = await result.request;
    const steps = await result.steps;
    const texts = [
      JSON.stringify(request.body),
      JSON.stringify(steps.map((s) => s.request)),
      JSON.stringify(parts.filter((p) => p.type === 'start-step')),
    ];
    expect(leakedSecrets(texts, SECRETS)).toEqual([]);
    expect(texts[0]).toContain('"order":["anthropic","bedrock"]');
  });
});
