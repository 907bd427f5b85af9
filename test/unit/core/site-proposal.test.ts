import { describe, expect, it } from 'vitest';
import { firstSegment, nameFromTitle, proposeSite } from '../../../src/core/site-proposal';

describe('proposeSite', () => {
  it('calls private and loopback IPs and home-network names internal, the rest external', () => {
    const side = (url: string) => proposeSite(url)?.side;
    expect(side('http://192.168.1.20:8096/web/index.html')).toBe('internal');
    expect(side('http://10.0.0.5/')).toBe('internal');
    expect(side('http://127.0.0.1:8080/')).toBe('internal');
    expect(side('http://[fd00::5]/')).toBe('internal');
    expect(side('http://nas.lan/')).toBe('internal');
    expect(side('http://printer.local/')).toBe('internal');
    expect(side('https://wiki.home.arpa/')).toBe('internal');
    expect(side('https://git.corp.internal/')).toBe('internal');
    expect(side('https://jellyfin.example.com/')).toBe('external');
    expect(side('http://8.8.8.8/')).toBe('external');
  });

  it('gives the origin, the first path segment as a prefix, and a name from the host', () => {
    expect(proposeSite('https://Example.com:443/photos/album/1?x=1#y')).toMatchObject({
      origin: 'https://example.com',
      prefix: '/photos',
      name: 'Photos',
      label: 'photos',
      side: 'external',
    });
    expect(proposeSite('https://jellyfin.example.com/web/index.html')).toMatchObject({
      name: 'Jellyfin',
      label: 'jellyfin',
      prefix: '/web',
    });
    expect(proposeSite('http://192.168.1.20:8096/')).toMatchObject({
      origin: 'http://192.168.1.20:8096',
      prefix: null,
      name: '192.168.1.20:8096',
      label: null,
    });
    expect(proposeSite('http://192.168.1.20/sonarr/')).toMatchObject({ name: 'Sonarr', label: 'sonarr' });
    expect(proposeSite('https://www.nextcloud.example.org/')).toMatchObject({ name: 'Nextcloud', label: 'nextcloud' });
    expect(proposeSite('http://nas.lan/')).toMatchObject({ name: 'Nas', label: 'nas' });
    expect(proposeSite('http://sonarr.lan:8989/calendar')).toMatchObject({ name: 'Sonarr', label: 'sonarr' });
    expect(proposeSite('http://nas/')).toMatchObject({ name: 'Nas', label: 'nas', side: 'internal' });
  });

  it('prefers a readable page title for the name', () => {
    expect(proposeSite('https://grafana.example.com/d/abc', 'Home dashboard - Grafana')?.name).toBe('Grafana');
    expect(proposeSite('https://jf.example.com/', '  Jellyfin ')?.name).toBe('Jellyfin');
    expect(proposeSite('https://jf.example.com/', '')?.name).toBe('Jf');
  });

  it('refuses pages that cannot be a mapping side', () => {
    expect(proposeSite('chrome://extensions/')).toBeNull();
    expect(proposeSite('about:blank')).toBeNull();
    expect(proposeSite('file:///home/me/x.html')).toBeNull();
    expect(proposeSite('not a url')).toBeNull();
  });
});

describe('firstSegment and nameFromTitle', () => {
  it('takes a folder-like first segment only', () => {
    expect(firstSegment('/jellyfin/web/')).toBe('/jellyfin');
    expect(firstSegment('/index.html')).toBeNull();
    expect(firstSegment('/')).toBeNull();
    expect(firstSegment('/a b/')).toBeNull();
  });

  it('drops titles that are URLs, too long, or empty', () => {
    expect(nameFromTitle('https://jellyfin.example.com/web')).toBeNull();
    expect(nameFromTitle('x'.repeat(65))).toBeNull();
    expect(nameFromTitle(undefined)).toBeNull();
    expect(nameFromTitle('Sign in · GitLab')).toBe('GitLab');
    expect(nameFromTitle('Nextcloud')).toBe('Nextcloud');
  });
});
