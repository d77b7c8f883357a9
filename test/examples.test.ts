/**
 * The README's quick start, `npm install && npm run example`, and every other example, run as
 * a user runs them: `npm run example [-- <name>]` in a child process, with no gateway key in the
 * environment, so they use the local servers (examples/setup.ts).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../examples/run';
import { SELF_HOSTED_EXAMPLES } from '../examples/setup';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runExample(args: string[]): Promise<Run> {
  const env = { ...process.env };
  for (const name of ['AI_GATEWAY_API_KEY', 'VERCEL_OIDC_TOKEN', 'AI_GATEWAY_BASE_URL', 'EXAMPLE_MODEL']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'example', ...(args.length ? ['--', ...args] : [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`npm run example ${args.join(' ')} did not finish within 60 s\n${stdout}\n${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run example', () => {
  it('streams a reply through the real gateway server and says which provider served it and what it cost', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runExample([]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^No AI_GATEWAY_API_KEY or VERCEL_OIDC_TOKEN found: using modelgate's own gateway server at http:\/\/127\.0\.0\.1:\d+, started here in front of a local demo upstream/,
    );
    expect(stdout).toContain(
      'openai/gpt-5.4 (streaming):\nYou said: Describe a lighthouse at dawn in three short sentences. This reply comes from the demo OpenAI API model gpt-5.4.\n',
    );
    const tokens = /tokens: +(\d+) in, (\d+) out/.exec(stdout);
    expect(tokens).not.toBeNull();
    expect(stdout).toMatch(/generation id: gen_[0-9A-Z]{26}\n/);
    expect(stdout).toContain('served by:     openai (fallbacks available: local-vllm)\n');
    // The cost is the demo config's pricing applied to the usage the upstream reported.
    const cost = /cost: +\$([\d.]+)\n/.exec(stdout)?.[1];
    expect(Number(cost)).toBeCloseTo(Number(tokens![1]) * 0.00000125 + Number(tokens![2]) * 0.00001, 12);
  });

  it('--list lists every example', { timeout: 60_000 }, async () => {
    const { code, stdout } = await runExample(['--list']);
    expect(code).toBe(0);
    for (const [name, about] of Object.entries(EXAMPLES)) expect(stdout).toMatch(new RegExp(`^  ${name} +${about.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it.concurrent.each(Object.keys(EXAMPLES).filter((name) => name !== 'stream-text'))('%s runs to the end against the local server', { timeout: 90_000 }, async (name) => {
    const { code, stdout, stderr } = await runExample([name]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const firstLine = stdout.split('\n')[0]!;
    if (SELF_HOSTED_EXAMPLES.has(name)) {
      expect(firstLine).toContain("using modelgate's own gateway server");
      expect(stdout).toMatch(/This reply comes from the demo|4 embeddings of 1536 dimensions/);
    } else {
      expect(firstLine).toContain('using the local gateway stand-in');
    }
  });
});
