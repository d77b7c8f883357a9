/**
 * Authentication failures as a caller of the real `ai` 5, 6 and 7 sees them: a 401 and
 * missing credentials must arrive as modelgate's GatewayAuthenticationError (an
 * APICallError with statusCode 401 and a message saying how to fix it), not as the
 * untyped, ANSI-coloured Error `ai` substitutes for @ai-sdk/gateway's own.
 */
import * as ai5 from 'ai';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import {
  GatewayAuthenticationError as PublicAuthenticationError,
  GatewayError as PublicGatewayError,
  GatewayRateLimitError as PublicRateLimitError,
} from '@ai-sdk/gateway';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway as createV2, GatewayAuthenticationError, registerGateway } from '../src';
import { createGateway as createV3 } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';
import { BASE, failure, json, mockGateway } from './support/mock-gateway';

const gateway = mockGateway();
const MODEL = 'openai/gpt-5.4';
const ESC = '\u001b';

type StreamPart = { type: string; error?: unknown };
interface StreamOutcome {
  /** What `onError` received. */
  onError: unknown;
  /** The `error` part of `fullStream`. */
  part: unknown;
}

async function streamOutcome(
  start: (onError: (event: { error: unknown }) => void) => { fullStream: AsyncIterable<StreamPart> },
): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { onError: undefined, part: undefined };
  const result = start(({ error }) => void (outcome.onError = error));
  for await (const part of result.fullStream) if (part.type === 'error') outcome.part = part.error;
  return outcome;
}

// Each major with the entry that belongs to it. ai 6 reaches modelgate/v3 through a
// plain model string and registerGateway: handing it the model object does not
// type-check yet (issue 10, item 1).
const majors = [
  {
    label: 'ai 5 × modelgate',
    APICallError: ai5.APICallError,
    generate: (apiKey?: string) =>
      ai5.generateText({ model: createV2({ baseURL: BASE, apiKey })(MODEL), prompt: 'Hi' }),
    stream: (apiKey?: string) =>
      streamOutcome((onError) => ai5.streamText({ model: createV2({ baseURL: BASE, apiKey })(MODEL), prompt: 'Hi', onError })),
  },
  {
    label: 'ai 6 × modelgate/v3',
    APICallError: ai6.APICallError,
    generate: (apiKey?: string) => {
      registerGateway(createV3({ baseURL: BASE, apiKey }));
      return ai6.generateText({ model: MODEL, prompt: 'Hi' });
    },
    stream: (apiKey?: string) => {
      registerGateway(createV3({ baseURL: BASE, apiKey }));
      return streamOutcome((onError) => ai6.streamText({ model: MODEL, prompt: 'Hi', onError }));
    },
  },
  {
    label: 'ai 7 × modelgate/v4',
    APICallError: ai7.APICallError,
    generate: (apiKey?: string) =>
      ai7.generateText({ model: createV4({ baseURL: BASE, apiKey })(MODEL), prompt: 'Hi' }),
    stream: (apiKey?: string) =>
      streamOutcome((onError) => ai7.streamText({ model: createV4({ baseURL: BASE, apiKey })(MODEL), prompt: 'Hi', onError })),
  },
];

afterEach(() => {
  vi.unstubAllEnvs();
  Reflect.deleteProperty(globalThis, 'AI_SDK_DEFAULT_PROVIDER');
});

