// The popup's login hint for the current tab: can the mapping's two hosts share a login, and
// which of this host's cookies would stay behind on a switch. Loaded after the first paint:
// the public suffix list (tldts) comes in its own chunk, the cookies from the cookies API, which
// Hairpin holds only when asked (a button here) or while a mapping keeps its login.
import { useEffect, useState } from 'preact/hooks';
import type { CookieHint, CookieInfo, CookieReport } from '../core/cookie-hints';
import type { MappingMatch } from '../core/url-mapping';
import { consentKey } from '../core/login-mirror';
import { useCookieHints } from '../ui/cookie-hints-loader';
import { useApp } from '../ui/services';
import { errorMessage } from '../core/error-message';
import { usePermissionRequest } from '../ui/permission-request';
import { plural } from '../core/plural';

/** One sentence on whether a login carries over between the two addresses. */
function verdictSentence(hint: CookieHint, keepLogin: boolean): string {
  switch (hint.verdict) {
    case 'same-host':
      return hint.schemeTrap
        ? 'Both addresses are on one host, but its http address never receives Secure cookies.'
        : 'Both addresses are on one host, so they share the login.';
    case 'shared':
      return `The login carries over if the service sets its cookies with Domain=${hint.domain}.`;
    case 'cannot-share':
      return keepLogin
        ? 'These addresses cannot share cookies; Keep login copies them across.'
        : 'These addresses cannot share cookies: after a switch you log in again.';
  }
}

/** "session, csrftoken and 2 more". */
function formatNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export interface ReportLine {
  text: string;
  names: string[];
  tone: 'muted' | 'warn' | 'good';
}

/**
 * What happens to this host's cookies on a switch. With keepLogin, the ones that stay behind by
 * Domain are copied, except Secure ones going onto http without the user's consent.
 */
function reportLines(
  report: CookieReport,
  cookies: readonly CookieInfo[],
  options: { keepLogin: boolean; otherScheme: 'http' | 'https'; secureAllowed: boolean },
): ReportLine[] {
  if (cookies.length === 0) return [{ text: 'No cookies on this address yet.', names: [], tone: 'muted' }];
  const lines: ReportLine[] = [];
  let lost = report.lost;
  if (options.keepLogin) {
    const secure = new Set(cookies.filter((cookie) => cookie.secure).map((cookie) => cookie.name));
    const blocked =
      options.otherScheme === 'http' && !options.secureAllowed ? lost.filter((name) => secure.has(name)) : [];
    const copied = lost.filter((name) => !blocked.includes(name));
    if (copied.length > 0) {
      lines.push({ text: `${plural(copied.length, 'cookie')} copied by Keep login`, names: copied, tone: 'good' });
    }
    lost = blocked;
  }
  if (lost.length > 0)
    lines.push({ text: `${plural(lost.length, 'cookie')} would stay behind`, names: lost, tone: 'warn' });
  if (report.secureBlocked.length > 0) {
    lines.push({
      text: `${plural(report.secureBlocked.length, 'Secure cookie')} not sent over http`,
      names: report.secureBlocked,
      tone: 'warn',
    });
  }
  if (report.shared.length > 0)
    lines.push({
      text: `${plural(report.shared.length, 'cookie')} already shared`,
      names: report.shared,
      tone: 'good',
    });
  return lines;
}

type Cookies = { url: string; list: CookieInfo[] } | { url: string; error: string };

function sameList(a: readonly CookieInfo[], b: readonly CookieInfo[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function LoginReport(props: {
  match: MappingMatch;
  url: string;
  secureConsent: readonly string[];
  /** Whether the `cookies` permission is held; without it the report offers to ask for it. */
  cookieAccess: boolean;
  /** Whether this browser approved the mapping's keepLogin (one from elsewhere waits for a click). */
  keepLoginApproved: boolean;
  /** After a grant: the popup reads the state again (which then says cookieAccess). */
  onAccessGranted: () => void;
  refresh: number;
}) {
  const { match, url, refresh } = props;
  const { services } = useApp();
  const { hints, settled } = useCookieHints();
  const [cookies, setCookies] = useState<Cookies | null>(null);
  const access = props.cookieAccess;
  const request = usePermissionRequest(() => services.requestCookieAccess(), props.onAccessGranted, {
    refused: 'Cookie access was not granted.',
  });

  // Re-read as the popup's clock ticks: a login made in the tab shows up while the popup is open.
  useEffect(() => {
    if (!access) return;
    let live = true;
    services.cookiesFor(url).then(
      (list) => {
        if (!live) return;
        setCookies((previous) =>
          previous?.url === url && 'list' in previous && sameList(previous.list, list) ? previous : { url, list },
        );
      },
      (error: unknown) => {
        if (live) setCookies({ url, error: errorMessage(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [services, url, refresh, access]);

  // Keep login copies nothing while this browser has not allowed cookie access, or not approved
  // a keepLogin that arrived from elsewhere (it is paused).
  const keepLogin = match.mapping.keepLogin === true && access && props.keepLoginApproved;
  const hint = hints?.analyzeMapping(match.mapping) ?? null;
  const other = match.side === 'external' ? match.internal : match.external;
  const current = cookies?.url === url ? cookies : null;
  const lines =
    hints && current && 'list' in current
      ? reportLines(hints.classifyCookies(current.list, other.host, other.scheme), current.list, {
          keepLogin,
          otherScheme: other.scheme,
          secureAllowed: props.secureConsent.includes(consentKey(match.mapping.external, match.mapping.internal) ?? ''),
        })
      : [];

  const loading = !settled || (access && current === null);
  return (
    <div class="tab-login" role="group" aria-busy={loading ? 'true' : 'false'} aria-label="Login">
      {loading ? (
        <p class="muted">Checking this address’s cookies…</p>
      ) : (
        <>
          {hint && (
            <p class="tab-login-verdict">
              <span class={`cookie-verdict cookie-verdict-${hint.verdict}`}>Login</span>{' '}
              {verdictSentence(hint, keepLogin)}
            </p>
          )}
          {!access ? (
            <p class="tab-login-access">
              <button type="button" class="button button-small" onClick={request.ask}>
                Check this address’s cookies
              </button>
              {request.problem && <span class="field-error"> {request.problem}</span>}
            </p>
          ) : current && 'error' in current ? (
            <p class="muted">Could not read this address’s cookies: {current.error}</p>
          ) : (
            <ul class="tab-login-cookies">
              {lines.map((line) => (
                <li key={line.text} class={`tone-${line.tone}`} title={line.names.join(', ') || undefined}>
                  {line.names.length > 0 ? `${line.text}: ${formatNames(line.names)}` : line.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
