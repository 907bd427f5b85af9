// The config the draft tests start from: every field the form edits, and some it only carries.
import type { Config } from '../../../src/core/config-schema';

export function draftTestConfig(): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    rescueAfterMs: 2000,
    networks: [
      {
        name: 'Home',
        probe: { url: 'http://192.168.1.10:8080/hairpin', expect: 'tok-7f3a9c', timeoutMs: 900 },
        mappings: [
          {
            name: 'Jellyfin',
            external: 'https://jellyfin.example.com',
            internal: 'http://192.168.1.20:8096',
            keepLogin: true,
          },
          {
            name: 'Photos',
            external: 'https://photos.example.com',
            internal: 'http://192.168.1.30',
            cookieDomain: 'example.com',
            enabled: false,
          },
        ],
      },
    ],
  };
}
