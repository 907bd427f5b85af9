import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Three tiers: pure modules and adapters with fakes (node), preact views (happy-dom), and the
// built extension in real browsers (e2e, one file at a time: 2 shared cores).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [preact()],
        test: { name: 'components', include: ['test/components/**/*.test.tsx'], environment: 'happy-dom' },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The Firefox tests speak WebDriver BiDi over the global WebSocket, behind a flag on Node 20.
          execArgv: typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [],
        },
      },
    ],
  },
});
