/**
 * The gateway's JSON answers (src/server/response-body.ts): the listener in this package writes them from their
 * text; an answer to the listener's own request is built without its body, which any reader still gets whole.
 */
import { describe, expect, it } from 'vitest';
import { FROM_NODE_LISTENER } from '../../src/server/listener-request';
import { encodedJsonAnswer, takeWholeAnswer } from '../../src/server/response-body';

const TEXT = '{"content":[{"type":"text","text":"héllo"}]}';
const plainRequest = () => new Request('http://gateway.test/v4/ai/language-model', { method: 'POST', body: '{}' });
/** As the listener marks the requests it hands over. */
const listenerRequest = () => Object.assign(plainRequest(), { [FROM_NODE_LISTENER]: true });

describe('encodedJsonAnswer', () => {
  it("answers any other request with a whole Response, whose text the listener may still take once", async () => {
    const answer = encodedJsonAnswer(plainRequest(), TEXT);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(takeWholeAnswer(answer)).toEqual({ text: TEXT, headers: { 'content-type': 'application/json' } });
    expect(takeWholeAnswer(answer)).toBeUndefined();
    expect(await answer.text()).toBe(TEXT);
  });

  it("gives the listener the text of an answer to its own request, once, and nothing after the body was read", async () => {
    const answer = encodedJsonAnswer(listenerRequest(), TEXT);
    expect(answer.status).toBe(200);
    expect(takeWholeAnswer(answer)).toEqual({ text: TEXT, headers: { 'content-type': 'application/json' } });
    expect(takeWholeAnswer(answer)).toBeUndefined();
    expect(answer.headers.get('content-type')).toBe('application/json');
    const read = encodedJsonAnswer(listenerRequest(), TEXT);
    expect(await read.json()).toEqual(JSON.parse(TEXT));
    expect(read.bodyUsed).toBe(true);
    expect(takeWholeAnswer(read)).toBeUndefined();
  });

  it.each([
    ['text()', (answer: Response) => answer.text()],
    ['arrayBuffer()', async (answer: Response) => new TextDecoder().decode(await answer.arrayBuffer())],
    ['blob()', async (answer: Response) => (await answer.blob()).text()],
    ['body', (answer: Response) => new Response(answer.body).text()],
    ['clone()', (answer: Response) => answer.clone().text()],
    ['a Response made from it', (answer: Response) => new Response(answer.body, answer).text()],
  ])('an answer to the listener’s request gives its whole body through %s', async (_way, read) => {
    const answer = encodedJsonAnswer(listenerRequest(), TEXT);
    expect(await read(answer)).toBe(TEXT);
  });

  it('keeps headers set on the answer before its body is read, or before the listener takes it', async () => {
    const answer = encodedJsonAnswer(listenerRequest(), TEXT);
    answer.headers.set('x-request-id', 'r1');
    const copy = new Response(answer.body, answer);
    expect(copy.headers.get('x-request-id')).toBe('r1');
    expect(copy.headers.get('content-type')).toBe('application/json');
    const changed = encodedJsonAnswer(listenerRequest(), TEXT);
    changed.headers.append('set-cookie', 'a=1');
    changed.headers.append('set-cookie', 'b=2');
    changed.headers.set('content-type', 'application/json; charset=utf-8');
    expect(takeWholeAnswer(changed)).toEqual({ text: TEXT, headers: { 'content-type': 'application/json; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] } });
  });

  it('hands the listener a header record of its own each time, never the shared default', () => {
    const first = takeWholeAnswer(encodedJsonAnswer(listenerRequest(), TEXT))!;
    first.headers['content-length'] = '3';
    expect(takeWholeAnswer(encodedJsonAnswer(listenerRequest(), TEXT))!.headers).toEqual({ 'content-type': 'application/json' });
  });
});
