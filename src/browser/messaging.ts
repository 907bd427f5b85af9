// The one client extension pages use to talk to the background. Tests replace it with a fake
// implementing the same `HairpinClient` interface.
import { browser } from './api';
import type { Runtime } from 'webextension-polyfill';
import type { Reply, RequestOf, ResponseMap } from '../core/messages';

export type HairpinClient = <T extends keyof ResponseMap>(request: RequestOf<T>) => Promise<ResponseMap[T]>;

export const sendToBackground: HairpinClient = async (request) => {
  const reply = await browser.runtime.sendMessage<unknown, Reply<never> | undefined>(request);
  if (!reply) throw new Error('Hairpin’s background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
};

/** Registers the background's handler; replies are wrapped so errors reach the page. */
export function onRequest(handler: (message: unknown, senderUrl: string | undefined) => Promise<unknown>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // Only our own pages may talk to us (no content scripts, no externally_connectable).
    if (sender.id !== browser.runtime.id) return undefined;
    return handler(message, sender.url).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
