// `npm run demo` in headless mode: it must show Hairpin redirecting, obey its keys and stop
// cleanly on Ctrl-C (SIGINT) with exit code 0, leaving no temporary files behind.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from './support/chromium';
import { waitFor } from './support/poll';

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startDemo(env: NodeJS.ProcessEnv) {
  const demo = spawn(process.execPath, ['scripts/demo.mjs', '--headless'], { env: { ...process.env, ...env } });
  child = demo;
  const output = { text: '' };
  demo.stdout.on('data', (chunk) => (output.text += String(chunk)));
  demo.stderr.on('data', (chunk) => (output.text += String(chunk)));
  const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)));
  return { demo, output, exited };
}

/** Whether the health endpoint answers, and with what. */
async function ask(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.text() : null;
  } catch {
    return null;
  }
}

describe('scripts/demo.mjs', () => {
  it('redirects a demo URL, toggles the health endpoint with "h" and stops cleanly on SIGINT', async () => {
    const { demo, output, exited } = startDemo({ CHROME: CHROMIUM_PATH });
    await waitFor(() => output.text.includes('Hairpin is working') || demo.exitCode !== null, {
      timeoutMs: 45_000,
      message: 'the demo to report a redirect',
    });
    expect(output.text).toContain(
      '✓ Hairpin is working: http://jellyfin.example.test/web/movies/42?play=1#t=90 opened at http://jellyfin.home.test:8096/web/movies/42?play=1#t=90',
    );

    const health = /curl -si (http:\/\/127\.0\.0\.1:\d+\/hairpin)/.exec(output.text)?.[1] ?? '';
    const token = /answers "(hairpin-demo-[0-9a-f]+)"/.exec(output.text)?.[1] ?? '';
    const configPath = /Config \(imported\)\s+(\S+)/.exec(output.text)?.[1] ?? '';
    expect(await ask(health)).toBe(`${token}\n`);
    expect(JSON.parse(readFileSync(configPath, 'utf8')).networks[0].probe.expect).toBe(token);

    demo.stdin.write('h\n');
    await waitFor(async () => (await ask(health)) === null, { message: 'the health endpoint to go quiet' });
    expect(output.text).toContain('Health endpoint OFF');
    demo.stdin.write('h\n');
    await waitFor(async () => (await ask(health)) === `${token}\n`, { message: 'the health endpoint to answer again' });

    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.text).toContain('Demo stopped.');
    expect(existsSync(configPath)).toBe(false);
    expect(await ask(health)).toBeNull();
  });

  it('says how to get a browser when CHROME names none', async () => {
    const { output, exited } = startDemo({ CHROME: '/nonexistent/chromium' });
    expect(await exited).toBe(1);
    expect(output.text).toContain('CHROME=/nonexistent/chromium does not exist');
  });
});
