// Cookie Domain matching, without the public suffix list (so the background need not load it).

/** True when a cookie `domain` (with or without its leading dot) is `host` or a parent of it. */
export function domainCovers(domain: string, host: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return host === bare || host.endsWith(`.${bare}`);
}
