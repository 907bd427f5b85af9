// 5. Versus a cloud tunnel: a page with 30 subresources opened by its external URL at home,
// (H) with Hairpin sending it straight to the LAN server, against (T) the same external URL
// reaching the same server through a loopback proxy that delays every request and every
// response by `tunnelDelayMs` (a stand-in for the round trip to a tunnel's edge and back).
// The proxy speaks HTTP/1.1, so Chromium uses at most 6 connections to it; a real tunnel on
// HTTP/2 would overlap more requests (the ratio would be lower): stated with the result.
import { request as httpRequest, Agent, type IncomingMessage } from 'node:http';
import { healthEndpoint, startServer, type Handler } from '../test/e2e/support/servers';
import { launchChromium } from '../test/e2e/support/chromium';
import { hairpinConfig, navTiming, saveConfig, TOKEN, waitForRulesFrom, send } from './browser';
import { interleave, log, ratioRow, stats, type BenchOptions, type Row, type Section } from './lib';

const SUBRESOURCES = { stylesheets: 4, scripts: 6, images: 20 } as const;
const SUBRESOURCE_COUNT = SUBRESOURCES.stylesheets + SUBRESOURCES.scripts + SUBRESOURCES.images;

/** A small web app: one HTML page and 30 subresources, none cacheable (every load is a full load). */
const appServer: Handler = (request, response) => {
  const path = (request.url ?? '/').split('?')[0]!;
  const send = (type: string, body: string) => {
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(body);
  };
  if (path.startsWith('/static/style-')) return send('text/css', `.c${path.length}{color:#123}\n`);
  if (path.startsWith('/static/app-')) return send('text/javascript', `window.__loaded=(window.__loaded||0)+1;\n`);
  if (path.startsWith('/static/img-')) {
    return send(
      'image/svg+xml',
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#4a7"/></svg>',
    );
  }
  const links = Array.from(
    { length: SUBRESOURCES.stylesheets },
    (_, i) => `<link rel="stylesheet" href="/static/style-${i}.css">`,
  );
  const scripts = Array.from(
    { length: SUBRESOURCES.scripts },
    (_, i) => `<script defer src="/static/app-${i}.js"></script>`,
  );
  const images = Array.from({ length: SUBRESOURCES.images }, (_, i) => `<img alt="" src="/static/img-${i}.svg">`);
  send(
    'text/html; charset=utf-8',
    `<!doctype html><title>media</title>${links.join('')}${scripts.join('')}<h1 id="server">media</h1>${images.join('')}`,
  );
};

/** Forwards to 127.0.0.1:`port`, holding each request and each response for `delayMs`. */
function delayingProxy(port: number, delayMs: number, agent: Agent): Handler {
  return (request, response) => {
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      setTimeout(() => {
        const upstream = httpRequest(
          { host: '127.0.0.1', port, path: request.url, method: request.method, headers: request.headers, agent },
          (answer: IncomingMessage) => {
            const chunks: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => chunks.push(chunk));
            answer.on('end', () => {
              setTimeout(() => {
                response.writeHead(answer.statusCode ?? 502, answer.headers);
                response.end(Buffer.concat(chunks));
              }, delayMs);
            });
          },
        );
        upstream.on('error', () => response.destroy());
        upstream.end(Buffer.concat(body));
      }, delayMs);
    });
  };
}

export async function tunnelSection(options: BenchOptions): Promise<Section> {
  const agent = new Agent({ keepAlive: true });
  const internal = await startServer(appServer);
  const tunnel = await startServer(delayingProxy(internal.port, options.tunnelDelayMs, agent));
  const health = await startServer(healthEndpoint(TOKEN));
  const browser = await launchChromium(
    { 'media.example.test': tunnel.port, 'media.home.test': internal.port },
    { extensionDir: options.extensionDir },
  );
  try {
    await saveConfig(
      browser,
      hairpinConfig(`http://127.0.0.1:${health.port}/hairpin`, [
        { name: 'Media', external: 'http://media.example.test:8443', internal: 'http://media.home.test:8096' },
      ]),
    );
    const url = 'http://media.example.test:8443/web/index.html';
    const samples: Record<'hairpin' | 'tunnel', { wall: number[]; load: number[] }> = {
      hairpin: { wall: [], load: [] },
      tunnel: { wall: [], load: [] },
    };
    let mode: 'home' | 'away' | null = null;
    const run = async (arm: 'hairpin' | 'tunnel', record: boolean) => {
      // Home: Hairpin redirects the external URL to the LAN. Away (forced): it leaves the
      // external URL alone, so it goes through the tunnel, as it would without Hairpin.
      const wanted = arm === 'hairpin' ? 'home' : 'away';
      if (mode !== wanted) {
        await send(browser, { type: 'setMode', network: 'Home', mode: wanted });
        await waitForRulesFrom(browser, wanted === 'home' ? 'media.example.test' : 'media.home.test');
        mode = wanted;
      }
      const page = await browser.context.newPage();
      const t0 = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      const wall = performance.now() - t0;
      const timing = await navTiming(page);
      const loaded = await page.evaluate(() => (window as unknown as { __loaded?: number }).__loaded ?? 0);
      const expectedHost = arm === 'hairpin' ? 'media.home.test' : 'media.example.test';
      if (new URL(page.url()).hostname !== expectedHost || loaded !== SUBRESOURCES.scripts) {
        throw new Error(`tunnel bench: ${arm} ended on ${page.url()} with ${loaded} scripts run`);
      }
      await page.close();
      if (record) {
        samples[arm].wall.push(wall);
        samples[arm].load.push(timing.loadEventEnd);
      }
    };
    await run('hairpin', false);
    await run('tunnel', false);
    log(`tunnel: 2 arms × ${options.samples} samples, ${options.tunnelDelayMs} ms each way`);
    await interleave(options.samples, ['hairpin', 'tunnel'] as const, options.seed + 6, (arm) => run(arm, true));

    const assumption = `tunnel = loopback proxy adding ${options.tunnelDelayMs} ms each way per request, HTTP/1.1 (≤ 6 connections), page + ${SUBRESOURCE_COUNT} uncacheable subresources`;
    const rows: Row[] = [
      ratioRow(
        { section: 'tunnel', measure: 'page + 30 subresources, load (nav timing): tunnel / Hairpin', note: assumption },
        samples.tunnel.load,
        'Hairpin at home',
        samples.hairpin.load,
      ),
      ratioRow(
        { section: 'tunnel', measure: 'page + 30 subresources, wall (goto→load): tunnel / Hairpin' },
        samples.tunnel.wall,
        'Hairpin at home',
        samples.hairpin.wall,
      ),
    ];
    const table = [['arm', 'n', 'load median', 'load p95', 'wall median', 'wall p95']];
    for (const arm of ['hairpin', 'tunnel'] as const) {
      const load = stats(samples[arm].load);
      const wall = stats(samples[arm].wall);
      table.push([
        arm,
        String(load.n),
        load.median.toFixed(1),
        load.p95.toFixed(1),
        wall.median.toFixed(1),
        wall.p95.toFixed(1),
      ]);
    }
    return {
      name: 'tunnel',
      title: 'Versus a cloud tunnel',
      rows,
      details: [{ title: `Tunnel: ${assumption} (ms)`, table }],
      facts: { tunnelDelayMs: options.tunnelDelayMs, subresources: SUBRESOURCES, samples },
    };
  } finally {
    await browser.close();
    agent.destroy();
    await Promise.all([tunnel.close(), internal.close(), health.close()]);
  }
}
