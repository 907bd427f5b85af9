import { describe, expect, it } from 'vitest';
import {
  matchSide,
  originOf,
  parseSide,
  sideContains,
  sidesOverlap,
  sideToString,
  urlOnSide,
  type Side,
} from '../../../src/core/side';

function side(text: string): Side {
  const result = parseSide(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result.side;
}

function problem(text: string): string {
  const result = parseSide(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected, got ${JSON.stringify(result.side)}`);
  return result.message;
}

describe('parseSide: accepted sides', () => {
  it.each<[string, Side]>([
    ['https://jellyfin.example.com', { scheme: 'https', host: 'jellyfin.example.com', port: null, prefix: '' }],
    ['http://192.168.1.20:8096', { scheme: 'http', host: '192.168.1.20', port: 8096, prefix: '' }],
    ['https://example.com/jellyfin', { scheme: 'https', host: 'example.com', port: null, prefix: '/jellyfin' }],
    ['https://example.com/a/b/', { scheme: 'https', host: 'example.com', port: null, prefix: '/a/b' }],
    ['https://example.com/', { scheme: 'https', host: 'example.com', port: null, prefix: '' }],
    ['https://example.com/x//', { scheme: 'https', host: 'example.com', port: null, prefix: '/x' }],
    ['  https://example.com/app  ', { scheme: 'https', host: 'example.com', port: null, prefix: '/app' }],
  ])('%s', (text, expected) => {
    expect(parseSide(text)).toEqual({ ok: true, side: expected });
  });

  it('lower-cases scheme and host but keeps the case of the prefix', () => {
    expect(side('HTTPS://Example.COM/Jellyfin/')).toEqual({
      scheme: 'https',
      host: 'example.com',
      port: null,
      prefix: '/Jellyfin',
    });
  });

  it('drops the default port of each scheme and keeps other ports', () => {
    expect(side('https://example.com:443').port).toBeNull();
    expect(side('http://example.com:80').port).toBeNull();
    expect(side('http://example.com:080').port).toBeNull();
    expect(side('http://example.com:443').port).toBe(443);
    expect(side('https://example.com:80').port).toBe(80);
    expect(side('https://example.com:8443').port).toBe(8443);
    expect(side('http://example.com:').port).toBeNull();
    expect(side('http://example.com:1').port).toBe(1);
    expect(side('http://example.com:65535').port).toBe(65535);
  });

  it('writes internationalised host names in punycode, as the browser does', () => {
    expect(side('https://jellyfin.bücher.example').host).toBe('jellyfin.xn--bcher-kva.example');
    expect(side('https://JELLYFIN.BÜCHER.example').host).toBe('jellyfin.xn--bcher-kva.example');
    expect(side('https://xn--bcher-kva.example').host).toBe('xn--bcher-kva.example');
  });

  it('keeps IPv6 literals in brackets, lower case and compressed, with an optional port', () => {
    expect(side('http://[FD00::20]:8096/x')).toEqual({ scheme: 'http', host: '[fd00::20]', port: 8096, prefix: '/x' });
    expect(side('http://[fd00:0:0:0:0:0:0:20]')).toEqual({
      scheme: 'http',
      host: '[fd00::20]',
      port: null,
      prefix: '',
    });
    expect(side('http://[::1]').host).toBe('[::1]');
    expect(side('https://[::ffff:192.168.1.1]:443').host).toBe('[::ffff:c0a8:101]');
  });

  it('canonicalises IPv4 forms the way the browser does', () => {
    expect(side('http://0xC0.168.1.1').host).toBe('192.168.1.1');
  });

  it('percent-encodes the prefix as the browser would', () => {
    expect(side('https://example.com/my app').prefix).toBe('/my%20app');
    expect(side('https://example.com/a{b}').prefix).toBe('/a%7Bb%7D');
  });
});

describe('parseSide: rejected sides', () => {
  it.each([
    ['javascript:alert(1)', 'scheme "javascript:" is not allowed; use http or https'],
    ['data:text/html,hi', 'scheme "data:" is not allowed; use http or https'],
    ['file:///etc/passwd', 'scheme "file:" is not allowed; use http or https'],
    ['ftp://example.com', 'scheme "ftp:" is not allowed; use http or https'],
    ['WS://example.com', 'scheme "ws:" is not allowed; use http or https'],
  ])('scheme of %s', (text, message) => {
    expect(problem(text)).toBe(message);
  });

  it('rejects empty text', () => {
    expect(problem('')).toBe('is empty; give a URL such as https://jellyfin.example.com');
    expect(problem('   ')).toBe('is empty; give a URL such as https://jellyfin.example.com');
  });

  it('rejects text without a scheme or without "//"', () => {
    expect(problem('jellyfin.example.com')).toBe(
      '"jellyfin.example.com" has no scheme; start it with https:// or http://',
    );
    expect(problem('https:example.com')).toBe('"https:example.com" is missing "//" after "https:"');
  });

  it('clips long text in messages', () => {
    const long = `${'a'.repeat(100)}.example.com`;
    expect(problem(long)).toBe(`"${'a'.repeat(57)}…" has no scheme; start it with https:// or http://`);
  });

  it.each(['https://user:secret@example.com', 'https://user@example.com/app', 'http://:pw@192.168.1.20'])(
    'rejects credentials in %s',
    (text) => {
      expect(problem(text)).toBe('credentials (user:password@) are not allowed in URLs');
    },
  );

  it.each([
    ['http://example.com:0', 'port 0 is out of range (1–65535)'],
    ['http://example.com:65536', 'port 65536 is out of range (1–65535)'],
    ['http://192.168.1.20:70000', 'port 70000 is out of range (1–65535)'],
    ['http://example.com:99999999999999999999', 'port 99999999999999999999 is out of range (1–65535)'],
    ['http://example.com:abc', 'port "abc" is not a number'],
    ['http://example.com:-1', 'port "-1" is not a number'],
    ['http://example.com:+80', 'port "+80" is not a number'],
    ['http://[fd00::20]:70000', 'port 70000 is out of range (1–65535)'],
  ])('port of %s', (text, message) => {
    expect(problem(text)).toBe(message);
  });

  it.each([
    'https://example.com?x=1',
    'https://example.com/app?x=1',
    'https://example.com/?',
    'https://example.com#top',
    'https://example.com/app#',
  ])('rejects a query or fragment: %s', (text) => {
    expect(problem(text)).toBe(
      'a query (?) or fragment (#) is not allowed; give an origin with an optional path prefix',
    );
  });

  it('rejects a missing host', () => {
    expect(problem('https://')).toBe('the host is missing');
    expect(problem('https:///app')).toBe('the host is missing');
    expect(problem('https://:8080')).toBe('the host is missing');
  });

  it('rejects invalid host names', () => {
    expect(problem('https://exa mple.com')).toBe('host "exa mple.com" is not a valid host name');
    expect(problem('http://example.com:8080:90')).toBe('host "example.com:8080" is not a valid host name');
    expect(problem('http://[fd00::zz]')).toBe('host "[fd00::zz]" is not a valid host name');
  });

  it('rejects backslashes', () => {
    expect(problem('https://example.com/a\\b')).toBe('backslashes are not allowed in a path prefix');
    expect(problem('https://example.com\\app')).toBe('backslashes are not allowed in a path prefix');
  });

  it.each([
    'https://example.com/./app',
    'https://example.com/app/.',
    'https://example.com/app/..',
    'https://example.com/a/../b',
    'https://example.com/%2e%2e/b',
    'https://example.com/%2E/b',
    'https://example.com/.%2E/b',
    'https://example.com/a/.\t./b',
  ])('rejects dot segments, which URL parsing would silently resolve: %s', (text) => {
    expect(problem(text)).toBe('"." and ".." are not allowed in a path prefix');
  });

  it('still accepts segments that merely contain dots', () => {
    expect(side('https://example.com/.well-known').prefix).toBe('/.well-known');
    expect(side('https://example.com/v1.2/...').prefix).toBe('/v1.2/...');
  });

  it('rejects empty segments inside the prefix', () => {
    expect(problem('https://example.com//app')).toBe('a path prefix must not contain empty segments ("//")');
    expect(problem('https://example.com/a//b')).toBe('a path prefix must not contain empty segments ("//")');
  });
});

