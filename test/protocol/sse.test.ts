import { describe, expect, it } from 'vitest';
import { encodeSseEvent, encodeSseText } from '../../src/protocol/sse';

describe('SSE encoding', () => {
  it('gives the same UTF-8 bytes as TextEncoder, for ASCII, accented and astral text, short and long', () => {
    const utf8 = new TextEncoder();
    const texts = [
      '',
      encodeSseEvent('{"type":"text-delta","id":"0","delta":"hello "}'),
      encodeSseEvent('{"type":"text-delta","id":"0","delta":"café ☕ 𝄞"}'),
      encodeSseEvent(JSON.stringify({ delta: 'x'.repeat(300) })),
      encodeSseEvent(JSON.stringify({ delta: `${'x'.repeat(300)}é` })),
      '\u007f\u0080\u07ff\u0800\uffff',
      '\ud800 lone surrogate',
    ];
    for (const text of texts) expect(encodeSseText(text)).toEqual(utf8.encode(text));
  });
});
