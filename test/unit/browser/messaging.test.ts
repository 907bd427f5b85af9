// The background's message door (browser/messaging.ts onRequest): only Hairpin's own pages reach
// the handler. Browsers deliver runtime.onMessage only from the extension itself (other
// extensions and pages go to onMessageExternal, which Hairpin never listens to: see
// test/e2e/chromium-messaging.test.ts); the sender check holds even if one did not.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown, sender: { id?: string; url?: string }) => Promise<unknown> | undefined;
const fake = vi.hoisted(() => ({ listeners: [] as Listener[] }));
vi.mock('../../../src/browser/api', () => ({
  browser: {
    runtime: {
      id: 'hairpin-id',
      onMessage: { addListener: (listener: Listener) => fake.listeners.push(listener) },
    },
  },
}));

const { onRequest } = await import('../../../src/browser/messaging');

beforeEach(() => void (fake.listeners.length = 0));

describe('onRequest', () => {
  it('ignores a message whose sender is another extension, or names none: the handler never runs', async () => {
    const handled: unknown[] = [];
    onRequest(async (message) => void handled.push(message));
    const [listener] = fake.listeners;
    const message = { type: 'setMode', network: 'Home', mode: 'home' };
    expect(listener!(message, { id: 'other-extension-id', url: 'chrome-extension://other-extension-id/p.html' })).toBe(
      undefined,
    );
    expect(listener!(message, { url: 'http://127.0.0.1:8080/' })).toBe(undefined);
    await Promise.resolve();
    expect(handled).toEqual([]);
  });

  it('hands a message from Hairpin’s own page to the handler and wraps its reply or error', async () => {
    onRequest(async (message, senderUrl) => {
      if ((message as { type: string }).type === 'fail') throw new Error('no such network');
      return { echoed: message, from: senderUrl };
    });
    const [listener] = fake.listeners;
    const own = { id: 'hairpin-id', url: 'chrome-extension://hairpin-id/src/popup/index.html' };
    expect(await listener!({ type: 'getState' }, own)).toEqual({
      ok: true,
      value: { echoed: { type: 'getState' }, from: own.url },
    });
    expect(await listener!({ type: 'fail' }, own)).toEqual({ ok: false, error: 'no such network' });
  });
});
