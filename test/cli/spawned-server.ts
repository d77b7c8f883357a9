/**
 * Gateway servers run as child processes (Node, or Bun and Deno from this repo's devDependencies)
 * for tests that call them over real sockets: each is started with PORT=0 and found by the line
 * it prints once listening.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The runtime binary the `bun` or `deno` package installs. */
export const runtimeBinary = (name: 'bun' | 'deno') => join(process.cwd(), 'node_modules', '.bin', name);

/** Keeps the runtimes off the network: no Deno release check, no Bun crash report. */
export const QUIET_RUNTIME_ENV = { DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' };

/** The line Deno.serve prints once listening (on every interface by default); its group is the port. */
export const DENO_LISTENING = /^Listening on http:\/\/0\.0\.0\.0:(\d+)\//m;

/**
 * A fresh project folder as `npm install modelgate @ai-sdk/…` leaves it: a package.json (which also makes
 * Deno resolve bare imports from node_modules) and modelgate and the @ai-sdk packages in node_modules.
 */
export function createProjectFolder(): string {
  const repo = process.cwd();
  const project = mkdtempSync(join(tmpdir(), 'modelgate-project-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repo, join(project, 'node_modules', 'modelgate'), 'dir');
  symlinkSync(join(repo, 'node_modules', '@ai-sdk'), join(project, 'node_modules', '@ai-sdk'), 'dir');
  return project;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

function stop(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill();
  return exited;
}

/** Stops every server still running (one a failed test left behind): for afterAll. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map(stop));
}

/**
 * Runs `argv` in `cwd` with PORT=0, `env`, PATH and HOME (and nothing else from this process), and
 * resolves once its output (stdout or stderr) shows `listening`, whose first group is the port it took.
 */
export async function startServer(options: { argv: string[]; cwd: string; env: Record<string, string>; listening: RegExp }): Promise<RunningServer> {
  const { argv, cwd, env, listening } = options;
  const [command, ...args] = argv;
  const child = spawn(command!, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += String(chunk);
        const match = listening.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited with ${code}: ${output}`)));
      setTimeout(() => reject(new Error(`${argv.join(' ')} did not start within 20 s: ${output}`)), 20_000).unref();
    });
    return { url: `http://127.0.0.1:${port}`, stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}
