import { describe, expect, it } from 'vitest';
import { healthSnippets, SNIPPET_TOKEN_PLACEHOLDER, suggestToken } from '../../../src/core/health-snippets';

describe('healthSnippets', () => {
  it('serves the probe path with the token over http, on the probe port, to the LAN only', () => {
    const { nginx, caddy } = healthSnippets('http://192.168.1.10:8080/hairpin?x=1', 'hairpin-7f3a');
    expect(nginx).toBe(
      [
        '# nginx: serves http://192.168.1.10:8080/hairpin for Hairpin, to the LAN only',
        '# In the http { } block (e.g. /etc/nginx/conf.d/hairpin.conf):',
        'geo $hairpin_lan {',
        '    default 0;',
        '    192.168.1.0/24 1;',
        '}',
        'server {',
        '    listen 8080;',
        '    location = /hairpin {',
        '        if ($hairpin_lan = 0) { return 403; }',
        '        default_type text/plain;',
        '        add_header Cache-Control "no-store" always;',
        '        return 200 "hairpin-7f3a\\n";',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    expect(caddy).toBe(
      [
        '# Caddyfile: serves http://192.168.1.10:8080/hairpin for Hairpin, to the LAN only',
        'http://192.168.1.10:8080 {',
        '    @hairpin {',
        '        path /hairpin',
        '        remote_ip 192.168.1.0/24',
        '    }',
        '    handle @hairpin {',
        '        header Cache-Control no-store',
        '        respond "hairpin-7f3a" 200',
        '    }',
        '    handle /hairpin {',
        '        respond 403',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps a named host to the private ranges', () => {
    const { nginx, caddy } = healthSnippets('http://nas.lan/hairpin', 'tok-7f3a9c');
    expect(nginx).toContain('    10.0.0.0/8 1;\n    172.16.0.0/12 1;\n    192.168.0.0/16 1;');
    expect(caddy).toContain('remote_ip 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16');
  });

  it('defaults the port and path, and uses a placeholder without a token', () => {
    const { nginx, caddy } = healthSnippets('http://nas.lan', undefined);
    expect(nginx).toContain('listen 80;');
    expect(nginx).toContain('location = / {');
    expect(nginx).toContain(`return 200 "${SNIPPET_TOKEN_PLACEHOLDER}\\n";`);
    expect(caddy).toContain('http://nas.lan:80 {');
  });

  it('for https, gives a location to add to an existing TLS server', () => {
    const { nginx, caddy } = healthSnippets('https://nas.lan/up', 'tok-7f3a9c');
    expect(nginx).not.toContain('listen');
    expect(nginx).toContain('server block that serves nas.lan with TLS');
    expect(caddy).toContain('https://nas.lan:443 {');
  });

  it('escapes quotes and warns about characters the servers interpret', () => {
    const { nginx, caddy } = healthSnippets('http://nas.lan/up', 'a"b$c');
    expect(nginx).toContain('return 200 "a\\"b$c\\n";');
    expect(caddy).toContain('respond "a\\"b$c" 200');
    expect(nginx).toContain('# Note: this token contains characters');
  });

  it('suggests a random token', () => {
    expect(suggestToken((bytes) => bytes.fill(0xab))).toBe('hairpin-abababababab');
  });
});