describe('originOf and sideToString', () => {
  it('write the canonical form', () => {
    expect(originOf(side('https://Example.com:443/app'))).toBe('https://example.com');
    expect(originOf(side('http://[fd00::20]:8096/app'))).toBe('http://[fd00::20]:8096');
    expect(sideToString(side('https://Example.com:443/app/'))).toBe('https://example.com/app');
    expect(sideToString(side('http://192.168.1.20:8096'))).toBe('http://192.168.1.20:8096');
  });
});

describe('sideContains and sidesOverlap', () => {
  const root = side('https://example.com');
  const app = side('https://example.com/app');
  const appWeb = side('https://example.com/app/web');
  const appx = side('https://example.com/appx');

  it('contain by whole path segments', () => {
    expect(sideContains(root, app)).toBe(true);
    expect(sideContains(app, appWeb)).toBe(true);
    expect(sideContains(app, app)).toBe(true);
    expect(sideContains(app, root)).toBe(false);
    expect(sideContains(app, appx)).toBe(false);
    expect(sideContains(appx, app)).toBe(false);
  });

  it('overlap in either direction only', () => {
    expect(sidesOverlap(app, root)).toBe(true);
    expect(sidesOverlap(root, app)).toBe(true);
    expect(sidesOverlap(app, appx)).toBe(false);
    expect(sidesOverlap(side('https://example.com/a'), side('https://example.com/b'))).toBe(false);
  });

  it('never overlap across schemes, hosts or ports, but treat an explicit default port as the same', () => {
    expect(sidesOverlap(side('http://example.com'), side('https://example.com'))).toBe(false);
    expect(sidesOverlap(side('https://example.com'), side('https://www.example.com'))).toBe(false);
    expect(sidesOverlap(side('https://example.com'), side('https://example.com:8443'))).toBe(false);
    expect(sidesOverlap(side('https://example.com'), side('https://example.com:443/x'))).toBe(true);
    expect(sidesOverlap(side('https://bücher.example'), side('https://xn--bcher-kva.example'))).toBe(true);
  });
});

