import { defineConfig } from '@playwright/test';
import e2e from './playwright.config.js';

/**
 * End-to-end on the scaled-out stack (`test/e2e/cluster/`): two Vitrina servers behind the
 * balancer, two LiveKit nodes, PostgreSQL and Redis, the same browsers as the end-to-end suite.
 */
export default defineConfig({
  testDir: 'test/e2e/cluster',
  globalSetup: './test/e2e/cluster/cluster-setup.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // One stack; a test that kills a server must have it to itself.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: e2e.reporter,
  outputDir: 'test-results/e2e-cluster',
  use: e2e.use,
});
