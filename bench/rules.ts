// 4. Rule compile and apply for 10, 100, 1,000 and 5,000 mappings: validation and compile time
// in Node (the pure core, imported as is), updateSessionRules (what Hairpin uses) and
// updateDynamicRules in the browser (rules added under
// IDs outside Hairpin's range, so Hairpin's own reconcile never touches them), the browser's
// limits read from the API, and what Hairpin's own save path does with each size.
import { launchChromium } from '../test/e2e/support/chromium';
import { droppingHandler, healthEndpoint, startServer } from '../test/e2e/support/servers';
import { waitFor } from '../test/e2e/support/poll';
import { compileRules, diffRules, RULE_ID_LIMIT, type RedirectRule } from '../src/core/rule-compiler';
import { validateConfig, formatIssue } from '../src/core/config-validate';
import { LIMITS } from '../src/core/config-schema';
import { armRuleWatch, checkUntilRulesFrom, installedRules, hairpinConfig, helperPage, TOKEN, send } from './browser';
import { epochNow, interleave, log, stats, type BenchOptions, type Row, type Section } from './lib';

function configWith(count: number, probeUrl = 'http://127.0.0.1:9/hairpin') {
  return hairpinConfig(
    probeUrl,
    Array.from({ length: count }, (_, i) => ({
      name: `Service ${i}`,
      external: `https://svc${i}.example.com`,
      internal: `http://svc${i}.home.lan:8096`,
    })),
  );
}

/** Mean time per call of `run`, repeated until at least `minMs` have passed (once at least). */
function timePerCall(run: () => unknown, minMs: number): number {
  let calls = 0;
  const started = performance.now();
  do {
    run();
    calls += 1;
  } while (performance.now() - started < minMs);
  return (performance.now() - started) / calls;
}

