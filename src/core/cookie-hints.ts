// Can a mapping's two hosts share a login by cookies, and which cookie Domain makes it work?
// Pure; the public suffix list comes from tldts (no hand-written suffix rules).
import { getDomain, getPublicSuffix, parse } from 'tldts';
import type { Mapping } from './config-schema';
import { parseSide, type Side } from './side';
import { domainCovers } from './cookie-domain';
import { cookieReaches } from './login-mirror';

const PSL = { allowPrivateDomains: true } as const;

export type CookieVerdict = 'same-host' | 'shared' | 'cannot-share';

export interface CookieHint {
  verdict: CookieVerdict;
  /** The Domain the service must set for both hosts to see its cookies (when shared). */
  domain: string | null;
  /** Where `domain` came from: the mapping's own cookieDomain, or computed by Hairpin. */
  domainSource: 'mapping' | 'computed' | null;
  /** Plain sentences, most important first. */
  messages: string[];
  /** Problems with the mapping's cookieDomain, if it has one. */
  cookieDomainProblem: string | null;
  schemeTrap: boolean;
}

/** Why a host can never share cookies with another by Domain, or null. */
function unshareableReason(host: string): string | null {
  const info = parse(host, PSL);
  if (info.isIp) return `${host} is an IP address, so browsers keep its cookies to that one address`;
  if (!host.includes('.')) return `${host} is a single-label name, so browsers keep its cookies to that one host`;
  // .local, .lan, .internal, .home…: Chrome refuses Domain cookies under a suffix not on the list.
  if (!info.isIcann && !info.isPrivate) {
    const why = `.${info.publicSuffix} is not a public top-level domain`;
    return `${host} is a local-only name (${why}), so browsers keep its cookies to that one host`;
  }
  if (!getDomain(host, PSL)) return `${host} is a public suffix, which cannot hold shared cookies`;
  return null;
}

/** The labels two hosts end with in common, e.g. `home.example.com`, or ''. */
function commonParent(a: string, b: string): string {
  const left = a.split('.').reverse();
  const right = b.split('.').reverse();
  const common: string[] = [];
  for (let i = 0; i < Math.min(left.length, right.length) && left[i] === right[i]; i++) common.push(left[i]!);
  return common.reverse().join('.');
}

/** The most specific domain that covers both hosts and is not a public suffix, or null. */
export function commonCookieDomain(a: string, b: string): string | null {
  if (unshareableReason(a) !== null || unshareableReason(b) !== null) return null;
  const candidate = commonParent(a, b);
  if (!candidate || getPublicSuffix(candidate, PSL) === candidate) return null;
  return getDomain(candidate, PSL) ? candidate : null;
}

export function validateCookieDomain(domain: string, external: string, internal: string): string | null {
  const bare = domain.replace(/^\./, '').toLowerCase();
  if (parse(bare, PSL).isIp) return `${bare} is an IP address: browsers refuse Domain cookies for it`;
  if (getPublicSuffix(bare, PSL) === bare || !getDomain(bare, PSL)) {
    return `${bare} is a public suffix: browsers refuse cookies for it`;
  }
  const missing = [external, internal].filter((host) => !domainCovers(bare, host));
  if (missing.length > 0) return `${bare} does not cover ${missing.join(' and ')}`;
  return null;
}

export function analyzeMapping(mapping: Pick<Mapping, 'external' | 'internal' | 'cookieDomain'>): CookieHint | null {
  const external = parseSide(mapping.external);
  const internal = parseSide(mapping.internal);
  if (!external.ok || !internal.ok) return null;
  return analyzeSides(external.side, internal.side, mapping.cookieDomain);
}

export function analyzeSides(external: Side, internal: Side, cookieDomain?: string): CookieHint {
  const messages: string[] = [];
  const schemeTrap = external.scheme !== internal.scheme;
  const httpSide = external.scheme === 'http' ? external : internal.scheme === 'http' ? internal : null;
  const trapMessage =
    schemeTrap && httpSide
      ? `${httpSide.host} is plain http: cookies marked Secure (usual for logins over https) are never sent to it.`
      : null;

  if (external.host === internal.host) {
    if (trapMessage) messages.push(trapMessage);
    messages.unshift(`Both sides are on ${external.host}: cookies are already shared (they ignore ports).`);
    return { verdict: 'same-host', domain: null, domainSource: null, messages, cookieDomainProblem: null, schemeTrap };
  }

  const reasons = [external.host, internal.host]
    .map(unshareableReason)
    .filter((reason): reason is string => reason !== null);
  const externalDomain = getDomain(external.host, PSL);
  const internalDomain = getDomain(internal.host, PSL);
  if (reasons.length === 0 && externalDomain !== internalDomain) {
    const why: string[] = [];
    if (external.host !== externalDomain || internal.host !== internalDomain)
      why.push(`${externalDomain} and ${internalDomain}`);
    const parent = commonParent(external.host, internal.host);
    if (parent.includes('.')) why.push(`${parent} is a public suffix`);
    const detail = why.length > 0 ? ` (${why.join('; ')})` : '';
    reasons.push(`${external.host} and ${internal.host} belong to different sites${detail}`);
  }
  if (reasons.length > 0) {
    messages.push(`${reasons.join('; ')}. A login made on one side will not carry over to the other by cookies.`);
    if (trapMessage) messages.push(trapMessage);
    const problem = cookieDomain ? `cookies cannot be shared between these hosts, so no cookie domain can work` : null;
    return {
      verdict: 'cannot-share',
      domain: null,
      domainSource: null,
      messages,
      cookieDomainProblem: problem,
      schemeTrap,
    };
  }

  const computed = commonCookieDomain(external.host, internal.host);
  const problem = cookieDomain ? validateCookieDomain(cookieDomain, external.host, internal.host) : null;
  const domain = cookieDomain && !problem ? cookieDomain.replace(/^\./, '').toLowerCase() : computed;
  messages.push(
    `Both hosts are under ${domain}: a login carries over if the service sets its cookies with Domain=${domain}.`,
  );
  if (problem) messages.push(`The mapping's cookie domain will not work: ${problem}.`);
  if (trapMessage) messages.push(trapMessage);
  if (internal.scheme === 'http' && internal.host !== externalDomain) {
    messages.push(
      `If ${externalDomain} sends HSTS with includeSubDomains, browsers force https on ${internal.host}, and its http address stops working.`,
    );
  }
  return {
    verdict: 'shared',
    domain,
    domainSource: cookieDomain && !problem ? 'mapping' : 'computed',
    messages,
    cookieDomainProblem: problem,
    schemeTrap,
  };
}

export interface CookieInfo {
  name: string;
  domain: string;
  hostOnly: boolean;
  secure: boolean;
}

export interface CookieReport {
  /** Host-only cookies (or Domain cookies that do not reach the other host): lost on a switch. */
  lost: string[];
  /** Cookies whose Domain reaches the other host too. */
  shared: string[];
  /** Shared by Domain, but Secure while the other side is http: still lost. */
  secureBlocked: string[];
}

/** Which of the current tab's cookies would follow the user to the other side. */
export function classifyCookies(
  cookies: readonly CookieInfo[],
  otherHost: string,
  otherScheme: 'http' | 'https',
): CookieReport {
  const report: CookieReport = { lost: [], shared: [], secureBlocked: [] };
  for (const cookie of cookies) {
    const reaches = cookieReaches(cookie, otherHost);
    if (!reaches) report.lost.push(cookie.name);
    else if (cookie.secure && otherScheme === 'http') report.secureBlocked.push(cookie.name);
    else report.shared.push(cookie.name);
  }
  return report;
}
