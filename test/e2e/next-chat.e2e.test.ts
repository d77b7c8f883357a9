/**
 * End to end: the Next.js chat example (examples/next-chat) built and started for real,
 * talking through modelgate to the local gateway stand-in, driven by headless Chromium.
 *
 * Needs: modelgate's dist/ (npm run build), and Chromium at /usr/bin/chromium
 * (scripts/ensure-chromium.sh installs Debian's package). Installs the app's own
 * dependencies on first run (npm ci in examples/next-chat).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../examples/local-gateway.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const appDir = join(repoRoot, 'examples', 'next-chat');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshotPath = join(repoRoot, 'test-results', 'next-chat.png');
const nextBin = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');

const SETUP_TIMEOUT_MS = 10 * 60_000;
const TEST_TIMEOUT_MS = 2 * 60_000;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe', timeout: SETUP_TIMEOUT_MS });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}` };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * One run at a time per checkout: a second concurrent run (another `vitest` in the same
 * repository) would rebuild .next under the first one's `next start`. The lock is a
 * directory holding the owner's pid; a lock whose owner is gone is taken over.
 */
async function acquireLock(lockDir: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
    let ownerAlive = false;
    if (owner > 0) {
      try {
        process.kill(owner, 0);
        ownerAlive = true;
      } catch {
        ownerAlive = false;
      }
    }
    if (owner > 0 && !ownerAlive) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir} (held by pid ${owner || '?'})`);
    await new Promise(r => setTimeout(r, 500));
  }
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${log()}`);
}

describe('examples/next-chat (Next.js App Router + useChat + modelgate)', () => {
  let gateway: LocalGateway | undefined;
  let server: ChildProcess | undefined;
  let serverLog = '';
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  let appURL = '';
  let releaseLock: (() => Promise<void>) | undefined;
  const gatewayRequests: Array<{ method: string; path: string; headers: Record<string, unknown> }> = [];

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist', 'index.js'))) {
      throw new Error('modelgate is not built: run `npm run build` first (the app imports modelgate from dist/).');
    }
    if (!existsSync(chromiumPath)) {
      throw new Error(`No Chromium at ${chromiumPath}: run \`bash scripts/ensure-chromium.sh\` (installs Debian's chromium).`);
    }

    releaseLock = await acquireLock(join(appDir, '.e2e-lock'), SETUP_TIMEOUT_MS / 2);

    if (!existsSync(nextBin)) {
      let install = run('npm', ['ci', '--no-audit', '--no-fund'], appDir);
      if (!install.ok) {
        // The lock can lag behind the repository's own package.json (the app links it with file:../..).
        install = run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], appDir);
      }
      if (!install.ok) throw new Error(`Installing examples/next-chat dependencies failed:\n${install.output}`);
    }

    const buildEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
    const build = run(process.execPath, [nextBin, 'build'], appDir, buildEnv);
    if (!build.ok) throw new Error(`next build failed:\n${build.output}`);

    gateway = await startLocalGateway({
      onRequest: request => gatewayRequests.push({ ...request, headers: { ...request.headers } }),
    });

    const port = await freePort();
    appURL = `http://127.0.0.1:${port}`;
    // As the README runs it against the stand-in: AI_GATEWAY_BASE_URL only, no key or OIDC token.
    const { AI_GATEWAY_API_KEY: _apiKey, VERCEL_OIDC_TOKEN: _oidcToken, ...environment } = process.env;
    server = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: appDir,
      env: {
        ...environment,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        AI_GATEWAY_BASE_URL: gateway.baseURL('v2'),
        CHAT_MODEL: 'openai/gpt-5.4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the whole tree can be stopped
    });
    server.stdout?.on('data', chunk => (serverLog += String(chunk)));
    server.stderr?.on('data', chunk => (serverLog += String(chunk)));
    await waitForHttp(appURL, server, () => serverLog);

    userDataDir = await mkdtemp(join(tmpdir(), 'modelgate-e2e-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 900, height: 640 },
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close().catch(() => {});
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise<void>(r => server!.once('exit', () => r()));
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-server!.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    await gateway?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await releaseLock?.();
  }, 30_000);

  it(
    'streams the reply to a typed message into the page',
    async () => {
      const page = await context!.newPage();
      await page.goto(appURL);
      await expect(page.getByRole('heading', { name: 'modelgate chat' }).isVisible()).resolves.toBe(true);

      const message = 'What is the capital of France?';
      await page.getByLabel('Message').fill(message);
      await page.getByRole('button', { name: 'Send' }).click();

      // The user's message shows at once; the assistant's reply streams in word by word.
      await page.locator('[data-role="user"]', { hasText: message }).waitFor({ timeout: 15_000 });
      const reply = page.locator('[data-role="assistant"]');
      await reply.filter({ hasText: 'served by the local gateway stand-in.' }).waitFor({ timeout: 30_000 });

      const replyText = await reply.innerText();
      expect(replyText).toContain(`You said: "${message}"`);
      expect(replyText).toContain('GPT-5.4');

      await mkdir(join(repoRoot, 'test-results'), { recursive: true });
      await page.screenshot({ path: screenshotPath, fullPage: true });

      // The route handler really went through modelgate to the gateway: one streaming
      // language-model call for the configured model, with the example's stand-in key
      // (no AI_GATEWAY_API_KEY was set).
      const calls = gatewayRequests.filter(r => r.method === 'POST' && r.path.endsWith('/language-model'));
      expect(calls).toHaveLength(1);
      expect(calls[0]!.headers['ai-language-model-streaming']).toBe('true');
      expect(calls[0]!.headers['ai-language-model-id']).toBe('openai/gpt-5.4');
      expect(calls[0]!.headers.authorization).toBe('Bearer local-stand-in');
    },
    TEST_TIMEOUT_MS,
  );
});
