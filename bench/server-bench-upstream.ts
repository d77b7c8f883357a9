// The fake OpenAI upstream of `npm run bench:server`, in its own process (see bench/README.md).
// Three fakes on three ports, so one server config reaches each behaviour:
//   quick: zero delay, one delta per word (the small calls);
//   long:  zero delay, exactly 20,000 text deltas;
//   slow:  a delta every SLOW_CHUNK_MS, so streams stay open for the memory phase;
//   paced: a delta every PACED_CHUNK_MS (the stream-capacity step of the Portkey comparison).
// Sends `{ type: 'ready', urls }` over IPC, then serves until the parent disconnects.
import { listen } from '../test/fakes/listen';
import { createOpenAIUpstream } from '../test/fakes/openai-upstream';
import { LONG_STREAM_DELTAS, PACED_CHUNK_MS, PACED_DELTAS, SLOW_CHUNK_MS, type UpstreamMessage } from './server-bench-shared';

async function main() {
  const quick = createOpenAIUpstream({ recordRequests: false });
  const long = createOpenAIUpstream({ recordRequests: false, behavior: { deltas: LONG_STREAM_DELTAS } });
  // 1,000 deltas, one per SLOW_CHUNK_MS: open for minutes; the bench cancels them long before the end.
  const slow = createOpenAIUpstream({ recordRequests: false, behavior: { deltas: 1_000, chunkDelayMs: SLOW_CHUNK_MS } });
  const paced = createOpenAIUpstream({ recordRequests: false, behavior: { deltas: PACED_DELTAS, chunkDelayMs: PACED_CHUNK_MS } });
  const servers = await Promise.all([listen(quick.fetch), listen(long.fetch), listen(slow.fetch), listen(paced.fetch)]);
  const [quickServer, longServer, slowServer, pacedServer] = servers;
  const ready: UpstreamMessage = { type: 'ready', urls: { quick: quickServer!.url, long: longServer!.url, slow: slowServer!.url, paced: pacedServer!.url } };
  process.send!(ready);
  process.on('disconnect', () => {
    void Promise.all(servers.map((server) => server.close())).then(() => process.exit(0));
  });
}

if (process.send) void main();
