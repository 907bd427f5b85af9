// Server snippets that serve a Hairpin health endpoint: the probe URL's path answering 200 with
// the network's token. Pure text generation, shown by the options page's probe test.

export interface HealthSnippets {
  nginx: string;
  caddy: string;
}

/** Characters that nginx or Caddy would interpret inside a quoted string. */
const SPECIAL = /["\\$`{}\n\r;]/;

export const SNIPPET_TOKEN_PLACEHOLDER = 'YOUR-TOKEN';

export function healthSnippets(probeUrl: string, token: string | undefined): HealthSnippets {
  let url: URL;
  try {
    url = new URL(probeUrl.trim());
  } catch {
    url = new URL('http://192.168.1.10:8080/hairpin');
  }
  const body = token && token.trim() !== '' ? token : SNIPPET_TOKEN_PLACEHOLDER;
  const path = url.pathname === '' ? '/' : url.pathname;
  const https = url.protocol === 'https:';
  const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
  const caution = SPECIAL.test(body)
    ? [
        '# Note: this token contains characters these servers treat specially;',
        '# a token of letters, digits, "-" and "_" is safer.',
      ]
    : [];

  // Keep the endpoint to the LAN, as docs/health-endpoint.md explains: the probe host's /24 when
  // it is an IPv4 address, else the private ranges.
  const lan = lanRanges(url.hostname);
  const nginx = [
    `# nginx: serves ${url.origin}${path} for Hairpin, to the LAN only`,
    ...caution,
    '# In the http { } block (e.g. /etc/nginx/conf.d/hairpin.conf):',
    'geo $hairpin_lan {',
    '    default 0;',
    ...lan.map((range) => `    ${range} 1;`),
    '}',
    ...(https ? [`# And in the server block that serves ${url.host} with TLS:`] : ['server {', `    listen ${port};`]),
    ...indent(https ? 0 : 1, [
      `location = ${path} {`,
      // `return` runs before allow/deny are checked, so the LAN check must be an `if`.
      '    if ($hairpin_lan = 0) { return 403; }',
      '    default_type text/plain;',
      '    add_header Cache-Control "no-store" always;',
      `    return 200 "${escapeQuoted(body)}\\n";`,
      '}',
    ]),
    ...(https ? [] : ['}']),
  ].join('\n');

  const caddy = [
    `# Caddyfile: serves ${url.origin}${path} for Hairpin, to the LAN only`,
    ...caution,
    ...(https ? ['# https needs a certificate the browser trusts; http:// is simpler on a LAN.'] : []),
    `${https ? 'https' : 'http'}://${url.hostname}:${port} {`,
    '    @hairpin {',
    `        path ${path}`,
    `        remote_ip ${lan.join(' ')}`,
    '    }',
    '    handle @hairpin {',
    '        header Cache-Control no-store',
    `        respond "${escapeQuoted(body)}" 200`,
    '    }',
    `    handle ${path} {`,
    '        respond 403',
    '    }',
    '}',
  ].join('\n');

  return { nginx: `${nginx}\n`, caddy: `${caddy}\n` };
}

function lanRanges(host: string): string[] {
  const octets = /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(host);
  if (octets) return [`${octets[1]}.${octets[2]}.${octets[3]}.0/24`];
  return ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
}

function indent(levels: number, lines: string[]): string[] {
  const pad = '    '.repeat(levels);
  return lines.map((line) => pad + line);
}

function escapeQuoted(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, ' ');
}

/** A fresh random token suggestion, e.g. `hairpin-3f9c1a2b7d`. `random` fills the bytes. */
export function suggestToken(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(6));
  return `hairpin-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
