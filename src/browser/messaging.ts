// Messaging adapter: the one client extension pages use to talk to the background (tests pass a
// fake implementing the same HairpinClient type, from core/messages), and the background's side.
import { browser } from './api';
import type { Runtime } from 'webextension-polyfill';
import type { HairpinClient, Reply } from '../core/messages';
import { errorMessage } from '../core/error-message';

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
      (error: unknown) => ({ ok: false, error: errorMessage(error) }),
    );
  });
}
