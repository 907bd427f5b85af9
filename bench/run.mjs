// `npm run bench` entry. The benchmark is TypeScript so that it can reuse test/e2e/support and
// the pure core in src/ as they are; vite's runnerImport (the module runner vite uses for its
// own config files) transpiles it on the fly, with no extra dependency and no build step.
//
//   node bench/run.mjs [--samples N] [--out DIR] [--hang-cap-ms MS] [--hang-samples N]
//                      [--tunnel-delay-ms MS] [--sizes 10,100,1000,5000]
//                      [--only redirect,detection,rescue,rules,tunnel,footprint,popup] [--seed N]
// Environment variables BENCH_SAMPLES, BENCH_OUT, BENCH_HANG_CAP_MS, BENCH_HANG_SAMPLES,
// BENCH_TUNNEL_DELAY_MS, BENCH_SIZES, BENCH_ONLY and BENCH_SEED do the same; flags win.
// It measures the extension as built in dist/chrome (npm run bench builds it first).
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

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
