import { defineConfig } from 'vitest/config';

/**
 * unit: no bus, no root. integration: private buses, simulators, real snapperd (root).
 * contract: the same scenario against real snapperd and the simulator. e2e runs separately (Playwright).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/contract/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
