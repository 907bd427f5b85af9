// Launches Debian's firefox-esr with the built extension (dist/firefox) and drives it over
// WebDriver BiDi directly: Playwright needs a patched Firefox, and geckodriver is not needed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './poll';

export const FIREFOX_DIST = resolve('dist/firefox');
export const FIREFOX_PATH = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const GECKO_ID = 'hairpin@hairpin.example';
/** Pinned through `extensions.webextensions.uuids`, so pages live at a known origin. */
export const EXTENSION_UUID = '3f1c9a52-7b4e-4d2a-9c61-0e8b5d4f2a17';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

const STARTUP_TIMEOUT_MS = 30_000;
const COMMAND_TIMEOUT_MS = 20_000;

/**
 * Every host name resolves to loopback, and Firefox's own background traffic is switched off,
 * so a test never reaches beyond 127.0.0.1.
 */
const PREFS: Record<string, string | number | boolean> = {
  'network.dns.forceResolve': '127.0.0.1',
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
  // Firefox's default since 127, pinned: MV3 host_permissions are granted on install.
  'extensions.originControls.grantByDefault': true,
  'network.trr.mode': 5,
  'network.proxy.type': 0,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.prefetch-next': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'privacy.trackingprotection.enabled': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'security.remote_settings.intermediates.enabled': false,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.OCSP.enabled': 0,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'geo.provider.network.url': '',
  'browser.region.network.url': '',
  'browser.search.update': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.topsites.contile.enabled': false,
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.shell.checkDefaultBrowser': false,
  'browser.translations.enable': false,
  'browser.ml.enable': false,
  'browser.urlbar.suggest.searches': false,
  'browser.ping-centre.telemetry': false,
  'identity.fxaccounts.enabled': false,
  'network.sntp.pools': '127.0.0.1',
};

