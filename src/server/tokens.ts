/** Random tokens the gateway hands out (client secrets, webhook signing secrets), in base64url. */
import { convertUint8ArrayToBase64 } from '@ai-sdk/provider-utils';

// Subprotocol entries and header values must be RFC 7230 tokens: base64url has no `+`, `/` or `=`.
export const base64Url = (bytes: Uint8Array) => convertUint8ArrayToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** `prefix` and 256 random bits. */
export const randomToken = (prefix: string) => `${prefix}${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
