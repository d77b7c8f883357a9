// server-with-storage.mjs: the handler in your own Node process, on the storage its config names.
import { createGatewayServer } from 'modelgate/server';
import { listen, openGatewayStorage } from 'modelgate/server/node';
import config from './replicas.config.mjs';

const storage = await openGatewayStorage(config.storage);
const gateway = createGatewayServer(config, { counters: storage.counters, usage: storage.usage });
const { server, url, closeWebSockets } = await listen(gateway, { port: Number(process.env.PORT ?? 4000) });
console.log(`gateway listening on ${url}; storage: ${storage.description}`);

process.once('SIGTERM', () => {
  // Open requests end, then the queued usage records are written and the engines closed.
  server.close(async () => {
    await gateway.close();
    await storage.close();
  });
  // Open realtime sessions end (1001) instead of holding the shutdown.
  closeWebSockets();
  server.closeIdleConnections();
});
