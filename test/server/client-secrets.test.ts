import { describe, expect, it } from 'vitest';
import { hashApiKeys } from '../../src/server/api-keys';
import { handleClientSecretRequest, mintClientSecret, verifyClientSecret, type MintContext } from '../../src/server/client-secrets';
import { GatewayServerError } from '../../src/errors/gateway-server-error';

const [app, ci] = hashApiKeys([
  { name: 'app', key: 'app-key-0123456789abcdef' },
  { name: 'ci', key: 'ci-key-0123456789abcdef' },
]);
const keys = [app!, ci!];
const MODEL = 'openai/gpt-realtime-2';
const NOW = 1_900_000_000;

describe('client secrets: mint and verify', () => {
  it('a minted secret verifies for its model until it expires, as the key that minted it', () => {
    const token = mintClientSecret(app!, MODEL, NOW + 60);
    expect(token).toMatch(/^vcst_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyClientSecret(token, keys, MODEL, NOW)).toEqual({ claims: { keyName: 'app', model: MODEL, expiresAt: NOW + 60 }, apiKey: app });
    expect(verifyClientSecret(token, keys, MODEL, NOW + 59)).toHaveProperty('claims');
    expect(verifyClientSecret(token, keys, MODEL, NOW + 60)).toEqual({ refused: expect.stringContaining('expired') });
    expect(verifyClientSecret(token, keys, 'openai/gpt-realtime-mini', NOW)).toEqual({ refused: expect.stringContaining('another model') });
  });

  it('holds no key, and another key cannot have signed it', () => {
    const token = mintClientSecret(app!, MODEL, NOW + 60);
    expect(token).not.toContain('app-key');
    const [payload, signature] = token.slice(5).split('.');
    const asCi = `vcst_${Buffer.from(JSON.stringify({ k: 'ci', m: MODEL, e: NOW + 60 })).toString('base64url')}.${signature}`;
    expect(verifyClientSecret(asCi, keys, MODEL, NOW)).toEqual({ refused: expect.stringContaining('not valid') });
    const longer = `vcst_${Buffer.from(JSON.stringify({ k: 'app', m: MODEL, e: NOW + 6_000 })).toString('base64url')}.${signature}`;
    expect(verifyClientSecret(longer, keys, MODEL, NOW)).toHaveProperty('refused');
    expect(verifyClientSecret(`vcst_${payload}.${signature!.slice(0, -2)}AA`, keys, MODEL, NOW)).toHaveProperty('refused');
  });

  it('a rotated or removed key takes its secrets with it', () => {
    const token = mintClientSecret(app!, MODEL, NOW + 60);
    const [rotated] = hashApiKeys([{ name: 'app', key: 'app-key-rotated-0123456789' }]);
    expect(verifyClientSecret(token, [rotated!], MODEL, NOW)).toHaveProperty('refused');
    expect(verifyClientSecret(token, [ci!], MODEL, NOW)).toHaveProperty('refused');
  });

  it.each(['vcst_', 'vcst_abc', 'vcst_abc.def.ghi', 'vcst_%%%.%%%', `vcst_${Buffer.from('[1,2]').toString('base64url')}.AAAA`, `vcst_${Buffer.from('{"k":"app","m":"x","e":1.5}').toString('base64url')}.AAAA`])(
    'refuses the malformed %s',
    (token) => {
      expect(verifyClientSecret(token, keys, MODEL, NOW)).toEqual({ refused: expect.stringContaining('not valid') });
    },
  );
});

describe('POST /v1/realtime/client-secrets', () => {
  const checked: string[] = [];
  const context: MintContext = { apiKey: app!, checkModel: (model) => void checked.push(model), nowSeconds: NOW };

  it('mints for 60 s by default, rounds up, and grants at most 300 s', () => {
    expect(handleClientSecretRequest({ model: MODEL }, context).expiresAt).toBe(NOW + 60);
    expect(handleClientSecretRequest({ model: MODEL, expiresIn: 0.2 }, context).expiresAt).toBe(NOW + 1);
    expect(handleClientSecretRequest({ model: MODEL, expiresIn: 3_600 }, context).expiresAt).toBe(NOW + 300);
    const { token } = handleClientSecretRequest({ model: MODEL, expiresIn: 120 }, context);
    expect(verifyClientSecret(token, keys, MODEL, NOW + 119)).toHaveProperty('claims');
    expect(checked).toContain(MODEL);
  });

  it.each([
    [{}, 'model'],
    [{ model: '' }, 'model'],
    [{ model: MODEL, expiresIn: 0 }, 'expiresIn'],
    [{ model: MODEL, expiresIn: '60' }, 'expiresIn'],
    [{ model: MODEL, routeKind: 'video' }, 'routeKind'],
  ])('refuses %j with 400 naming %s', (body, param) => {
    const error = (() => {
      try {
        handleClientSecretRequest(body, context);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(GatewayServerError.isInstance(error) && [error.status, error.param]).toEqual([400, param]);
  });

  it('mints nothing for streamed speech or transcription, which are not served', () => {
    expect(() => handleClientSecretRequest({ model: 'openai/tts-1', routeKind: 'speech' }, context)).toThrow(/no streamed speech sessions/);
  });

  it('a model the key may not use is refused by checkModel before anything is minted', () => {
    const refusing: MintContext = {
      ...context,
      checkModel: () => {
        throw new GatewayServerError({ status: 403, type: 'forbidden', message: 'no' });
      },
    };
    expect(() => handleClientSecretRequest({ model: MODEL }, refusing)).toThrow('no');
  });
});
