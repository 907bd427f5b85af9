// `npm run demo`: see Hairpin work before touching your own network. Everything runs on loopback:
// an "external" and an "internal" copy of a small web app, a health endpoint with a token, and a
// guide page, all on 127.0.0.1; Chromium reaches them by name through --host-resolver-rules,
// with the built extension (dist/chrome) loaded and the demo configuration already imported.
//
// Usage: node scripts/demo.mjs [--headless]      (npm run demo builds dist/chrome first)
// Keys in the terminal: h = switch the health endpoint off/on, q or Ctrl-C = quit.
// CHROME=/path/to/chromium picks the browser; otherwise common install paths are searched.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist', 'chrome');
const HEADLESS = process.argv.includes('--headless');

// The names the browser sees. Real ones would be e.g. jellyfin.example.com and 192.168.1.20:8096;
// `.test` is reserved (RFC 2606), so these can never reach a real host.
const HOSTS = {
  guide: 'demo.hairpin.test',
  external: 'jellyfin.example.test',
  internal: 'jellyfin.home.test',
  health: 'nas.home.test',
};
const EXTERNAL = `http://${HOSTS.external}`;
const INTERNAL = `http://${HOSTS.internal}:8096`;
const PROBE_URL = `http://${HOSTS.health}:8080/hairpin`;
const GUIDE_URL = `http://${HOSTS.guide}/`;
const SAMPLE_PATH = '/web/movies/42?play=1#t=90';
const TOKEN = `hairpin-demo-${randomBytes(5).toString('hex')}`;

const config = {
  format: 'hairpin-config',
  version: 1,
  networks: [
    {
      name: 'Demo home',
      probe: { url: PROBE_URL, expect: TOKEN, timeoutMs: 1500 },
      mappings: [{ name: 'Jellyfin (demo)', external: EXTERNAL, internal: INTERNAL }],
    },
  ],
};

let healthOn = true;
/** @type {import('playwright-core').BrowserContext | undefined} */
let context;
/** @type {{ port: number, close(): Promise<void> }[]} */
const servers = [];
let workDir = '';
/** @type {Promise<never> | undefined} */
let stopping;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));

const executablePath = findChrome();
if (!existsSync(join(DIST, 'manifest.json'))) {
  fail('dist/chrome is missing. Run `npm run demo` (it builds first) or `npm run build`.');
}
if (!HEADLESS && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail(
    'No display found (DISPLAY is not set): the demo opens a browser window, so run it in a desktop session.\n' +
      'To check it works without a window: node scripts/demo.mjs --headless',
  );
}
await main().catch((error) => {
  // Playwright's messages carry a long call log after the first line.
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  if (!stopping) console.error(`\nThe demo failed: ${message}`);
  return stop(1);
});

async function main() {
  workDir = mkdtempSync(join(tmpdir(), 'hairpin-demo-'));
  const configPath = join(workDir, 'hairpin-demo-config.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);

  const guide = await serve(guidePage(configPath));
  const external = await serve(appPage('external'));
  const internal = await serve(appPage('internal'));
  const health = await serve(healthEndpoint);
  const localHealth = `http://127.0.0.1:${health.port}/hairpin`;

  context = await launch({
    [HOSTS.guide]: guide.port,
    [HOSTS.external]: external.port,
    [HOSTS.internal]: internal.port,
    [HOSTS.health]: health.port,
  });
  context.on('close', () => void stop(0)); // the user closed the browser window
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 }).catch(() => undefined);
  if (!worker) {
    throw new Error(
      'the browser started but did not load the extension. Google Chrome 137 and later ignore ' +
        '--load-extension; use Chromium instead (CHROME=/path/to/chromium npm run demo).',
    );
  }
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());

  // Import the configuration exactly as the options page does, from an extension page.
  const optionsPath =
    JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')).options_ui?.page ?? 'src/options/index.html';
  await page.goto(`chrome-extension://${extensionId}/${optionsPath}`);
  const saved = await send(page, { type: 'saveConfig', config });
  if (!saved.ok) throw new Error(`Hairpin refused the demo configuration: ${JSON.stringify(saved.errors)}`);
  await until(
    async () => (await send(page, { type: 'getState' })).networks[0]?.location === 'home',
    'Hairpin to find the demo home',
  );

  // Self-check: the external address must open on the internal copy, path and all.
  await page.goto(`${EXTERNAL}${SAMPLE_PATH}`, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
  const landed = await until(
    () => (new URL(page.url()).host === `${HOSTS.internal}:8096` ? page.url() : ''),
    'the redirect',
  );
  await page.goto(GUIDE_URL);

  console.log(`
Hairpin demo: a simulated home network on this machine (127.0.0.1 only).
  Guide (first tab)  ${GUIDE_URL}
  External copy      ${EXTERNAL}/          (127.0.0.1:${external.port})
  Internal copy      ${INTERNAL}/     (127.0.0.1:${internal.port})
  Health endpoint    ${PROBE_URL} answers "${TOKEN}"
                     try: curl -si ${localHealth}
  Config (imported)  ${configPath}

✓ Hairpin is working: ${EXTERNAL}${SAMPLE_PATH} opened at ${landed}

Keys: h = switch the health endpoint off/on · q or Ctrl-C = quit${HEADLESS ? '  (headless: no window)' : ''}
`);
  listenForKeys();
}

