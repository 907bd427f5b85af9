import { describe, expect, it } from 'vitest';
import { pairService, sidesOf, type ServiceUrl } from '../../../src/core/service-pairing';

const link = (text: string): ServiceUrl => ({ field: 'href', text, audience: 'browser' });
const monitor = (text: string, field = 'siteMonitor'): ServiceUrl => ({ field, text, audience: 'server' });
const pair = (...urls: ServiceUrl[]) => pairService({ name: 'S', group: 'G', urls }, 'siteMonitor');
const reason = (...urls: ServiceUrl[]) => {
  const result = pair(...urls);
  if (result.ok) throw new Error('expected no pair');
  return result.reason;
};

describe('pairService', () => {
  it('pairs a public link with a private monitor URL, whichever comes first', () => {
    const result = pair(link('https://jellyfin.example.com/web/'), monitor('http://192.168.1.20:8096/health'));
    expect(result).toMatchObject({ ok: true, fields: { external: 'href', internal: 'siteMonitor' } });
    if (!result.ok) return;
    expect(result.external.href).toBe('https://jellyfin.example.com/web/');
    expect(result.internal.origin).toBe('http://192.168.1.20:8096');

    const reversed = pair(link('http://nas.lan:5000'), monitor('https://nas.example.com'));
    expect(reversed).toMatchObject({ ok: true, fields: { external: 'siteMonitor', internal: 'href' } });
  });

  it('takes the first URL of each side in the format’s order', () => {
    const result = pair(
      link('https://a.example.com'),
      monitor('http://10.0.0.1:1', 'widget.url'),
      monitor('http://10.0.0.2:2', 'widgets[1].url'),
    );
    expect(result.ok && result.internal.origin).toBe('http://10.0.0.1:1');
  });

  it('says why no pair could be formed', () => {
    expect(reason()).toBe('has no URL');
    expect(reason(link('https://a.example.com'))).toBe(
      'gives one usable URL only, the external https://a.example.com/: add its home address as siteMonitor',
    );
    // The same address twice is still one address.
    expect(reason(link('https://a.example.com'), monitor('https://a.example.com/health'))).toMatch(
      /^gives one usable URL only/,
    );
    expect(reason(link('https://a.example.com'), monitor('https://status.example.com'))).toBe(
      'all its URLs are public addresses (href https://a.example.com/, siteMonitor https://status.example.com/): none is a home address',
    );
    expect(reason(link('http://10.0.0.1'), monitor('http://nas.lan'))).toMatch(
      /^all its URLs are home addresses \(.*\): none is reachable from outside$/,
    );
    expect(reason(link('http://10.0.0.1'))).toBe(
      'gives one usable URL only, the internal http://10.0.0.1/: the dashboard does not say its external address',
    );
    expect(reason(link('ftp://nas.lan/'))).toBe('href ftp://nas.lan/ is not an http(s) URL (ftp:)');
  });

  it('names the URL it could not use beside the one it could', () => {
    expect(reason(link('https://paperless.example.com'), monitor('http://paperless:8000'))).toMatch(
      /^gives one usable URL only, the external https:\/\/paperless\.example\.com\/; siteMonitor http:\/\/paperless:8000 has a one-word host/,
    );
  });
});

describe('sidesOf', () => {
  const p = (external: string, internal: string) => ({ external: new URL(external), internal: new URL(internal) });

  it('maps origins, dropping the paths of links and monitors', () => {
    expect(sidesOf([p('https://jellyfin.example.com/web/index.html', 'http://192.168.1.20:8096/health')])).toEqual([
      { external: 'https://jellyfin.example.com', internal: 'http://192.168.1.20:8096' },
    ]);
  });

  it('keeps the first path segment where several services share a host', () => {
    expect(
      sidesOf([
        p('https://example.com/sonarr/calendar', 'http://192.168.1.30:8989'),
        p('https://example.com/radarr', 'http://192.168.1.30:7878'),
        p('https://example.com', 'http://192.168.1.5/'),
        p('https://other.example.com', 'http://192.168.1.5/pihole/admin'),
      ]),
    ).toEqual([
      { external: 'https://example.com/sonarr', internal: 'http://192.168.1.30:8989' },
      { external: 'https://example.com/radarr', internal: 'http://192.168.1.30:7878' },
      { external: 'https://example.com', internal: 'http://192.168.1.5' },
      { external: 'https://other.example.com', internal: 'http://192.168.1.5/pihole' },
    ]);
  });

  it('keeps prefixes on both sides of a proxy that serves sub-paths at home and away', () => {
    expect(
      sidesOf([
        p('https://example.com/sonarr/', 'http://192.168.1.5/sonarr/api'),
        p('https://example.com/radarr/', 'http://192.168.1.5/radarr/api'),
      ]),
    ).toEqual([
      { external: 'https://example.com/sonarr', internal: 'http://192.168.1.5/sonarr' },
      { external: 'https://example.com/radarr', internal: 'http://192.168.1.5/radarr' },
    ]);
  });

  it('the same service twice keeps plain origins', () => {
    expect(
      sidesOf([p('https://x.example', 'http://10.0.0.9'), p('https://x.example/', 'http://10.0.0.9/health')]),
    ).toEqual([
      { external: 'https://x.example', internal: 'http://10.0.0.9' },
      { external: 'https://x.example', internal: 'http://10.0.0.9' },
    ]);
  });
});