function fakeOidcToken(expiresInSeconds: number) {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${encode({ alg: 'none' })}.${encode({ exp: Math.floor(Date.now() / 1000) + expiresInSeconds, sub: 'test' })}.sig`;
}

function rejectEveryCall(message: string) {
  gateway.on('post', `${BASE}/language-model`, () =>
    json({ error: { message, type: 'authentication_error' } }, { status: 401 }),
  );
}

describe.each(majors)('$label', ({ APICallError, generate, stream }) => {
  /** The checks every authentication failure must pass, whichever way it surfaced. */
  function expectAuthenticationError(error: unknown) {
    expect(GatewayAuthenticationError.isInstance(error)).toBe(true);
    expect(APICallError.isInstance(error)).toBe(true);
    if (!GatewayAuthenticationError.isInstance(error)) return;
    expect(error.name).toBe('GatewayAuthenticationError');
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(error.message).not.toContain(ESC);
    return error;
  }

  it('generateText: a rejected API key is a GatewayAuthenticationError with status 401, not retried', async () => {
    rejectEveryCall('Invalid API key');
    const error = expectAuthenticationError(await failure(generate('wrong-key')));
    expect(error?.message).toContain('Invalid API key');
    expect(error?.message).toContain('AI_GATEWAY_API_KEY');
    expect(error?.responseBody).toContain('authentication_error');
    // ai's default maxRetries is 2: one request means it was not retried.
    expect(gateway.requests).toHaveLength(1);
  });

  it('streamText: onError and the error part carry the same GatewayAuthenticationError', async () => {
    rejectEveryCall('Invalid API key');
    const { onError, part } = await stream('wrong-key');
    const error = expectAuthenticationError(part);
    expect(onError).toBe(part);
    expect(error?.message).toContain('AI_GATEWAY_API_KEY');
    expect(gateway.requests).toHaveLength(1);
  });

  it('generateText: a rejected OIDC token says how to refresh it', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(3600));
    rejectEveryCall('Token expired');
    const error = expectAuthenticationError(await failure(generate()));
    expect(error?.message).toContain('Token expired');
    expect(error?.message).toContain('OIDC');
    expect(error?.message).toContain('vercel env pull');
  });

  it('generateText: no credentials fails before sending, naming both fixes, with @vercel/oidc\'s reason as cause', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', '');
    const error = expectAuthenticationError(await failure(generate()));
    expect(error?.message).toContain('AI_GATEWAY_API_KEY');
    expect(error?.message).toContain('vercel env pull');
    expect(error?.cause).toMatchObject({ name: 'VercelOidcTokenError', message: expect.stringContaining('x-vercel-oidc-token') });
    expect(gateway.requests).toHaveLength(0);
  });

  it('streamText: no credentials reaches onError and the stream as the same error', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', '');
    const { onError, part } = await stream();
    const error = expectAuthenticationError(part);
    expect(onError).toBe(part);
    expect(error?.message).toContain('No AI Gateway credentials found');
    expect(error?.cause).toMatchObject({ name: 'VercelOidcTokenError' });
    expect(gateway.requests).toHaveLength(0);
  });

  it('generateText: an expired OIDC token that cannot be refreshed says so, keeping the reason as cause', async () => {
    vi.stubEnv('AI_GATEWAY_API_KEY', '');
    vi.stubEnv('VERCEL_OIDC_TOKEN', fakeOidcToken(-60));
    const error = expectAuthenticationError(await failure(generate()));
    expect(error?.message).toContain('VERCEL_OIDC_TOKEN is set but could not be used');
    expect(error?.message).toContain('vercel env pull');
    // @vercel/oidc tried to refresh it and explains why it could not (no linked project here).
    expect(error?.cause).toMatchObject({ name: 'VercelOidcTokenError', message: expect.stringMatching(/link/) });
    expect(gateway.requests).toHaveLength(0);
  });
});

describe('marker interop with @ai-sdk/gateway', () => {
  it('the public client sees a gateway error but not its own authentication error, which ai would replace', async () => {
    rejectEveryCall('Invalid API key');
    const error = await failure(majors[0]!.generate('wrong-key'));
    expect(PublicGatewayError.isInstance(error)).toBe(true);
    expect(PublicAuthenticationError.isInstance(error)).toBe(false);
  });

  it("modelgate's GatewayAuthenticationError.isInstance still recognises the public client's", () => {
    const theirs = new PublicAuthenticationError({ message: 'Authentication failed' });
    expect(GatewayAuthenticationError.isInstance(theirs)).toBe(true);
    expect(GatewayAuthenticationError.isInstance(new PublicRateLimitError({ message: 'Slow down' }))).toBe(false);
  });
});
