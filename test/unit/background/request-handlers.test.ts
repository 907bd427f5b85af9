import { describe, expect, it } from 'vitest';
import { handleRequest, requestHandlers, type RequestHandlerDeps } from '../../../src/background/request-handlers';
import type { ProbeRequest } from '../../../src/browser/probe-fetch';
import type { Engine } from '../../../src/background/engine';
import { SIDE_CHECK_TIMEOUT_MS } from '../../../src/core/side-check';
import { answered } from '../../support/hairpin-state';

function handlersWith(probed: ProbeRequest[]) {
  const engine = {
    testProbe: async (request: ProbeRequest) => {
      probed.push(request);
      return {
        outcome: { kind: 'response', status: 200, latencyMs: 3, tokenFound: null, redirected: false } as const,
        verdict: answered(3, 0),
      };
    },
  } as unknown as Engine;
  const unused = () => Promise.reject(new Error('not used here'));
  const deps: RequestHandlerDeps = {
    engine,
    fetcher: { fetchNow: unused },
    setSecureConsent: unused,
    exportSetAside: unused,
    dismissSetAside: unused,
    conflictBackups: { export: unused, restore: unused, dismiss: unused },
    syncFile: { set: unused, changePassphrase: unused, clear: unused, syncNow: unused },
    testSyncFile: unused,
  };
  return requestHandlers(deps);
}

describe('testSides', () => {
  it('fetches the top of each side with the short timeout and no token', async () => {
    const probed: ProbeRequest[] = [];
    const reply = await handleRequest(handlersWith(probed), {
      type: 'testSides',
      external: 'https://example.com/photos',
      internal: 'http://192.168.1.30:2342',
    });
    expect(probed).toEqual([
      { url: 'https://example.com/photos/', timeoutMs: SIDE_CHECK_TIMEOUT_MS },
      { url: 'http://192.168.1.30:2342/', timeoutMs: SIDE_CHECK_TIMEOUT_MS },
    ]);
    expect(reply).toMatchObject({ external: { ok: true }, internal: { ok: true } });
  });

  it('fetches nothing for an address that is not a mapping side, and says why', async () => {
    const probed: ProbeRequest[] = [];
    const reply = await handleRequest(handlersWith(probed), {
      type: 'testSides',
      external: 'https://user:pw@example.com',
      internal: 'file:///etc/passwd',
    });
    expect(probed).toEqual([]);
    expect(reply).toEqual({
      external: { ok: false, error: 'credentials (user:password@) are not allowed in URLs' },
      internal: { ok: false, error: 'scheme "file:" is not allowed; use http or https' },
    });
  });
});
