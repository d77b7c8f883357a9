#!/usr/bin/env node
/** `modelgate serve --config <file> --port <n>`: the gateway server on Node. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGatewayServer, type GatewayServer } from '../server/gateway-server';
import { resolveServerConfig, type GatewayServerConfig } from '../server/config';
import { openGatewayStorage, type GatewayStorage } from '../storage/open-storage';
import { VERSION } from '../version';
import { installNodeFetch } from './node-fetch';
import { DEFAULT_MAX_BODY_BYTES, listen } from './node-listener';
import { startupSummary } from './startup-summary';

const USAGE = `Usage: modelgate serve --config <file> [--port <n>] [--host <address>] [--fetch node|undici] [--max-body-mb <n>]

  --config  a module whose default export is the server config (or a function returning it):
            .js/.mjs/.cjs, or .ts when tsx is installed
  --port    default 4000 (PORT when set)
  --host    default 127.0.0.1; 0.0.0.0 to listen on every interface
  --fetch   how providers reach their APIs: node (default; straight to the connection pool under
            Node's fetch, 45 % of fetch's CPU per call) or undici (Node's own fetch)
  --max-body-mb  the largest request body accepted, in MiB (default 100); a larger one is answered 413`;

function fail(message: string): never {
  console.error(`modelgate: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function loadConfig(file: string): Promise<GatewayServerConfig> {
  const path = resolve(file);
  if (!existsSync(path)) fail(`config file not found: ${path}`);
  let module: { default?: unknown };
  if (/\.[cm]?tsx?$/.test(path)) {
    let tsImport: (specifier: string, parent: string) => Promise<{ default?: unknown }>;
    try {
      ({ tsImport } = await import('tsx/esm/api'));
    } catch {
      fail(`${file} is TypeScript: install tsx (npm install -D tsx), or write the config as .mjs`);
    }
    module = await tsImport(pathToFileURL(path).href, import.meta.url);
  } else {
    module = await import(pathToFileURL(path).href);
  }
  const exported = (module.default as { default?: unknown } | undefined)?.default ?? module.default;
  const config = typeof exported === 'function' ? await (exported as () => unknown)() : exported;
  if (typeof config !== 'object' || config === null) fail(`${file} must export the config as its default export`);
  return config as GatewayServerConfig;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') return console.log(VERSION);
  if (command !== 'serve') fail(command ? `unknown command '${command}'` : 'no command given');
  let values: { config?: string; port?: string; host?: string; fetch?: string; 'max-body-mb'?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, fetch: { type: 'string' }, 'max-body-mb': { type: 'string' } } }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.config) fail('--config is required');
  const port = Number(values.port ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);
  const maxBodyMb = values['max-body-mb'] === undefined ? DEFAULT_MAX_BODY_BYTES / 2 ** 20 : Number(values['max-body-mb']);
  if (!(maxBodyMb > 0)) fail(`--max-body-mb must be a positive number of MiB, got ${values['max-body-mb']}`);
  const upstreamFetch = values.fetch ?? 'node';
  if (upstreamFetch !== 'node' && upstreamFetch !== 'undici') fail(`--fetch must be node or undici, got ${values.fetch}`);
  // Before the config runs: providers read the global fetch at each call, and so does a config's own code.
  if (upstreamFetch === 'node') installNodeFetch();
  const config = await loadConfig(values.config);
  let storage: GatewayStorage;
  try {
    // Checks the config before any engine is opened, so a typo does not wait on a connection.
    resolveServerConfig(config);
  } catch (error) {
    console.error(`modelgate: ${(error as Error).message}`);
    process.exit(1);
  }
  try {
    storage = await openGatewayStorage(config.storage);
  } catch (error) {
    console.error(`modelgate: ${(error as Error).message}`);
    process.exit(1);
  }
  const gateway: GatewayServer = createGatewayServer(config, { counters: storage.counters, usage: storage.usage });
  // The gateway itself, not only its fetch: it also takes realtime WebSocket sessions (through `ws`).
  const { server, url, closeWebSockets } = await listen(gateway, { port, host: values.host, maxBodyBytes: Math.floor(maxBodyMb * 2 ** 20) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Open requests finish; then the usage log is written and the engines closed.
    server.close(() => {
      // A store that hangs cannot hold the exit.
      setTimeout(() => process.exit(0), 15_000).unref();
      void gateway
        .close()
        .then(() => storage.close())
        .catch((error: unknown) => console.error(`[modelgate] closing storage failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => process.exit(0));
    });
    // Realtime sessions end (1001) rather than hold the shutdown; keep-alive connections close once idle.
    closeWebSockets();
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  // Before the summary: whoever reads it may stop the server at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(startupSummary(gateway.config, url, VERSION, storage.description, upstreamFetch));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`modelgate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
