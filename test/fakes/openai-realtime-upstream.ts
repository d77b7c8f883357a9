/**
 * A fake OpenAI Realtime API (WebSocket, `ws` on 127.0.0.1, random port), shaped after what
 * @ai-sdk/openai 4's realtime model sends and parses (src/realtime/openai-realtime-event-mapper):
 *
 *   GET /v1/realtime?model=<id>   upgrade; `Authorization: Bearer <key>` must match, else 401
 *                                 (OpenAI's error body); `refuse: true` answers every upgrade 503
 *   on open                       session.created
 *   session.update                session.updated, echoing the session it was sent
 *   conversation.item.create      conversation.item.added (the item, with an id)
 *   response.create               response.created, output_item.added, content_part.added, the
 *                                 reply as response.output_text.delta frames (or, when the session's
 *                                 output_modalities has audio, response.output_audio_transcript.delta),
 *                                 the matching .done, output_item.done, response.done with usage
 *
 * The reply is `Echo: <last user text>`, in deltas of up to 4 characters; usage counts characters
 * (input = the user text, output = the reply). The user text `leak the key` is answered with an
 * `error` event quoting the Authorization header, as a careless provider might. Every handshake,
 * client frame and close is recorded.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RealtimeUpstreamSocket {
  path: string;
  headers: Record<string, string>;
  /** Client frames, parsed. */
  frames: Array<Record<string, unknown>>;
  /** The close as this side saw it (the client's code, or 1006 when it dropped). */
  closed?: { code: number; reason: string };
  whenClosed: Promise<{ code: number; reason: string }>;
  socket: WebSocket;
}

export interface FakeRealtimeUpstream {
  /** `http://127.0.0.1:<port>/v1`: the `baseURL` for `createOpenAI`. */
  baseURL: string;
  sockets: RealtimeUpstreamSocket[];
  /** Upgrade requests refused (wrong key, or `refuse`). */
  refused: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

export const reply = (text: string) => `Echo: ${text}`;

function chunks(text: string, size = 4): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) parts.push(text.slice(index, index + size));
  return parts;
}

export async function startFakeRealtimeUpstream(options: { apiKey: string; refuse?: boolean }): Promise<FakeRealtimeUpstream> {
  const sockets: RealtimeUpstreamSocket[] = [];
  const refused: FakeRealtimeUpstream['refused'] = [];
  const http = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });

  const refuse = (socket: import('node:stream').Duplex, path: string, status: number, message: string) => {
    refused.push({ path, status });
    const body = JSON.stringify({ error: { message, type: 'invalid_request_error', code: status === 401 ? 'invalid_api_key' : null } });
    socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  };

  http.on('upgrade', (request: IncomingMessage, socket, head) => {
    const path = request.url ?? '/';
    if (options.refuse) return refuse(socket, path, 503, 'The realtime service is unavailable.');
    if (request.headers.authorization !== `Bearer ${options.apiKey}`) return refuse(socket, path, 401, 'Incorrect API key provided.');
    if (!path.startsWith('/v1/realtime?')) return refuse(socket, path, 404, 'Unknown path.');
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, request, path));
  });

  function serve(ws: WebSocket, request: IncomingMessage, path: string) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
    let resolveClosed!: (close: { code: number; reason: string }) => void;
    const record: RealtimeUpstreamSocket = { path, headers, frames: [], socket: ws, whenClosed: new Promise((resolve) => (resolveClosed = resolve)) };
    sockets.push(record);
    const send = (event: Record<string, unknown>) => ws.send(JSON.stringify(event));
    let session: Record<string, unknown> = { id: 'sess_fake_1', type: 'realtime', model: new URL(path, 'http://x').searchParams.get('model') };
    let lastUserText = '';
    let responses = 0;
    ws.on('close', (code, reason) => {
      record.closed = { code, reason: reason.toString('utf8') };
      resolveClosed(record.closed);
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      record.frames.push(frame);
      if (frame.type === 'session.update') {
        session = { ...session, ...(frame.session as Record<string, unknown>) };
        send({ type: 'session.updated', event_id: `evt_${record.frames.length}`, session });
      } else if (frame.type === 'conversation.item.create') {
        const item = frame.item as { content?: Array<{ text?: string }> };
        lastUserText = item.content?.map((part) => part.text ?? '').join('') ?? '';
        send({ type: 'conversation.item.added', item: { id: `item_user_${record.frames.length}`, ...item } });
      } else if (frame.type === 'response.create' && lastUserText === 'leak the key') {
        send({ type: 'error', error: { type: 'invalid_request_error', message: `Refused the request sent with ${request.headers.authorization}`, event_id: null } });
      } else if (frame.type === 'response.create') {
        const responseId = `resp_${++responses}`;
        const itemId = `item_${responseId}`;
        const audio = (session.output_modalities as string[] | undefined)?.includes('audio') ?? false;
        const text = reply(lastUserText);
        const deltaType = audio ? 'response.output_audio_transcript.delta' : 'response.output_text.delta';
        const doneType = audio ? 'response.output_audio_transcript.done' : 'response.output_text.done';
        send({ type: 'response.created', response: { id: responseId, status: 'in_progress' } });
        send({ type: 'response.output_item.added', response_id: responseId, item: { id: itemId, type: 'message', role: 'assistant' } });
        send({ type: 'response.content_part.added', response_id: responseId, item_id: itemId });
        for (const delta of chunks(text)) send({ type: deltaType, response_id: responseId, item_id: itemId, delta });
        send({ type: doneType, response_id: responseId, item_id: itemId, ...(audio ? { transcript: text } : { text }) });
        send({ type: 'response.content_part.done', response_id: responseId, item_id: itemId });
        send({ type: 'response.output_item.done', response_id: responseId, item: { id: itemId } });
        send({
          type: 'response.done',
          response: {
            id: responseId,
            status: 'completed',
            usage: {
              input_tokens: lastUserText.length,
              output_tokens: text.length,
              input_token_details: { text_tokens: lastUserText.length, audio_tokens: 0, cached_tokens: 0 },
              output_token_details: { text_tokens: text.length, audio_tokens: 0 },
            },
          },
        });
      }
    });
    send({ type: 'session.created', event_id: 'evt_0', session });
    if (session.model === 'gpt-realtime-brief') {
      for (const delta of ['one ', 'two ', 'three']) send({ type: 'response.output_text.delta', response_id: 'resp_brief', item_id: 'item_brief', delta });
      ws.close(1000, 'brief');
    }
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    sockets,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
