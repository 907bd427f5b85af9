// Hairpin's service worker as Chromium reports it; shared by the tests and the benchmark.
import type { ExtensionBrowser } from './chromium';
import { waitFor } from './poll';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/**
 * Stops and watches Hairpin's service worker over the debugging protocol. Playwright keeps a
 * stopped worker's object (and reports no close), so the state comes from ServiceWorker events.
 */
export async function workerControl(browser: ExtensionBrowser) {
  const page = await browser.extensionPage('manifest.json');
  const cdp = await browser.context.newCDPSession(page);
  let status = 'unknown';
  /** The latest changes of state, with when they arrived: what a failing test reports. */
  const changes: { at: number; status: string }[] = [];
  cdp.on(
    'ServiceWorker.workerVersionUpdated',
    (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
      for (const version of event.versions) {
        if (!version.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`)) continue;
        if (version.runningStatus !== status) changes.push({ at: Date.now(), status: version.runningStatus });
        changes.splice(0, changes.length - 20);
        status = version.runningStatus;
      }
    },
  );
  await cdp.send('ServiceWorker.enable');
  await waitFor(() => status !== 'unknown', { message: 'the service worker state' });
  return {
    page,
    status: () => status,
    /** The changes of state since `since` (a Date.now()), as "stopping +12 ms, stopped +40 ms". */
    changesSince(since: number): string {
      const recent = changes.filter((change) => change.at >= since);
      return recent.map((change) => `${change.status} +${change.at - since} ms`).join(', ') || 'none';
    },
    /** A stop request that arrives while the worker is busy starting is sometimes ignored: ask again each second. */
    async stop(): Promise<void> {
      let askedAt = 0;
      await waitFor(
        async () => {
          if (status === 'stopped') return true;
          if (Date.now() - askedAt > 1000) {
            askedAt = Date.now();
            await cdp.send('ServiceWorker.stopAllWorkers');
          }
          return false;
        },
        { timeoutMs: 15_000, intervalMs: 10, message: 'the service worker to stop' },
      );
    },
    /** A round trip to Chromium: any change of state it reported before answering has arrived. */
    async refresh(): Promise<string> {
      await cdp.send('ServiceWorker.enable');
      return status;
    },
    /** Wakes the worker with a message and waits until it runs. */
    async wake(): Promise<void> {
      if (status === 'running') return;
      await page.evaluate(() => chrome.runtime.sendMessage({ type: 'getState' }));
      await waitFor(() => status === 'running', { message: `a running service worker (${status})` });
    },
  };
}
