// What arrived from elsewhere (browser sync, the household sync file, the config URL) and waits
// for a click in this browser before Hairpin uses it here (core/approval.ts): each item named
// with the hosts it involves, and one Allow for all of them. On the options page (`review`),
// each can also be allowed or declined on its own, and declined ones can still be allowed.
// A keepLogin alone is announced by the cookie access notice ("Keep login is paused").
import { useState } from 'preact/hooks';
import type { HairpinState } from '../core/messages';
import type { PendingApproval } from '../core/approval';
import { errorMessage } from '../core/error-message';
import { useApp } from './services';

/** The items this notice announces: not declined, and not a keepLogin alone. */
export function announcedPending(state: HairpinState): PendingApproval[] {
  return state.pending.filter((item) => !item.declined && item.kind !== 'keepLogin');
}

/** One line per item: what it is and which hosts it involves. */
export function describePending(item: PendingApproval): string {
  switch (item.kind) {
    case 'mapping':
      return `“${item.name}”: ${item.external} ↔ ${item.internal} (network “${item.network}”)${item.keepLogin ? ', keeping its login across the two' : ''}`;
    case 'keepLogin':
      return `Keep login for “${item.name}”: copy its cookies between ${item.external} and ${item.internal}`;
    case 'probe':
      return `Network “${item.network}” checks whether you are home at ${item.url}${item.replaces ? ` (instead of ${item.replaces})` : ''}`;
    case 'configUrl':
      return `Follow the config file at ${item.url}${item.replaces ? ` (instead of ${item.replaces})` : ''}`;
  }
}

function headline(items: readonly PendingApproval[]): string {
  const services = items.filter((item) => item.kind === 'mapping').length;
  const others = items.length - services;
  const parts = [
    services > 0 ? `${services === 1 ? 'A new service' : `${services} new services`}` : null,
    others > 0 ? `${others === 1 ? 'a change' : `${others} changes`} to how Hairpin works` : null,
  ].filter((part): part is string => part !== null);
  const what = parts.join(' and ');
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} from your household ${items.length === 1 ? 'waits' : 'wait'} for your OK in this browser.`;
}

export function PendingNotice({
  state,
  onDone,
  review = false,
}: {
  state: HairpinState;
  onDone: () => void;
  /** The options page: allow or decline each item, and see the declined ones. */
  review?: boolean;
}) {
  const { client, services } = useApp();
  const [problem, setProblem] = useState<string | null>(null);
  const items = announcedPending(state);
  const declined = review ? state.pending.filter((item) => item.declined) : [];
  if (items.length === 0 && declined.length === 0) return null;

  const answer = (chosen: readonly PendingApproval[], verdict: 'approve' | 'decline') => {
    setProblem(null);
    // A keepLogin needs cookie access: asked first thing in the click (the browser wants the gesture).
    const needsCookies = verdict === 'approve' && !state.cookieAccess && chosen.some(keepsLogin);
    const access = needsCookies ? services.requestCookieAccess().catch(() => false) : Promise.resolve(true);
    access
      .then(() => client({ type: 'reviewPending', ids: chosen.map((item) => item.id), verdict }))
      .then(onDone, (error: unknown) => setProblem(`Could not save your answer: ${errorMessage(error)}`));
  };

  return (
    <div class="notice notice-warn pending-notice" role="status">
      {items.length > 0 && (
        <>
          <p>
            <strong>{headline(items)}</strong> It arrived by browser sync, the household sync file or the config URL,
            not by a click here, so Hairpin does not use it in this browser until you allow it.
          </p>
          <ul>
            {items.map((item) => (
              <li key={item.id}>
                {describePending(item)}
                {review && <ItemButtons item={item} onAnswer={(verdict) => answer([item], verdict)} />}
              </li>
            ))}
          </ul>
          <button type="button" class="button button-primary" onClick={() => answer(items, 'approve')}>
            {items.length === 1 ? 'Allow' : `Allow all ${items.length}`}
          </button>
          {!review && <span class="notice-detail"> Review each one on the options page.</span>}
        </>
      )}
      {declined.length > 0 && (
        <>
          <p>Declined in this browser (kept in the configuration, not used here):</p>
          <ul>
            {declined.map((item) => (
              <li key={item.id}>
                {describePending(item)}{' '}
                <button
                  type="button"
                  class="button"
                  aria-label={`Allow ${describePending(item)}`}
                  onClick={() => answer([item], 'approve')}
                >
                  Allow
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {problem && <p class="notice-detail">{problem}</p>}
    </div>
  );
}

function ItemButtons({
  item,
  onAnswer,
}: {
  item: PendingApproval;
  onAnswer: (verdict: 'approve' | 'decline') => void;
}) {
  const label = describePending(item);
  return (
    <>
      {' '}
      <button type="button" class="button" aria-label={`Allow ${label}`} onClick={() => onAnswer('approve')}>
        Allow
      </button>{' '}
      <button type="button" class="button" aria-label={`Decline ${label}`} onClick={() => onAnswer('decline')}>
        Decline
      </button>
    </>
  );
}

function keepsLogin(item: PendingApproval): boolean {
  return item.kind === 'keepLogin' || (item.kind === 'mapping' && item.keepLogin);
}
