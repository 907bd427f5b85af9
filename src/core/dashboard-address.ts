// Which side of a mapping a URL from a dashboard file belongs on. Pure. The side rule is the
// popup's: a private, shared (CGNAT) or loopback IP, or a .local/.lan/.home.arpa/.internal name,
// is internal; any other name or address is external. Two things are particular to a dashboard:
// - its status checks and widgets are fetched by the dashboard's *server*, so a one-word host
//   there (`http://sonarr:8989`) is usually a Docker container name no browser resolves, and
//   `localhost` there is the server itself, not the machine the browser runs on;
// - Homepage fills in `{{HOMEPAGE_VAR_…}}` from its environment, which Hairpin cannot see.
import { classifyHost } from './address';

/**
 * `{{HOMEPAGE_VAR_X}}` as it stands after `markHomepageVariables`: unquoted `{{` would open a
 * YAML flow mapping, and Homepage substitutes before it parses, so the loader does too — with a
 * marker no URL can contain, which the classifier below recognises.
 */
export const HOMEPAGE_VARIABLE = /\u27e6(HOMEPAGE_(?:VAR|FILE)_[A-Za-z0-9_]*)\u27e7/g;

export function markHomepageVariables(text: string): string {
  return text.replace(/\{\{(HOMEPAGE_(?:VAR|FILE)_[A-Za-z0-9_]*)\}\}/g, '\u27e6$1\u27e7');
}

/** Who opens the URL: the user's browser (a link) or the dashboard's server (a status check, a widget). */
export type Audience = 'browser' | 'server';

export type AddressClass = { kind: 'external' | 'internal'; url: URL } | { kind: 'unusable'; why: string };

/** Text from the file as the user wrote it (variables back in braces). */
export function restoreHomepageVariables(text: string): string {
  return text.replace(HOMEPAGE_VARIABLE, '{{$1}}');
}

/** A URL from the file as the user wrote it, shortened for a message. */
export function shownUrl(text: string): string {
  const restored = restoreHomepageVariables(text).trim();
  return restored.length > 80 ? `${restored.slice(0, 77)}…` : restored;
}

export function classifyDashboardUrl(text: string, audience: Audience): AddressClass {
  const variable = new RegExp(HOMEPAGE_VARIABLE.source).exec(text);
  if (variable) {
    return { kind: 'unusable', why: `uses {{${variable[1]}}}, which only Homepage fills in` };
  }
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(trimmed);
  // `nas.lan:5000/x` parses as the scheme "nas.lan:": say what is missing instead.
  if (!scheme || (!scheme[2] && /^\d/.test(trimmed.slice(scheme[0].length)))) {
    return { kind: 'unusable', why: 'is not a full URL (no http:// or https://)' };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'unusable', why: 'is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'unusable', why: `is not an http(s) URL (${url.protocol})` };
  }
  if (url.hostname === '') return { kind: 'unusable', why: 'has no host' };
  const { kind } = classifyHost(url.hostname);
  switch (kind) {
    case 'public-name':
    case 'public-address':
      return { kind: 'external', url };
    case 'private':
    case 'shared':
    case 'local-name':
      return { kind: 'internal', url };
    case 'loopback':
      return audience === 'browser'
        ? { kind: 'internal', url }
        : {
            kind: 'unusable',
            why: 'is the dashboard’s own machine (localhost), not an address other devices can open',
          };
    case 'single-label':
      return audience === 'browser'
        ? { kind: 'internal', url }
        : {
            kind: 'unusable',
            why: `has a one-word host (${url.hostname}): the dashboard’s server may reach it (a container name), a browser usually cannot`,
          };
  }
}
