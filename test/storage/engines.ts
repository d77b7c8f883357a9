/**
 * Real storage engines for tests: a private `redis-server` and a private PostgreSQL, each on a free
 * port in its own temp dir, removed on `stop()`. Debian's packages provide the binaries
 * (`bash scripts/ensure-services.sh` installs them). Start-up is cheap enough to share one instance
 * per test file (Redis: ~20 ms; PostgreSQL: initdb + start, ~1-3 s).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL_HINT = 'run `bash scripts/ensure-services.sh` (installs Debian redis-server and postgresql)';

export interface RedisInstance {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>;
  /** Stops the server (as an outage would) without removing its data dir; `start()` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same port (and with the same data when persistence is on). */
  start(): Promise<void>;
  /** kill() then start(). */
  restart(): Promise<void>;
}

export interface PostgresInstance {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, no password). */
  url: string;
  port: number;
  /** Stops the server and removes its temp dir. */
  stop(): Promise<void>;
  /** Stops the server at once (as an outage would), keeping its data; `start()` brings it back on the same port. */
  kill(): Promise<void>;
  /** Starts a killed server again, with its data. */
  start(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Processes to kill if the test process exits without stopping them (a crash or a timeout). */
const cleanups = new Set<() => void>();
let exitHookInstalled = false;
function onExit(cleanup: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of cleanups) c();
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function findRedisServer(): string {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return found;
  throw new Error(`redis-server is not installed: ${INSTALL_HINT}`);
}

/** Resolves once `host:port` answers PING with PONG, or rejects after `timeoutMs`. */
async function waitForRedis(port: number, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited before it was ready (code ${child.exitCode}):\n${log()}`);
    }
    if (await pingRedis(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} not ready after ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/**
 * Starts a private `redis-server` on a free port. No persistence unless `persist: true`
 * (then an append-only file fsynced on every write, so `restart()` keeps everything).
 */
export async function startRedis(options: { persist?: boolean } = {}): Promise<RedisInstance> {
  const binary = findRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.persist ? 'yes' : 'no',
    '--appendfsync', 'always',
    '--protected-mode', 'no',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  let child: ChildProcess | undefined;
  let output = '';
  let removeExitHook = () => {};

  async function start(): Promise<void> {
    output = '';
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (c: Uint8Array) => (output += String(c)));
    proc.stderr?.on('data', (c: Uint8Array) => (output += String(c)));
    removeExitHook = onExit(() => proc.kill('SIGKILL'));
    await waitForRedis(port, proc, 10_000, () => output);
  }

  async function kill(): Promise<void> {
    const proc = child;
    child = undefined;
    removeExitHook();
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest installed PostgreSQL's bin dir (Debian: /usr/lib/postgresql/<major>/bin). */
function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = majors[0];
  if (newest === undefined) throw new Error(`PostgreSQL server binaries (${root}/*/bin/initdb, pg_ctl) are not installed: ${INSTALL_HINT}`);
  return join(root, newest, 'bin');
}

/** PostgreSQL refuses to run as root: as root, commands run as the `postgres` system user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(`running as root, but there is no 'postgres' system user to run PostgreSQL as: ${INSTALL_HINT}`);
  }
  return { uid, gid };
}

function runPostgresTool(bin: string, tool: string, args: string[], asUser: boolean): void {
  const command = asUser ? 'runuser' : join(bin, tool);
  const fullArgs = asUser ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (exit ${result.status ?? result.signal}): ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`);
  }
}

/** Starts a private PostgreSQL (initdb into a temp dir, trust auth) on a free port. fsync is off (an OS crash is not simulated) but commits are synchronous, so `kill()` (an immediate stop) loses no committed row. */
export async function startPostgres(): Promise<PostgresInstance> {
  const bin = findPostgresBin();
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user !== undefined;
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const startServer = () => {
    runPostgresTool(bin, 'pg_ctl', ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start'], asUser);
    running = true;
  };
  const stopNow = () => {
    if (!running) return;
    running = false;
    try {
      runPostgresTool(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], asUser);
    } catch {
      // Already down: nothing to stop.
    }
  };
  try {
    runPostgresTool(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], asUser);
    startServer();
  } catch (error) {
    running = true; // pg_ctl may have started the server before failing: try to stop it anyway
    stopNow();
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n${log}`, { cause: error });
  }
  const removeExitHook = onExit(stopNow);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async kill() {
      stopNow();
    },
    async start() {
      if (!running) startServer();
    },
    async stop() {
      removeExitHook();
      stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