export async function rulesSection(options: BenchOptions): Promise<Section> {
  const SIZES = options.sizes;
  // --- Node: validation and compile (pure) ---
  const node: Record<
    number,
    { validate: number[]; compile: number[]; diff: number[]; valid: boolean; errors: string[] }
  > = {};
  const compiled = new Map<number, RedirectRule[]>();
  for (const size of SIZES) {
    const input = configWith(size);
    const result = validateConfig(input);
    // compileRules needs a validated config; past the limit, compile the same shape anyway to time it.
    const config = result.ok ? result.config : (input as unknown as Parameters<typeof compileRules>[0]);
    const rules = compileRules(config, { Home: 'home' });
    compiled.set(size, rules);
    node[size] = {
      validate: [],
      compile: [],
      diff: [],
      valid: result.ok,
      errors: result.ok ? [] : result.errors.map(formatIssue),
    };
  }
  // Interleaved rounds; validateConfig grows quadratically (pairwise overlap checks), so past
  // 100 mappings it is timed in fewer rounds (5,000 takes seconds per call).
  const nodeRounds = Math.max(3, Math.ceil(options.samples / 3));
  await interleave(nodeRounds, SIZES.map(String), options.seed + 4, async (key, roundIndex) => {
    const size = Number(key);
    const input = configWith(size);
    const entry = node[size]!;
    const config = input as unknown as Parameters<typeof compileRules>[0];
    const validateRounds = size <= 100 ? nodeRounds : size <= 1000 ? 3 : 1;
    if (roundIndex < validateRounds)
      entry.validate.push(timePerCall(() => validateConfig(input), size <= 100 ? 20 : 0));
    entry.compile.push(timePerCall(() => compileRules(config, { Home: 'home' }), 20));
    const installed = compileRules(config, { Home: 'away' });
    entry.diff.push(timePerCall(() => diffRules(installed, compiled.get(size)!), 20));
  });

  // --- Browser: limits, rule updates, and Hairpin's own save path ---
  const health = await startServer(healthEndpoint(TOKEN));
  const browser = await launchChromium({}, { extensionDir: options.extensionDir });
  try {
    const api = await helperPage(browser);
    const limits = await api.evaluate(() => {
      const dnr = chrome.declarativeNetRequest as unknown as Record<string, unknown>;
      const out: Record<string, number> = {};
      for (const key of Object.keys(dnr))
        if (/^[A-Z_]+$/.test(key) && typeof dnr[key] === 'number') out[key] = dnr[key];
      return out;
    });

    // Hairpin installs session rules (updateSessionRules); dynamic rules are timed too, as the
    // persistent alternative. Same rules, IDs above Hairpin's range so its reconcile leaves them.
    type Kind = 'session' | 'dynamic';
    const apply: Record<Kind, Record<number, { add: number[]; remove: number[]; error: string | null }>> = {
      session: {},
      dynamic: {},
    };
    for (const kind of ['session', 'dynamic'] as Kind[])
      for (const size of SIZES) apply[kind][size] = { add: [], remove: [], error: null };
    const applyOnce = async (kind: Kind, size: number) => {
      const rules = compiled.get(size)!.map((rule, i) => ({ ...rule, id: RULE_ID_LIMIT + i }));
      const result = await api.evaluate(
        async ({ addRules, kind }) => {
          const dnr = chrome.declarativeNetRequest;
          const update = (options: { addRules?: unknown[]; removeRuleIds?: number[] }) =>
            kind === 'session' ? dnr.updateSessionRules(options) : dnr.updateDynamicRules(options);
          const started = performance.now();
          try {
            await update({ addRules });
          } catch (error) {
            return {
              error: error instanceof Error ? error.message : String(error),
              add: performance.now() - started,
              remove: 0,
            };
          }
          const added = performance.now() - started;
          const removeStarted = performance.now();
          await update({ removeRuleIds: addRules.map((rule) => rule.id) });
          return { error: null, add: added, remove: performance.now() - removeStarted };
        },
        { addRules: rules, kind },
      );
      const entry = apply[kind][size]!;
      entry.error = result.error;
      entry.add.push(result.add);
      if (!result.error) entry.remove.push(result.remove);
    };
    const cells = SIZES.flatMap((size) => [`session|${size}`, `dynamic|${size}`]);
    const runCell = (cell: string) => {
      const [kind, size] = cell.split('|') as [Kind, string];
      return applyOnce(kind, Number(size));
    };
    for (const cell of cells) await runCell(cell); // warm-up
    for (const kind of ['session', 'dynamic'] as Kind[])
      for (const size of SIZES) Object.assign(apply[kind][size]!, { add: [], remove: [] });
    const browserRounds = Math.max(2, Math.ceil(options.samples / 3));
    log(`rules: ${cells.length} cells × ${browserRounds} applies in the browser, ${nodeRounds} rounds in Node`);
    await interleave(browserRounds, cells, options.seed + 5, runCell);

    // Hairpin's own path for each size: saveConfig (validate, store, reconcile) with Home forced,
    // until the worker sees all the rules. Once per size: it rewrites storage each time.
    const save: Record<number, { ms: number; ok: boolean; errors: string[]; store?: string }> = {};
    // Every engine step loads (and validates) the stored config: what a request costs per size.
    const engine: Record<number, { getState: number[]; toAway: number[]; toHome: number[] }> = {};
    const probeUrl = `http://127.0.0.1:${health.port}/hairpin`;
    await send(browser, { type: 'saveConfig', config: configWith(1, probeUrl) });
    const engineRounds = Math.max(2, Math.ceil(options.samples / 6));
    for (const size of SIZES) {
      health.setHandler(healthEndpoint(TOKEN));
      await send(browser, { type: 'setMode', network: 'Home', mode: 'home' });
      const started = performance.now();
      const reply = await send<{ ok: boolean; errors?: { path: string; message: string }[] }>(browser, {
        type: 'saveConfig',
        config: configWith(size, probeUrl),
      });
      if (!reply.ok) {
        save[size] = { ms: performance.now() - started, ok: false, errors: (reply.errors ?? []).map(formatIssue) };
        continue;
      }
      await waitFor(
        async () => (await installedRules(browser)).filter((rule) => rule.id < RULE_ID_LIMIT).length === size,
        {
          timeoutMs: 60_000,
          intervalMs: 5,
          message: `${size} Hairpin rules installed`,
        },
      );
      const state = await send<{ configStore: string }>(browser, { type: 'getState' });
      save[size] = { ms: performance.now() - started, ok: true, errors: [], store: state.configStore };

      log(`rules: ${size} mappings, ${engineRounds} rounds of getState and Check now flips`);
      await send(browser, { type: 'setMode', network: 'Home', mode: 'auto' });
      await checkUntilRulesFrom(browser, 'svc0.example.com', 60_000);
      const entry: { getState: number[]; toAway: number[]; toHome: number[] } = {
        getState: [],
        toAway: [],
        toHome: [],
      };
      engine[size] = entry;
      const flip = async (to: 'away' | 'home') => {
        health.setHandler(to === 'home' ? healthEndpoint(TOKEN) : droppingHandler);
        const watch = await armRuleWatch(browser, to === 'home' ? 'svc0.example.com' : 'svc0.home.lan', 60_000, 5);
        const startedAt = epochNow();
        await send(browser, { type: 'checkNow' });
        return (await watch.collect()) - startedAt;
      };
      for (let r = 0; r < engineRounds; r++) {
        const t0 = performance.now();
        await send(browser, { type: 'getState' });
        entry.getState.push(performance.now() - t0);
        entry.toAway.push(await flip('away'));
        entry.toHome.push(await flip('home'));
      }
    }

    const rows: Row[] = [];
    for (const size of SIZES) {
      const n = node[size]!;
      rows.push({
        section: 'rules',
        measure: `${size} mappings: compileRules in Node`,
        unit: 'ms',
        ...stats(n.compile),
      });
      rows.push({
        section: 'rules',
        measure: `${size} mappings: validateConfig in Node`,
        unit: 'ms',
        ...stats(n.validate),
        ...(n.valid ? {} : { note: `refused: ${n.errors.join('; ')}` }),
      });
      for (const kind of ['session', 'dynamic'] as Kind[]) {
        const entry = apply[kind][size]!;
        rows.push({
          section: 'rules',
          measure: `${size} mappings: ${kind === 'session' ? 'updateSessionRules (what Hairpin uses)' : 'updateDynamicRules'} add, in Chromium`,
          unit: 'ms',
          ...stats(entry.add),
          ...(entry.error ? { note: `browser refused: ${entry.error}` } : {}),
        });
      }
      const saved = save[size]!;
      rows.push({
        section: 'rules',
        measure: saved.ok
          ? `${size} mappings: Hairpin saveConfig → all rules installed`
          : `${size} mappings: Hairpin saveConfig → refusal`,
        unit: 'ms',
        n: 1,
        median: saved.ms,
        p95: saved.ms,
        note: saved.ok ? `config stored in ${saved.store}` : `refused: ${saved.errors.join('; ')}`,
      });
    }
    for (const size of SIZES) {
      const entry = engine[size];
      if (!entry) continue;
      rows.push(
        {
          section: 'rules',
          measure: `${size} mappings: getState round trip (loads + validates the config)`,
          unit: 'ms',
          ...stats(entry.getState),
        },
        {
          section: 'rules',
          measure: `${size} mappings: Check now → rules switched to Away`,
          unit: 'ms',
          ...stats(entry.toAway),
          note: 'endpoint drops; one re-probe',
        },
        {
          section: 'rules',
          measure: `${size} mappings: Check now → rules switched to Home`,
          unit: 'ms',
          ...stats(entry.toHome),
        },
      );
    }
    const table = [
      [
        'mappings',
        'validate (Node)',
        'compile (Node)',
        'diff (Node)',
        'add session rules',
        'remove session rules',
        'add dynamic rules',
        'Hairpin save → rules',
        'outcome',
      ],
    ];
    for (const size of SIZES) {
      const n = node[size]!;
      const session = apply.session[size]!;
      const dynamic = apply.dynamic[size]!;
      const fmt = (values: number[], error: string | null = null) =>
        error
          ? `refused after ${stats(values).median.toFixed(1)} ms`
          : values.length
            ? `${stats(values).median.toFixed(2)} ms`
            : '–';
      const refusals = [
        session.error && `session: ${session.error}`,
        dynamic.error && `dynamic: ${dynamic.error}`,
      ].filter(Boolean);
      table.push([
        String(size),
        fmt(n.validate),
        fmt(n.compile),
        fmt(n.diff),
        fmt(session.add, session.error),
        fmt(session.remove),
        fmt(dynamic.add, dynamic.error),
        `${save[size]!.ms.toFixed(0)} ms${save[size]!.ok ? '' : ' (refused)'}`,
        [n.valid ? 'validateConfig accepts' : 'validateConfig refuses', ...refusals].join('; '),
      ]);
    }
    const limitTable = [['chrome.declarativeNetRequest constant', 'value']];
    for (const [key, value] of Object.entries(limits).sort()) limitTable.push([key, String(value)]);
    limitTable.push(['Hairpin LIMITS.enabledMappings (config-schema.ts)', String(LIMITS.enabledMappings)]);
    return {
      name: 'rules',
      title: 'Rule compile and apply',
      rows,
      details: [
        { title: 'Rules: compile and apply by size (medians)', table },
        { title: 'Rules: browser limits (chrome.declarativeNetRequest constants)', table: limitTable },
      ],
      facts: {
        limits,
        node,
        apply,
        save,
        engine,
        validationErrors: Object.fromEntries(SIZES.map((size) => [size, node[size]!.errors])),
      },
    };
  } finally {
    await browser.close();
    await health.close();
  }
}

declare const chrome: {
  declarativeNetRequest: {
    updateDynamicRules(options: { addRules?: unknown[]; removeRuleIds?: number[] }): Promise<void>;
    updateSessionRules(options: { addRules?: unknown[]; removeRuleIds?: number[] }): Promise<void>;
  };
};
