// The background's answer to each request from Hairpin's pages. The map is typed by the
// protocol (core/messages.ts): a request type without a handler, or a handler whose reply is not
// the one ResponseMap names, does not compile.
import * as v from 'valibot';
import { PROBE_TIMEOUT, probeUrlProblem } from '../core/config-schema';
import { SIDE_CHECK_TIMEOUT_MS, type SideCheck } from '../core/side-check';
import { parseSide, urlOnSide } from '../core/side';
import { RequestSchema, type HairpinState, type RequestHandlers, type SetAside } from '../core/messages';
import type { ConfigFetcher } from './config-fetcher';
import type { Engine } from './engine';
import type { SyncFileService } from './sync-file-service';
import type { SyncFileCheck } from '../core/messages';

export interface RequestHandlerDeps {
  engine: Engine;
  fetcher: Pick<ConfigFetcher, 'fetchNow'>;
  setSecureConsent(mapping: string, allowed: boolean): Promise<HairpinState>;
  exportSetAside(kind: SetAside['kind']): Promise<string | null>;
  dismissSetAside(kind: SetAside['kind']): Promise<boolean>;
  conflictBackups: {
    export(id: string): Promise<string | null>;
    restore(id: string): Promise<{ ok: true } | { ok: false; error: string }>;
    dismiss(id: string): Promise<boolean>;
  };
  syncFile: Pick<SyncFileService, 'set' | 'changePassphrase' | 'clear' | 'syncNow'>;
  testSyncFile(input: { url: string; username: string; password?: string | undefined }): Promise<SyncFileCheck[]>;
}

export function requestHandlers(deps: RequestHandlerDeps): RequestHandlers {
  const { engine } = deps;
  return {
    getState: () => engine.getState(),
    setMode: (request) => engine.setMode(request.network, request.mode, request.pinned ?? false),
    checkNow: () => engine.probeAll({ fresh: true }),
    setSecureConsent: (request) => deps.setSecureConsent(request.mapping, request.allowed),
    fetchConfig: async () => {
      await deps.fetcher.fetchNow(await engine.getState());
      return engine.getState();
    },
    // A page's save is a click in this browser: it approves what it adds or changes.
    saveConfig: (request) => engine.saveConfig(request.config, 'here', request.base),
    reviewPending: (request) => engine.review(request.ids, request.verdict),
    testProbe: async ({ probe }) => {
      const problem = probeUrlProblem(probe.url);
      if (problem) return { ok: false, error: `probe URL ${problem}` };
      const result = await engine.testProbe({ ...probe, timeoutMs: probe.timeoutMs ?? PROBE_TIMEOUT.default });
      return { ok: true, ...result };
    },
    testSides: async (request) => {
      const check = async (text: string): Promise<SideCheck> => {
        const side = parseSide(text);
        if (!side.ok) return { ok: false, error: side.message };
        // The top of the side, as a user would open it: `https://host/prefix/`.
        const url = urlOnSide(side.side, '/');
        return { ok: true, outcome: (await engine.testProbe({ url, timeoutMs: SIDE_CHECK_TIMEOUT_MS })).outcome };
      };
      const [external, internal] = await Promise.all([check(request.external), check(request.internal)]);
      return { external, internal };
    },
    exportSetAside: (request) => deps.exportSetAside(request.kind),
    dismissSetAside: async (request) => {
      await deps.dismissSetAside(request.kind);
      return engine.getState();
    },
    exportConflictBackup: (request) => deps.conflictBackups.export(request.id),
    restoreConflictBackup: async (request) => {
      const result = await deps.conflictBackups.restore(request.id);
      return result.ok ? { ok: true, state: await engine.getState() } : result;
    },
    dismissConflictBackup: async (request) => {
      await deps.conflictBackups.dismiss(request.id);
      return engine.getState();
    },
    setSyncFile: async ({ type: _type, ...input }) => {
      const result = await deps.syncFile.set(input);
      return result.ok ? { ok: true, state: await engine.getState() } : result;
    },
    changeSyncPassphrase: async ({ passphrase }) => {
      const result = await deps.syncFile.changePassphrase(passphrase);
      return result.ok ? { ok: true, state: await engine.getState() } : result;
    },
    clearSyncFile: async () => {
      await deps.syncFile.clear();
      return engine.getState();
    },
    syncNow: async () => {
      await deps.syncFile.syncNow();
      return engine.getState();
    },
    testSyncFile: ({ type: _type, ...input }) => deps.testSyncFile(input),
  };
}

/** Validates a message against the protocol, then runs its handler; a malformed one is refused. */
export async function handleRequest(handlers: RequestHandlers, message: unknown): Promise<unknown> {
  const parsed = v.safeParse(RequestSchema, message);
  if (!parsed.success) throw new Error('Hairpin: malformed request');
  const request = parsed.output;
  // Each handler takes its own request type; TypeScript cannot correlate the two through the union.
  const handler = handlers[request.type] as (request: typeof parsed.output) => Promise<unknown>;
  return handler(request);
}
