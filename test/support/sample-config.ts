// The configs tests start from, in one place: a realistic sample (two services, one with a cookie
// Domain) and a builder for "one Home network holding these mappings".
import type { Config, Mapping, Network } from '../../src/core/config-schema';

export const SAMPLE_EXTERNAL = 'https://jellyfin.example.com';
export const SAMPLE_INTERNAL = 'http://192.168.1.20:8096';
const SAMPLE_PROBE = { url: 'http://192.168.1.10:8080/hairpin', expect: 'hairpin-7f3a', timeoutMs: 1500 };

export function sampleConfig(): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { ...SAMPLE_PROBE },
        mappings: [
          { name: 'Jellyfin', external: SAMPLE_EXTERNAL, internal: SAMPLE_INTERNAL },
          {
            name: 'Photos',
            external: 'https://example.com/photos',
            internal: 'http://192.168.1.30:2342',
            cookieDomain: 'example.com',
          },
        ],
      },
    ],
  };
}

/**
 * One network, Home, probed at the sample address, holding these mappings; each mapping defaults
 * to the sample Jellyfin pair, named `Mapping 1`, `Mapping 2`, … unless it says otherwise.
 */
export function homeConfig(mappings: Array<Partial<Mapping>>, network: Partial<Network> = {}): Config {
  return {
    format: 'hairpin-config',
    version: 1,
    networks: [
      {
        name: 'Home',
        probe: { url: SAMPLE_PROBE.url },
        mappings: mappings.map((mapping, i) => ({
          name: `Mapping ${i + 1}`,
          external: SAMPLE_EXTERNAL,
          internal: SAMPLE_INTERNAL,
          ...mapping,
        })),
        ...network,
      },
    ],
  };
}
