// The permissions adapter where permissions.request is missing (Firefox for Android, per MDN
// browser-compat-data) and where it is there.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  permissions: {} as { request?: (query: unknown) => Promise<boolean>; contains: () => Promise<boolean> },
}));
vi.mock('../../../src/browser/api', () => ({ browser: { permissions: fake.permissions } }));

const permissions = await import('../../../src/browser/permissions');

beforeEach(() => {
  fake.permissions.contains = async () => false;
  fake.permissions.request = vi.fn(async () => true);
});

describe('permissions adapter', () => {
  it('asks through permissions.request where it exists', async () => {
    expect(permissions.canRequestPermissions()).toBe(true);
    expect(await permissions.requestHostAccess()).toBe(true);
    expect(await permissions.requestCookieAccess()).toBe(true);
    expect(fake.permissions.request).toHaveBeenCalledWith({ permissions: ['cookies'] });
  });

  it('without permissions.request, each request fails with where the user grants the access instead', async () => {
    delete fake.permissions.request;
    expect(permissions.canRequestPermissions()).toBe(false);
    const where = 'Turn it on in the browser instead: Menu → Add-ons (or Extensions) → Hairpin → Permissions.';
    await expect(permissions.requestHostAccess()).rejects.toThrow(
      `This browser cannot ask for access to websites from Hairpin’s pages. ${where}`,
    );
    await expect(permissions.requestCookieAccess()).rejects.toThrow(`cannot ask for cookie access`);
    await expect(permissions.requestOrigins(['http://nas.lan/*'])).rejects.toThrow(where);
  });
});
