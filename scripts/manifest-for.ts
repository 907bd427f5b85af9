// The per-browser transform of the one source manifest. Pure, so it is unit-tested.
export type Browser = 'chrome' | 'firefox';

export type Manifest = Record<string, unknown> & {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  action?: { default_popup?: string };
  permissions?: string[];
};

/**
 * Permissions only Firefox knows (Chrome warns about an unknown one): `captivePortal`, whose
 * events tell Hairpin that a new network became usable (desktop Firefox; Android lacks the API).
 */
export const FIREFOX_ONLY_PERMISSIONS = ['captivePortal'];

export function manifestFor(browser: Browser, source: Manifest, version: string): Manifest {
  const manifest: Manifest = structuredClone(source);
  manifest.version = version;
  if (browser === 'chrome') {
    delete manifest.browser_specific_settings;
    return manifest;
  }
  const worker = source.background?.service_worker;
  if (!worker) throw new Error('manifest.json must name background.service_worker');
  // Firefox runs MV3 backgrounds as event pages, not service workers.
  manifest.background = { scripts: [worker], type: 'module' };
  manifest.permissions = [...(source.permissions ?? []), ...FIREFOX_ONLY_PERMISSIONS];
  return manifest;
}