/** @param {Record<string, number>} hosts name → loopback port */
async function launch(hosts) {
  const profile = join(workDir, 'profile');
  pinExtension(profile);
  const rules = [...Object.entries(hosts).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`), 'EXCLUDE 127.0.0.1'];
  return chromium.launchPersistentContext(profile, {
    executablePath,
    headless: HEADLESS,
    viewport: null,
    // This script stops the browser itself on Ctrl-C, then exits 0 (Playwright would exit 130).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ignoreDefaultArgs: ['--enable-automation'],
    args: [
      // Chromium refuses to start as root without it (containers, CI).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--disable-component-update',
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      // Kept --load-extension working in Google Chrome 137–138; harmless elsewhere.
      '--disable-features=DisableLoadExtensionCommandLineSwitch',
      `--host-resolver-rules=${rules.join(', ')}`,
    ],
  });
}

/**
 * Pins Hairpin to the toolbar so its icon and badge are in sight. An unpacked extension's id is
 * the SHA-256 of its path, hex digits written as the letters a–p.
 */
function pinExtension(profile) {
  if (process.platform === 'win32') return; // hashed as UTF-16 there; the guide says how to pin
  const id = [...createHash('sha256').update(DIST).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join('');
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ extensions: { pinned_extensions: [id] } }));
}

/* global chrome -- page.evaluate runs in the extension page, where `chrome` exists */
/** Sends a request to Hairpin's background from an extension page; returns the reply's value. */
async function send(page, request) {
  const reply = await page.evaluate((message) => chrome.runtime.sendMessage(message), request);
  if (!reply?.ok) throw new Error(`Hairpin answered ${JSON.stringify(reply)}`);
  return reply.value;
}

/** Polls `probe` until it returns something truthy, for at most `timeoutMs`. */
async function until(probe, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value) return value;
    if (stopping) return new Promise(() => undefined); // shutting down: never resolve
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function listenForKeys() {
  if (process.stdin.isTTY) process.stdin.setRawMode(true); // single keys, and Ctrl-C arrives as \u0003
  process.stdin.setEncoding('utf8');
  // Not a terminal (e.g. a test): the same letters, one per line.
  process.stdin.on('data', (chunk) => {
    for (const key of String(chunk).toLowerCase()) {
      if (key === 'h') toggleHealth();
      else if (key === 'q' || key === '\u0003' || key === '\u0004') void stop(0);
    }
  });
  process.stdin.on('error', () => undefined);
}

function toggleHealth() {
  healthOn = !healthOn;
  console.log(
    healthOn
      ? `${time()} Health endpoint ON: it answers "${TOKEN}" again, as at home.`
      : `${time()} Health endpoint OFF: no answer, as away from home.`,
  );
  console.log(`${time()}   Hairpin notices at its next check (within a minute), or at once: Hairpin icon → Check now.`);
}

/** Stops everything this script started, then exits. Safe to call more than once. */
function stop(code) {
  stopping ??= (async () => {
    console.log('\nStopping the demo…');
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
    await context?.close().catch(() => undefined);
    await Promise.all(servers.map((server) => server.close()));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    console.log('Demo stopped.');
    process.exit(code);
  })();
  return stopping;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

function findChrome() {
  if (process.env.CHROME) {
    if (existsSync(process.env.CHROME)) return process.env.CHROME;
    fail(`CHROME=${process.env.CHROME} does not exist. Point CHROME at a Chromium or Chrome executable.`);
  }
  const programDirs = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter(
    Boolean,
  );
  // Chromium first: Google Chrome 137+ no longer loads an extension from the command line.
  const candidates =
    {
      linux: [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/snap/bin/chromium',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
      ],
      darwin: [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      ],
      win32: programDirs.flatMap((dir) => [
        join(dir, 'Chromium', 'Application', 'chrome.exe'),
        join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      ]),
    }[process.platform] ?? [];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  fail(`The demo needs Chromium or Google Chrome, and found neither${candidates.length ? ` (looked for ${candidates.join(', ')})` : ''}.
Install one:
  Debian, Ubuntu:  sudo apt-get install chromium    (Ubuntu may need: sudo snap install chromium)
  Fedora:          sudo dnf install chromium
  macOS:           brew install --cask chromium, or Google Chrome from https://www.google.com/chrome/
  Windows:         Google Chrome from https://www.google.com/chrome/
Chromium is the better choice: Google Chrome 137 and later refuse to load extensions from the command line.
Or name the browser yourself: CHROME=/path/to/chromium npm run demo`);
}

/** A loopback HTTP server; close() also ends open connections, or it would wait for them. */
async function serve(handler) {
  const sockets = new Set();
  const server = createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const entry = {
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((done) => server.close(() => done()));
    },
  };
  servers.push(entry);
  return entry;
}

/** @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response */
function healthEndpoint(request, response) {
  if (!healthOn) {
    request.socket.destroy(); // as if the home server were out of reach
    return;
  }
  if (new URL(request.url ?? '/', 'http://x').pathname !== '/hairpin') {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(`${TOKEN}\n`);
}

/** @param {'external' | 'internal'} copy */
function appPage(copy) {
  const internal = copy === 'internal';
  const other = internal ? EXTERNAL : INTERNAL;
  return (request, response) => {
    const path = request.url ?? '/';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(`<!doctype html><meta charset="utf-8"><title>Jellyfin (${copy} copy)</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0}header{padding:1.5rem 2rem;color:#fff;background:${internal ? '#1a7f37' : '#0969da'}}main{padding:1rem 2rem}code{background:#eee;padding:0 .25em}</style>
<header><h1 id="copy">${internal ? 'INTERNAL copy: straight from the home server' : 'EXTERNAL copy: through the internet'}</h1>
<div>You are at <code id="url"></code></div></header>
<main><p>${
      internal
        ? 'At home, Hairpin opens your services here, at their LAN address.'
        : 'Away from home, this is where your services live. At home, Hairpin sends you to the internal copy instead.'
    }</p>
<p>The server received <code>${escapeHtml(path)}</code> (a #fragment never reaches a server, but Hairpin keeps it).</p>
<ul><li><a href="/web/">Library</a></li><li><a href="${SAMPLE_PATH}">Movie 42, at 1:30</a></li>
<li>The same page at the <a href="${other}${escapeHtml(path)}">${internal ? 'external' : 'internal'} address</a>: Hairpin may send you back here.</li>
<li><a href="${GUIDE_URL}">Back to the demo guide</a></li></ul></main>
<script>document.getElementById('url').textContent = location.href</script>`);
  };
}

function guidePage(configPath) {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/status') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ health: healthOn }));
    } else if (path === '/health' && request.method === 'POST') {
      toggleHealth();
      response.writeHead(204).end();
    } else if (path === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config, null, 2));
    } else if (/^\/icons\/(hairpin|state-[a-z]+)-32\.png$/.test(path) && existsSync(join(DIST, path))) {
      response.writeHead(200, { 'content-type': 'image/png' }).end(readFileSync(join(DIST, path)));
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(guideHtml(configPath));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };
}

function guideHtml(configPath) {
  const icon = (name, text) => `<li><img src="/icons/${name}-32.png" width="16" height="16" alt=""> ${text}</li>`;
  return `<!doctype html><meta charset="utf-8"><title>Hairpin demo</title>
<style>body{font:16px/1.55 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#eee;padding:0 .25em}
li{margin:.35rem 0}#health{font-weight:600}.on{color:#1a7f37}.off{color:#cf222e}ul.icons{list-style:none;padding-left:0}img{vertical-align:-2px}</style>
<h1>Hairpin demo</h1>
<p>This browser runs Hairpin with a simulated home network, all on this machine:</p>
<ul>
<li><b>External address</b> <code>${EXTERNAL}</code>: your service as the internet sees it (blue page).</li>
<li><b>Internal address</b> <code>${INTERNAL}</code>: the same service on the LAN (green page).</li>
<li><b>Health endpoint</b> <code>${PROBE_URL}</code> answers <code>${TOKEN}</code>. While it does, you are <i>home</i>.
Now: <span id="health">…</span> <button id="toggle">Switch it off/on</button></li>
</ul>
<p>Hairpin's configuration was imported for you (<a href="/config.json">view it</a>; file <code>${escapeHtml(configPath)}</code>).</p>
<h2>Try this</h2>
<ol>
<li>Open <a href="${EXTERNAL}${SAMPLE_PATH}">${EXTERNAL}${SAMPLE_PATH}</a>. You are home, so the address bar shows
<code>${HOSTS.internal}:8096</code> with the same path, query and fragment: the green page.</li>
<li>Switch the health endpoint <b>off</b>: press <kbd>h</kbd> in the demo's terminal (or the button above). Hairpin checks
every minute; to see it at once, click the Hairpin icon and <i>Check now</i>. The icon turns to the globe: <i>away</i>.
Now open <a href="${INTERNAL}${SAMPLE_PATH}">${INTERNAL}${SAMPLE_PATH}</a>: you land on the external (blue) copy.</li>
<li>Switch it <b>on</b> again and check: back home, and external links open the internal copy again.</li>
<li><b>Force</b> a mode: in Hairpin's popup choose Home or Away (or press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>H</kbd> to go
Auto → Home → Away). The icon shows a padlock and the badge <code>H!</code> or <code>A!</code>: Hairpin ignores the
health endpoint until you choose Auto again.</li>
<li>Watch the address bar all along: Hairpin never shows a page of its own, the browser just opens the other address.</li>
</ol>
<h2>The toolbar icon</h2>
<p>If you do not see it, click the puzzle piece in the toolbar and pin Hairpin.</p>
<ul class="icons">
${icon('state-home', '<b>Home</b>: the health endpoint answered with the token; internal addresses are used.')}
${icon('state-away', '<b>Away</b>: no such answer; external addresses are used.')}
${icon('state-forced', '<b>Forced</b>: you chose Home or Away by hand (badge <code>H!</code> or <code>A!</code>).')}
${icon('state-unconfigured', '<b>Not configured</b>: no network set up yet, or Hairpin lacks access to websites.')}
</ul>
<p>To stop the demo, press <kbd>q</kbd> or <kbd>Ctrl</kbd>+<kbd>C</kbd> in its terminal. Next: set up your own health
endpoint with the guide <code>docs/health-endpoint.md</code> in Hairpin's repository.</p>
<script>
const health = document.getElementById('health');
async function refresh() {
  try {
    const { health: on } = await (await fetch('/status', { cache: 'no-store' })).json();
    health.textContent = on ? 'answering (home)' : 'switched off (away)';
    health.className = on ? 'on' : 'off';
  } catch { health.textContent = 'the demo has stopped'; health.className = 'off'; }
}
document.getElementById('toggle').onclick = () => fetch('/health', { method: 'POST' }).then(refresh);
refresh(); setInterval(refresh, 1000);
</script>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function time() {
  return new Date().toTimeString().slice(0, 8);
}