export interface FirefoxExtensionBrowser {
  /** Sends a request from the options page, exactly as Hairpin's own UI does; unwraps the reply. */
  send<T = unknown>(request: unknown): Promise<T>;
  installedRules(): Promise<
    { id: number; condition: { regexFilter?: string }; action: { redirect?: { regexSubstitution?: string } } }[]
  >;
  /** Opens a new tab; returns its browsing context id. */
  newTab(): Promise<string>;
  closeTab(context: string): Promise<void>;
  /** Navigates and waits until the tab has settled on a URL matching `predicate`. */
  gotoAndSettle(context: string, url: string, predicate: (url: string) => boolean): Promise<string>;
  /** Evaluates `expression` (may be a promise) in the tab; the value must survive JSON. */
  evaluate<T>(context: string, expression: string): Promise<T>;
  /** The same in the extension page that `send` uses (Hairpin's origin and APIs). */
  evaluateInExtension<T>(expression: string): Promise<T>;
  /**
   * A real mouse click (a user gesture, e.g. for permissions.request) on the element that
   * `elementExpression` evaluates to in the page.
   */
  click(context: string, elementExpression: string): Promise<void>;
  /** Chooses `paths` in the `<input type="file">` that `elementExpression` evaluates to (BiDi input.setFiles). */
  setFiles(context: string, elementExpression: string, paths: string[]): Promise<void>;
  tabUrl(context: string): Promise<string>;
  /**
   * One `browsingContext.navigate` waiting for the load event, as is (for timing); rejects when
   * the command fails. Use gotoAndSettle to wait for a URL.
   */
  navigate(context: string, url: string): Promise<void>;
  /** Sets the tab's viewport in CSS px (a phone's 360 × 640). */
  setViewport(context: string, width: number, height: number): Promise<void>;
  /**
   * Evaluates `expression` in Firefox's own (privileged) browser window, where the platform's
   * services stand in for the operating system, e.g. the user-idle service.
   */
  evaluateInParent<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** Hairpin from here instead of dist/firefox (the benchmark's private copy). */
  extensionDir?: string;
  /** Other extensions to install beside Hairpin (the benchmark's bare DNR extension), after it unless `othersFirst`. */
  otherExtensions?: readonly string[];
  othersFirst?: boolean;
  /** More profile preferences (e.g. a coarse pointer for the narrow-layout test). */
  prefs?: Record<string, unknown>;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtensionBrowser> {
  if (typeof WebSocket === 'undefined') {
    throw new Error('No global WebSocket: on Node 20 run with --experimental-websocket (see vitest.config.ts)');
  }
  const profile = mkdtempSync(join(tmpdir(), 'hairpin-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries({ ...PREFS, ...options.prefs })
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(''),
  );
  // Own process group, so that teardown can end content processes too if Firefox hangs.
  const child = spawn(
    FIREFOX_PATH,
    [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port=0',
      '--remote-allow-hosts=127.0.0.1',
      // Lets BiDi navigate to moz-extension:// pages.
      '--remote-allow-system-access',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      // Mozilla's own test switch: a connection to a non-loopback address aborts Firefox instead,
      // and Remote Settings then honours `services.settings.server` (ignored in release builds).
      // No crash reporter: it would try to upload.
      env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
    },
  );
  const output = new OutputTail(child);
  let connection: BidiConnection | null = null;
  try {
    const started = await waitFor(
      () => {
        const endpoint = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output.text)?.[1];
        if (endpoint) return { endpoint };
        return output.exit ? { failure: output.exit } : null;
      },
      { timeoutMs: STARTUP_TIMEOUT_MS, message: 'Firefox to start WebDriver BiDi' },
    );
    if ('failure' in started) throw new Error(started.failure);
    const { endpoint } = started;
    connection = await BidiConnection.open(`${endpoint}/session`, () => output.summary());
    await connection.command('session.new', { capabilities: {} });
    const hairpin = options.extensionDir ?? FIREFOX_DIST;
    const others = options.otherExtensions ?? [];
    for (const path of options.othersFirst ? [...others, hairpin] : [hairpin, ...others]) {
      await connection.command('webExtension.install', { extensionData: { type: 'path', path } });
    }
    return await firefoxBrowser(connection, child, profile, output);
  } catch (error) {
    connection?.close();
    await stopProcess(child, 0);
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nFirefox output:\n${output.text}`);
  }
}

async function firefoxBrowser(
  bidi: BidiConnection,
  child: ChildProcess,
  profile: string,
  output: OutputTail,
): Promise<FirefoxExtensionBrowser> {
  const tabUrl = async (context: string) => {
    const tree = await bidi.command<{ contexts: { url: string }[] }>('browsingContext.getTree', {
      root: context,
      maxDepth: 0,
    });
    const url = tree.contexts[0]?.url;
    if (url === undefined) throw new Error(`no browsing context ${context}`);
    return url;
  };

  const evaluate = async <T>(context: string, expression: string): Promise<T> => {
    const result = await bidi.command<EvaluateResult>('script.evaluate', {
      expression: `Promise.resolve(${expression}).then((value) => JSON.stringify(value))`,
      target: { context },
      awaitPromise: true,
    });
    if (result.type === 'exception')
      throw new Error(`script failed: ${result.exceptionDetails?.text ?? 'unknown error'}`);
    const value = result.result?.value;
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  };

  /** A reference to the element `expression` evaluates to, for input commands. */
  const elementId = async (context: string, expression: string): Promise<string> => {
    const found = await bidi.command<{ result?: { sharedId?: string } }>('script.evaluate', {
      expression,
      target: { context },
      awaitPromise: false,
      resultOwnership: 'root',
    });
    const sharedId = found.result?.sharedId;
    if (!sharedId) throw new Error(`no element for ${expression}`);
    return sharedId;
  };

  const newTab = async () =>
    (await bidi.command<{ context: string }>('browsingContext.create', { type: 'tab' })).context;

  // One options page for all requests: the first tab Firefox opened.
  const tree = await bidi.command<{ contexts: { context: string }[] }>('browsingContext.getTree', { maxDepth: 0 });
  const optionsTab = tree.contexts[0]?.context;
  if (!optionsTab) throw new Error('Firefox opened no tab');
  await bidi.command('browsingContext.navigate', {
    context: optionsTab,
    url: `${EXTENSION_ORIGIN}/src/options/index.html`,
    wait: 'complete',
  });

  const browser: FirefoxExtensionBrowser = {
    async send<T>(request: unknown): Promise<T> {
      const reply = await evaluate<{ ok: boolean; value?: T; error?: string } | undefined>(
        optionsTab,
        `browser.runtime.sendMessage(${JSON.stringify(request)})`,
      );
      if (!reply) throw new Error('Hairpin’s background did not answer');
      if (!reply.ok) throw new Error(reply.error);
      return reply.value as T;
    },
    installedRules() {
      return evaluate(optionsTab, 'browser.declarativeNetRequest.getSessionRules()');
    },
    newTab,
    async closeTab(context) {
      await bidi.command('browsingContext.close', { context });
    },
    async gotoAndSettle(context, url, predicate) {
      // A redirect or an error page may end the navigation command early: the poll decides.
      await bidi.command('browsingContext.navigate', { context, url, wait: 'complete' }).catch(() => undefined);
      let now = '';
      return waitFor(
        async () => {
          now = await tabUrl(context);
          if (!predicate(now)) return null;
          return (await evaluate<string>(context, 'document.readyState')) === 'complete' ? now : null;
        },
        { message: `tab URL to settle (from ${url})` },
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}; tab is at ${now}`);
      });
    },
    evaluate,
    evaluateInExtension: (expression) => evaluate(optionsTab, expression),
    async click(context, elementExpression) {
      const sharedId = await elementId(context, elementExpression);
      await bidi.command('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
    },
    async setFiles(context, elementExpression, paths) {
      const sharedId = await elementId(context, elementExpression);
      await bidi.command('input.setFiles', { context, element: { sharedId }, files: paths });
    },
    tabUrl,
    async setViewport(context, width, height) {
      await bidi.command('browsingContext.setViewport', { context, viewport: { width, height } });
    },
    async navigate(context, url) {
      await bidi.command('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    async evaluateInParent(expression) {
      // Needs --remote-allow-system-access (given at launch).
      const windows = await bidi.command<{ contexts: { context: string }[] }>('browsingContext.getTree', {
        maxDepth: 0,
        'moz:scope': 'chrome',
      });
      const window = windows.contexts[0]?.context;
      if (!window) throw new Error('Firefox reported no browser window');
      return evaluate(window, expression);
    },
    async close() {
      // browser.close ends the session and Firefox; the connection may drop before it answers.
      if (child.exitCode === null && child.signalCode === null) {
        await bidi.command('browser.close', {}, 5_000).catch(() => undefined);
      }
      bidi.close();
      await stopProcess(child, 10_000);
      output.detach();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  // The event page may still be starting after install: wait until it answers.
  await waitFor(() => browser.send({ type: 'getState' }).then(() => true), {
    message: 'Hairpin’s background to answer',
  });
  return browser;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

/** A minimal WebDriver BiDi client: commands with ids, events ignored. */
class BidiConnection {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  private constructor(
    private readonly socket: WebSocket,
    why: () => string,
  ) {
    socket.addEventListener('message', (event) => this.onMessage(String(event.data)));
    socket.addEventListener('close', () => this.failAll(new Error(`WebDriver BiDi connection closed; ${why()}`)));
  }

  /** `why` explains a dropped connection (Firefox's exit status and fatal output). */
  static async open(url: string, why: () => string): Promise<BidiConnection> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new BidiConnection(socket, why);
  }

  command<T = unknown>(method: string, params: object, timeoutMs = COMMAND_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} got no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
    this.failAll(new Error('WebDriver BiDi connection closed by the test'));
  }

  private onMessage(data: string): void {
    const message = JSON.parse(data) as {
      id?: number;
      type: string;
      result?: unknown;
      error?: string;
      message?: string;
    };
    if (message.id === undefined) return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.type === 'success') waiter.resolve(message.result);
    else waiter.reject(new Error(`${message.error ?? 'error'}: ${message.message ?? ''}`));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

/** Keeps the last part of Firefox's output for error messages; pipes must be drained anyway. */
class OutputTail {
  text = '';
  exit: string | null = null;

  constructor(private readonly child: ChildProcess) {
    const append = (chunk: Buffer) => {
      this.text = (this.text + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.on('exit', (code, signal) => {
      this.exit = `Firefox exited early (code ${code}, signal ${signal})`;
    });
    child.on('error', (error) => {
      this.exit = `Firefox did not start: ${error.message}`;
    });
  }

  summary(): string {
    const fatal = this.text.split('\n').filter((line) => /FATAL|Crash|panic/i.test(line));
    return [this.exit ?? 'Firefox still running', ...fatal].join('\n');
  }

  detach(): void {
    this.child.stdout?.removeAllListeners('data');
    this.child.stderr?.removeAllListeners('data');
  }
}

/**
 * Gives Firefox `graceMs` to exit on its own, then SIGTERM, then SIGKILL; finally ends anything
 * left in its process group (content processes of a Firefox that died abruptly).
 */
async function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitExit = (timeoutMs: number) =>
    waitFor(exited, { timeoutMs, intervalMs: 100, message: 'Firefox to exit' }).then(
      () => true,
      () => false,
    );
  if (!(await waitExit(graceMs))) {
    child.kill('SIGTERM');
    if (!(await waitExit(10_000))) child.kill('SIGKILL');
    await waitExit(5_000);
  }
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already empty.
  }
}
