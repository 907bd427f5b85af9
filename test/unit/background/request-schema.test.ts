// The background's door: a request is checked against the protocol before any handler runs.
import { describe, expect, it } from 'vitest';
import { handleRequest } from '../../../src/background/request-handlers';
import type { RequestHandlers } from '../../../src/core/messages';

describe('handleRequest refuses what is not the protocol', () => {
  function handlers() {
    const ran: unknown[] = [];
    const record = async (request: unknown) => {
      ran.push(request);
      return null;
    };
    return { ran, handlers: new Proxy({}, { get: () => record }) as RequestHandlers };
  }

  it('refuses a test probe with an unbounded timeout before it runs (at most 10 s, as a stored probe)', async () => {
    const { ran, handlers: all } = handlers();
    for (const timeoutMs of [1e9, 50, 1500.5, Infinity]) {
      await expect(
        handleRequest(all, { type: 'testProbe', probe: { url: 'http://192.168.1.10/h', timeoutMs } }),
      ).rejects.toThrow(/malformed request/);
    }
    expect(ran).toEqual([]);
    await handleRequest(all, { type: 'testProbe', probe: { url: 'http://192.168.1.10/h', timeoutMs: 10_000 } });
    expect(ran).toHaveLength(1);
  });

  it('refuses anything that is not a request of the protocol', async () => {
    const { ran, handlers: all } = handlers();
    for (const message of [null, 'getState', { type: 'evalCode' }, { type: 'setMode', network: 1, mode: 'home' }]) {
      await expect(handleRequest(all, message)).rejects.toThrow(/malformed request/);
    }
    expect(ran).toEqual([]);
  });
});
