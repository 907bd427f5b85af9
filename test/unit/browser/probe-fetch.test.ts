// The probe against misbehaving endpoints, on loopback: whatever the endpoint does, the probe
// ends within its timeout with a verdict that is never "home" by accident.
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { fetchProbe, PROBE_BODY_LIMIT } from '../../../src/browser/probe-fetch';
import { verdictFromOutcome } from '../../../src/core/verdict';
import { closedPort, startServer, hangingHandler, type Handler, type TestServer } from '../../e2e/support/servers';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function probe(handler: Handler, expect?: string, timeoutMs = 800) {
  server = await startServer(handler);
  const outcome = await fetchProbe({ url: `http://127.0.0.1:${server.port}/hairpin`, expect, timeoutMs });
  return { outcome, verdict: verdictFromOutcome(outcome, 0) };
}

describe('fetchProbe against faulty endpoints', () => {
  it('home for a 2xx answer carrying the token', async () => {
    const { verdict } = await probe((_q, r) => r.end('ok hairpin-7f3a\n'), 'hairpin-7f3a');
    expect(verdict).toMatchObject({ location: 'home', reason: 'answered', status: 200 });
  });

  it('away when the endpoint hangs: ends at the timeout', async () => {
    const started = Date.now();
    const { verdict } = await probe(hangingHandler, 'tok-7f3a9c', 300);
    expect(verdict).toMatchObject({ location: 'away', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('away when the endpoint sends headers and then stalls mid-body', async () => {
    const { verdict } = await probe(
      (_q, r) => {
        r.writeHead(200);
        r.write('partial');
      },
      'tok-7f3a9c',
      300,
    );
    expect(verdict).toMatchObject({ location: 'away', reason: 'timeout' });
  });

  it('away when the connection is reset or refused', async () => {
    const reset = await probe((q) => q.socket.destroy(), 'tok-7f3a9c');
    expect(reset.verdict).toMatchObject({ location: 'away', reason: 'network-error' });
    const port = await closedPort();
    const refused = verdictFromOutcome(
      await fetchProbe({ url: `http://127.0.0.1:${port}/hairpin`, expect: 'tok-7f3a9c', timeoutMs: 800 }),
      0,
    );
    expect(refused).toMatchObject({ location: 'away', reason: 'network-error' });
  });

  it('away for a redirect (a captive portal), never following it', async () => {
    let followed = false;
    const { verdict } = await probe((q, r) => {
      if (q.url === '/portal') followed = true;
      r.writeHead(302, { location: '/portal' });
      r.end('ok tok-7f3a9c');
    }, 'tok-7f3a9c');
    expect(verdict).toMatchObject({ location: 'away', reason: 'redirect', status: 302 });
    expect(followed).toBe(false);
  });

  it('away for HTTP 500 even when the body has the token', async () => {
    const { verdict } = await probe((_q, r) => {
      r.writeHead(500);
      r.end('tok-7f3a9c');
    }, 'tok-7f3a9c');
    expect(verdict).toMatchObject({ location: 'away', reason: 'http-status', status: 500 });
  });

  it('away for an answer that arrives just past the timeout', async () => {
    const { verdict } = await probe(
      (_q, r) => {
        const timer = setTimeout(() => r.end('tok-7f3a9c'), 450);
        r.on('close', () => clearTimeout(timer));
      },
      'tok-7f3a9c',
      300,
    );
    expect(verdict).toMatchObject({ location: 'away', reason: 'timeout' });
  });

  it('reads only the start of a huge body', async () => {
    let sent = 0;
    const endless = (r: ServerResponse) => {
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!r.write(chunk)) return void r.once('drain', pump);
        }
        r.end();
      };
      pump();
    };
    const missing = await probe((_q, r) => endless(r), 'tok-7f3a9c', 3000);
    expect(missing.verdict).toMatchObject({ location: 'away', reason: 'wrong-answer' });
    // Far less than the 64 MiB on offer was pulled (socket buffers allow some read-ahead).
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    expect(PROBE_BODY_LIMIT).toBe(64 * 1024);

    await server?.close();
    sent = 0;
    const found = await probe(
      (_q, r) => {
        r.write('hairpin tok-7f3a9c ');
        endless(r);
      },
      'tok-7f3a9c',
      3000,
    );
    expect(found.verdict).toMatchObject({ location: 'home' });
  });

  it('finds a token split across chunks', async () => {
    const { verdict } = await probe((_q, r) => {
      r.write('x'.repeat(1000) + 'hair');
      setTimeout(() => r.end('pin-7f3a'), 20);
    }, 'hairpin-7f3a');
    expect(verdict.location).toBe('home');
  });
});
