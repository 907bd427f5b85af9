// The options page's draft and its auto-save: every valid draft that differs from the saved
// config is saved ~300 ms after the last edit, saves run one after the other (each names the
// config it replaces), the last keystrokes are saved when the page is left, and a config changed
// elsewhere while the draft has unsaved edits pauses auto-save until the user chose.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Config } from '../core/config-schema';
import { formatIssue, validateConfig, type ConfigIssue } from '../core/config-validate';
import { configFromDraft, draftFromConfig, type Draft } from '../core/config-draft';
import { errorMessage } from '../core/error-message';
import { stableJson } from '../core/stable-json';
import { useApp } from '../ui/services';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saved' }
  | { kind: 'invalid'; count: number }
  | { kind: 'failed'; message: string }
  /** The configuration changed elsewhere while the draft had unsaved edits: the user chooses first. */
  | { kind: 'paused' };

/** What replacing the whole configuration (an import, its undo, the setup) came to. */
export type ReplaceResult = { ok: true; previous: Config | null } | { ok: false; errors: ConfigIssue[] };

/** Key order aside: the background may hand back an equal config with its keys reordered. */
function sameConfig(a: Config | null, b: Config | null): boolean {
  return a !== null && b !== null && stableJson(a) === stableJson(b);
}

export interface AutoSaveOptions {
  /** Quiet time after the last keystroke before a valid draft is saved. */
  debounceMs: number;
  /** Called whenever a config replaces the draft (the first load, a change taken in, an import…). */
  onLoad: () => void;
}

