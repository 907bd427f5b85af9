// `npm run bench` entry. The benchmark is TypeScript so that it can reuse test/e2e/support and
// the pure core in src/ as they are; vite's runnerImport (the module runner vite uses for its
// own config files) transpiles it on the fly, with no extra dependency and no build step.
//
//   node bench/run.mjs [--samples N] [--out DIR] [--hang-cap-ms MS] [--hang-samples N]
//                      [--tunnel-delay-ms MS] [--sizes 10,100,1000,5000]
//                      [--only redirect,floor,detection,rescue,rules,tunnel,footprint,firefox,popup]
//                      [--seed N]
//                      [--floor-runs N] [--floor-worker both|awake|asleep] [--floor-mode both|forced|auto]
//                      [--floor-reference static|listening|listening-start] [--chrome-extension DIR]
// Environment variables BENCH_SAMPLES, BENCH_OUT, BENCH_HANG_CAP_MS, BENCH_HANG_SAMPLES,
// BENCH_TUNNEL_DELAY_MS, BENCH_SIZES, BENCH_ONLY, BENCH_SEED, BENCH_FLOOR_RUNS, BENCH_FLOOR_WORKER,
// BENCH_FLOOR_MODE, BENCH_FLOOR_REFERENCE and BENCH_CHROME_EXTENSION do the same; flags win. E.g. the floor study alone:
//   node bench/run.mjs --only floor --samples 60 --floor-runs 5
// It measures the extension as built in dist/chrome and dist/firefox (npm run bench builds them
// first); --chrome-extension measures another Chromium build (a variant) instead.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

// The Firefox section speaks WebDriver BiDi over the global WebSocket: Node 20 has it behind a flag.
if (typeof WebSocket === 'undefined') {
  const again = spawnSync(process.execPath, ['--experimental-websocket', ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
let code = 0;
try {
  await module.main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  code = 1;
}
// Exit even if a browser or socket left behind by a failure would keep the event loop alive.
process.exit(code);