describe('matchSide and urlOnSide', () => {
  const app = side('https://example.com/jellyfin');
  const internal = side('http://192.168.1.20:8096');

  it('split a URL under the side into the claimed part and the rest', () => {
    expect(matchSide(app, 'https://example.com/jellyfin')).toEqual({ rest: '' });
    expect(matchSide(app, 'https://example.com/jellyfin/')).toEqual({ rest: '/' });
    expect(matchSide(app, 'https://example.com/jellyfin/web/index.html?a=1#b')).toEqual({
      rest: '/web/index.html?a=1#b',
    });
    expect(matchSide(app, 'https://example.com/jellyfin?x')).toEqual({ rest: '?x' });
    expect(matchSide(app, 'https://example.com/jellyfin#x')).toEqual({ rest: '#x' });
    expect(matchSide(app, 'https://EXAMPLE.com:443/jellyfin/a')).toEqual({ rest: '/a' });
    expect(matchSide(internal, 'http://192.168.1.20:8096/a?b')).toEqual({ rest: '/a?b' });
    expect(matchSide(internal, 'http://192.168.1.20:8096')).toEqual({ rest: '/' });
  });

  it('return null for URLs outside the side', () => {
    expect(matchSide(app, 'https://example.com/jellyfinx')).toBeNull();
    expect(matchSide(app, 'https://example.com/')).toBeNull();
    expect(matchSide(app, 'https://example.com/Jellyfin')).toBeNull();
    expect(matchSide(app, 'http://example.com/jellyfin')).toBeNull();
    expect(matchSide(app, 'https://example.com:8443/jellyfin')).toBeNull();
    expect(matchSide(app, 'https://other.example.com/jellyfin')).toBeNull();
    expect(matchSide(app, 'ftp://example.com/jellyfin')).toBeNull();
    expect(matchSide(app, 'not a url')).toBeNull();
    expect(matchSide(internal, 'http://192.168.1.20/')).toBeNull();
  });

  it('drop credentials: the rest is the path, query and fragment, never part of the host', () => {
    expect(matchSide(app, 'https://user@example.com/jellyfin/y')).toEqual({ rest: '/y' });
    expect(matchSide(app, 'https://user:pw@example.com/jellyfin/y?q#f')).toEqual({ rest: '/y?q#f' });
    const rest = matchSide(side('https://jellyfin.example.com'), 'https://user@jellyfin.example.com/y')!.rest;
    expect(urlOnSide(internal, rest)).toBe('http://192.168.1.20:8096/y');
  });

  it('refuse a rest that would leave the target side', () => {
    expect(() => urlOnSide(internal, '@evil.example/')).toThrow(/not the rest of a URL/);
    expect(() => urlOnSide(side('http://192.168.1.20'), '.evil.example/')).toThrow(/not the rest of a URL/);
  });

  it('rebuild the URL on the other side', () => {
    expect(urlOnSide(internal, '/web/index.html?a=1#b')).toBe('http://192.168.1.20:8096/web/index.html?a=1#b');
    expect(urlOnSide(internal, '')).toBe('http://192.168.1.20:8096/');
    expect(urlOnSide(app, '')).toBe('https://example.com/jellyfin');
    expect(urlOnSide(app, '?q=1')).toBe('https://example.com/jellyfin?q=1');
    const rest = matchSide(internal, 'http://192.168.1.20:8096/web?x=1#y')!.rest;
    expect(urlOnSide(app, rest)).toBe('https://example.com/jellyfin/web?x=1#y');
  });
});
