import { defineConfig } from 'vitest/config';

// Suites, run one by one by scripts/test.sh: unit (pure, fast), e2e (real services, one file at
// a time because they share /etc/hosts and /etc/docker/certs.d), ui (Chromium), and leftovers
// (after all the others: the machine is as it was before the run).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/build-once.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.ts'],
          globalSetup: ['test/build-once.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'leftovers',
          include: ['test/leftovers/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
