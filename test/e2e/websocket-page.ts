/**
 * Browser side of test/e2e/websocket-browser.e2e.test.ts, bundled with esbuild: an ai 7
 * realtime session over a modelgate (or @ai-sdk/gateway 4) realtime model. The page's
 * server mints the client secret (`api.token`); the session connects with it.
 */
import {
  Experimental_AbstractRealtimeSession as AbstractRealtimeSession,
  experimental_streamSpeech as streamSpeech,
  type Experimental_RealtimeState as RealtimeState,
} from 'ai-v7';
import { createGateway as createReference } from 'gateway-v4';
import { createGateway } from '../../src/v4';

class RecordingSession extends AbstractRealtimeSession {
  readonly statuses: string[] = [];
  protected setState<K extends keyof RealtimeState>(key: K, value: RealtimeState[K]): void {
    this.state = { ...this.state, [key]: value };
    if (key === 'status') this.statuses.push(String(value));
  }
  get current(): RealtimeState {
    return this.state;
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function runRealtime(client: 'ours' | 'reference') {
  // In a browser the provider holds no credential: the session gets a client secret from the page's server.
  const provider = client === 'ours' ? createGateway() : createReference();
  const events: string[] = [];
  const errors: string[] = [];
  const session = new RecordingSession({
    model: provider.experimental_realtime('openai/gpt-realtime-2'),
    api: { token: `/api/realtime-token?client=${client}` },
    sessionConfig: { instructions: 'Answer in one word.', outputModalities: ['text'] },
    onEvent: (event) => void events.push(event.type),
    onError: (error) => void errors.push(error.message),
  });
  await session.connect();
  await until(() => session.current.status === 'connected', 'connected');
  session.sendTextMessage('Say hi');
  await until(() => events.includes('response-done'), 'response-done');
  const messages = session.current.messages.map((message) => ({
    role: message.role,
    text: message.parts.map((part) => ('text' in part ? part.text : '')).join(''),
  }));
  session.disconnect();
  return { statuses: session.statuses, events, errors, messages };
}

/**
 * Streaming speech in the browser, with the browser's own WebSocket: the page's server mints
 * a speech-bound client secret, which the browser uses as its API key.
 */
async function runSpeech(client: 'ours' | 'reference', baseURL: string) {
  const response = await fetch(`/api/speech-token?client=${client}`, { method: 'POST' });
  const { token } = (await response.json()) as { token: string };
  const provider = client === 'ours' ? createGateway({ baseURL, apiKey: token }) : createReference({ baseURL, apiKey: token });
  const result = streamSpeech({ model: provider.experimental_speech('openai/gpt-4o-mini-tts'), text: 'Hello from the browser.' });
  const chunks: number[] = [];
  for await (const chunk of result.audioStream) chunks.push(chunk.length);
  return { chunks, usage: await result.usage };
}

Object.assign(window, { runRealtime, runSpeech });
