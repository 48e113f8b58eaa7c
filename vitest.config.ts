import { defineConfig } from 'vitest/config';
import { beginTestRun } from './test/harness/test-run.js';

// Before any worker starts, so every process of the run inherits the marker and the temp root.
beginTestRun();

/**
 * unit: no bus, no root. integration: private buses, simulators, real snapperd (root).
 * contract: the same scenario against real snapperd and the simulator.
 * e2e: `kairn serve --demo` driven by Playwright (playwright-core) in Debian's Chromium.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/harness/leak-check.ts'],
    reporters: ['default', './test/harness/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/specs/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