export function useAutoSave({ debounceMs, onLoad }: AutoSaveOptions) {
  const { client } = useApp();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  /**
   * A config the background took on elsewhere (sync, config URL, another tab) while this page had
   * unsaved edits. Auto-save waits until the user loads it or keeps their edits over it.
   */
  const [elsewhere, setElsewhere] = useState<Config | null>(null);

  /** The config the background holds, as far as this page knows: what the draft is based on. */
  const saved = useRef<Config | null>(null);
  /** True once the user changed the draft: loading a config never saves it back. */
  const edited = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<Config | null>(null);
  const saveSeq = useRef(0);
  /** `elsewhere`, for the callbacks. */
  const elsewhereRef = useRef<Config | null>(null);
  /** The config of the save in flight, if any. */
  const sending = useRef<Config | null>(null);
  /** Saves run one after the other: each names the config it replaces, the one before it. */
  const saving = useRef<Promise<void>>(Promise.resolve());
  /** Set by "Keep my edits": the next valid draft is saved without waiting for the debounce. */
  const saveAtOnce = useRef(false);
  const loaded = useRef(onLoad);
  loaded.current = onLoad;

  const validation = useMemo(() => (draft ? validateConfig(configFromDraft(draft)) : null), [draft]);
  const latestValidation = useRef(validation);
  latestValidation.current = validation;

  const setChangedElsewhere = useCallback((config: Config | null) => {
    elsewhereRef.current = config;
    setElsewhere(config);
  }, []);

  const load = useCallback(
    (config: Config) => {
      saved.current = config;
      edited.current = false;
      setChangedElsewhere(null);
      setDraft(draftFromConfig(config));
      loaded.current();
    },
    [setChangedElsewhere],
  );

  const cancelPending = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
  }, []);

  /** Stops auto-saving until the user chose between `config` (changed elsewhere) and their edits. */
  const pause = useCallback(
    (config: Config) => {
      cancelPending();
      setChangedElsewhere(config);
    },
    [cancelPending, setChangedElsewhere],
  );

  const persist = useCallback(
    (config: Config) => {
      const seq = ++saveSeq.current;
      pending.current = null;
      const run = saving.current.then(async () => {
        if (elsewhereRef.current) return; // paused meanwhile: the user decides
        sending.current = config;
        try {
          // `base`: the background saves nothing if its config is no longer the one this draft
          // started from, rather than undo a change this page has not seen yet.
          const result = await client({ type: 'saveConfig', config, base: saved.current ?? undefined });
          if (result.ok) saved.current = config;
          else if (result.changedElsewhere) {
            pause(result.changedElsewhere);
            return;
          }
          if (seq !== saveSeq.current) return;
          setStatus(
            result.ok ? { kind: 'saved' } : { kind: 'failed', message: result.errors.map(formatIssue).join('; ') },
          );
        } catch (error) {
          if (seq === saveSeq.current) setStatus({ kind: 'failed', message: errorMessage(error) });
        } finally {
          sending.current = null;
        }
      });
      saving.current = run.catch(() => undefined);
      return run;
    },
    [client, pause],
  );

  /** Saves a valid draft still waiting for its debounce now (before an import, or on leaving). */
  const flush = useCallback(async () => {
    const config = pending.current;
    if (!config) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    await persist(config);
  }, [persist]);

  // Auto-save: every valid draft that differs from the saved config, ~300 ms after the last edit;
  // none while the configuration changed elsewhere waits for the user's choice.
  useEffect(() => {
    if (!validation || !edited.current) return;
    cancelPending();
    if (elsewhere) {
      saveSeq.current += 1; // a save still in flight must not report "Saved" over this
      setStatus({ kind: 'paused' });
      return;
    }
    const atOnce = saveAtOnce.current;
    saveAtOnce.current = false;
    if (!validation.ok) {
      saveSeq.current += 1; // a save still in flight must not report "Saved" over this
      setStatus({ kind: 'invalid', count: validation.errors.length });
      return;
    }
    if (sameConfig(validation.config, saved.current)) {
      setStatus((previous) => (previous.kind === 'saved' ? previous : { kind: 'saved' }));
      return;
    }
    setStatus({ kind: 'pending' });
    pending.current = validation.config;
    if (atOnce) void flush();
    else timer.current = setTimeout(() => void flush(), debounceMs);
  }, [validation, elsewhere, debounceMs, flush, cancelPending]);

  // Leaving the page (tab closed, switched away) must not drop the last keystrokes.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush]);

  /**
   * Takes the config of a fresh state from the background. A config changed elsewhere (another
   * window, a sync, the config URL) replaces the form's when this page has no unsaved edits; with
   * unsaved edits, auto-save pauses and the user chooses.
   */
  const adopt = useCallback(
    (incoming: Config) => {
      if (sameConfig(incoming, saved.current)) {
        // Nothing changed, or it changed back: nothing to choose any more.
        if (elsewhereRef.current) setChangedElsewhere(null);
        return;
      }
      if (sameConfig(incoming, sending.current)) return; // this page's own save, landing
      const current = latestValidation.current;
      if (current?.ok && sameConfig(current.config, incoming)) {
        // The background already holds what the form shows (the same edit, made elsewhere too).
        saved.current = incoming;
        if (elsewhereRef.current) setChangedElsewhere(null);
        if (pending.current) {
          cancelPending();
          setStatus({ kind: 'saved' });
        }
        return;
      }
      const clean = !pending.current && (!edited.current || (current?.ok && sameConfig(current.config, saved.current)));
      if (clean) load(incoming);
      else pause(incoming);
    },
    [load, pause, cancelPending, setChangedElsewhere],
  );

  /** A change of the user's to the draft: from now on, valid drafts are saved. */
  const edit = useCallback((next: (draft: Draft) => Draft) => {
    edited.current = true;
    setDraft((previous) => (previous ? next(previous) : previous));
  }, []);

  /**
   * Saves `config` in place of the whole configuration (an import, its undo, the setup wizard)
   * and loads it into the form. A draft waiting for its debounce is saved first, so `previous`
   * (what Undo brings back) includes the last keystrokes.
   */
  const replaceConfig = async (config: Config): Promise<ReplaceResult> => {
    await flush();
    cancelPending();
    const previous = saved.current;
    const result = await client({ type: 'saveConfig', config });
    if (!result.ok) return { ok: false, errors: result.errors };
    saveSeq.current += 1;
    load(config);
    setStatus({ kind: 'saved' });
    return { ok: true, previous };
  };

  /** "Load the new configuration": the edits on this page are discarded. False if there is none. */
  const loadElsewhere = (): boolean => {
    const config = elsewhereRef.current;
    if (!config) return false;
    cancelPending();
    saveSeq.current += 1;
    load(config);
    setStatus({ kind: 'idle' });
    return true;
  };

  /** "Keep my edits": they are saved over the configuration changed elsewhere (once valid). */
  const keepEdits = (): boolean => {
    const config = elsewhereRef.current;
    if (!config) return false;
    // The draft now replaces that config: the next save names it as the one it replaces.
    saved.current = config;
    saveAtOnce.current = true;
    setChangedElsewhere(null); // auto-save resumes, at once for this save
    return true;
  };

  return {
    draft,
    validation,
    status,
    /** The config changed elsewhere that waits for the user's choice, if any. */
    elsewhere,
    /** The config the draft is based on (null before the first load). */
    savedConfig: () => saved.current,
    /** Resolves once the saves in flight have landed. */
    settled: () => saving.current,
    edit,
    adopt,
    flush,
    replaceConfig,
    loadElsewhere,
    keepEdits,
  };
}

export type AutoSave = ReturnType<typeof useAutoSave>;
