import { defineConfig } from 'vitest/config';

/**
 * Test tiers. `npm test` runs them all; `npx vitest --project unit` runs one.
 * - unit: pure functions, no I/O (`*.spec.ts`)
 * - medium: real repositories on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set (`*.medium.spec.ts`)
 * - e2e-api: a started server on 127.0.0.1, driven over HTTP (`e2e/api/*.e2e.ts`)
 * - e2e-web: the built web app in headless Chromium through playwright-core (`e2e/web/*.e2e.ts`)
 */
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/server/src/**/*.spec.ts', 'packages/*/src/**/*.spec.ts', 'apps/web/src/**/*.spec.ts', 'bench/**/*.spec.ts'],
          exclude: ['**/*.medium.spec.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'medium',
          include: ['apps/server/src/**/*.medium.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e-api',
          include: ['e2e/api/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e-web',
          include: ['e2e/web/**/*.e2e.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
