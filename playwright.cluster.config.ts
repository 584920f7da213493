import { defineConfig } from '@playwright/test';
import faults from './playwright.faults.config.js';

/**
 * End-to-end on the scaled-out stack (`test/e2e/cluster/`): two Vitrina servers behind the
 * balancer, two LiveKit nodes, PostgreSQL and Redis. Run like the fault suite (it kills
 * processes too): one worker, long timeouts, the end-to-end suite's browsers.
 */
export default defineConfig({
  ...faults,
  testDir: 'test/e2e/cluster',
  globalSetup: './test/e2e/cluster/cluster-setup.ts',
  outputDir: 'test-results/e2e-cluster',
});
