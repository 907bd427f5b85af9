import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../../scripts/manifest-for';

function source() {
  return {
    manifest_version: 3,
    name: 'Hairpin',
    version: '0.0.0',
    background: { service_worker: 'src/background/index.ts', type: 'module' },
    permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess'],
    host_permissions: ['http://*/*', 'https://*/*'],
    browser_specific_settings: { gecko: { id: 'hairpin@hairpin.example', strict_min_version: '142.0' } },
  };
}

describe('manifestFor', () => {
  it('for Chrome: sets the version, keeps the service worker, drops Firefox settings', () => {
    expect(manifestFor('chrome', source(), '1.2.3')).toEqual({
      manifest_version: 3,
      name: 'Hairpin',
      version: '1.2.3',
      background: { service_worker: 'src/background/index.ts', type: 'module' },
      permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess'],
      host_permissions: ['http://*/*', 'https://*/*'],
    });
  });

  it('for Firefox: sets the version, turns the service worker into a module event page, keeps gecko settings', () => {
    expect(manifestFor('firefox', source(), '1.2.3')).toEqual({
      manifest_version: 3,
      name: 'Hairpin',
      version: '1.2.3',
      background: { scripts: ['src/background/index.ts'], type: 'module' },
      permissions: ['storage', 'alarms', 'declarativeNetRequestWithHostAccess', 'captivePortal'],
      host_permissions: ['http://*/*', 'https://*/*'],
      browser_specific_settings: { gecko: { id: 'hairpin@hairpin.example', strict_min_version: '142.0' } },
    });
  });

  it('does not change its input', () => {
    const input = source();
    const before = structuredClone(input);
    const chrome = manifestFor('chrome', input, '9.9.9');
    const firefox = manifestFor('firefox', input, '9.9.9');
    expect(input).toEqual(before);
    chrome.permissions = [];
    firefox.permissions?.push('x');
    (firefox.background as { scripts: string[] }).scripts.push('x');
    expect(input).toEqual(before);
  });

  it('refuses a Firefox build without a background service worker', () => {
    const { background: _, ...withoutBackground } = source();
    expect(() => manifestFor('firefox', withoutBackground, '1.0.0')).toThrow(
      'manifest.json must name background.service_worker',
    );
    expect(() => manifestFor('firefox', { ...source(), background: { type: 'module' } }, '1.0.0')).toThrow(
      'manifest.json must name background.service_worker',
    );
    // Chrome does not need the transform, so it does not check.
    expect(manifestFor('chrome', withoutBackground, '1.0.0').version).toBe('1.0.0');
  });

  it('works on the real manifest.json', () => {
    const real = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
    const chrome = manifestFor('chrome', real, '0.1.0');
    const firefox = manifestFor('firefox', real, '0.1.0');
    expect(chrome.manifest_version).toBe(3);
    expect(chrome).not.toHaveProperty('browser_specific_settings');
    expect(chrome.background).toEqual(real.background);
    expect(firefox.background).toEqual({ scripts: [real.background.service_worker], type: 'module' });
    expect(firefox.browser_specific_settings).toEqual(real.browser_specific_settings);
    expect(firefox.permissions).toEqual([...real.permissions, 'captivePortal']);
    expect(chrome.permissions).toEqual(real.permissions);
    expect(real.browser_specific_settings.gecko_android.strict_min_version).toBe('142.0');
    expect(chrome.permissions).toContain('declarativeNetRequestWithHostAccess');
  });

  it('declares no permission the code never uses, and cookies only as optional', () => {
    const real = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8'));
    const sources = readdirSync(new URL('../../../src/browser/', import.meta.url))
      .map((file) => readFileSync(new URL(`../../../src/browser/${file}`, import.meta.url), 'utf8'))
      .join('\n');
    // The API namespace each permission unlocks (adapters are the only place that touches them),
    // as `browser.<namespace>` or, for an API a browser may lack, `optionalApi('<namespace>')`.
    const namespace: Record<string, string> = {
      storage: 'storage',
      alarms: 'alarms',
      declarativeNetRequestWithHostAccess: 'declarativeNetRequest',
      webRequest: 'webRequest',
      idle: 'idle',
      cookies: 'cookies',
      captivePortal: 'captivePortal',
    };
    const firefox = manifestFor('firefox', real, '0.1.0');
    for (const permission of [...(firefox.permissions ?? []), ...real.optional_permissions]) {
      const name = namespace[permission];
      expect(name, `${permission} has a known use`).toBeDefined();
      const used = sources.includes(`browser.${name}`) || sources.includes(`optionalApi('${name}')`);
      expect(used, `${permission} is used`).toBe(true);
    }
    expect(real.permissions).not.toContain('cookies');
    expect(real.optional_permissions).toEqual(['cookies']);
    expect(sources).toContain("permissions: ['cookies']");
  });
});
