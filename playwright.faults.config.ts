import { defineConfig } from '@playwright/test';
import e2e from './playwright.config.js';

/**
 * The fault suite's browser half (`test/faults/**\/*.spec.ts`): real shoppers and consultants in
 * Chromium against a stack of its own, whose processes the tests kill, starve and cut off.
 * The node:test half (`*.test.ts`) is run by scripts/test.ts beside it.
 */
export default defineConfig({
  testDir: 'test/faults',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/faults/process/support/fault-stack.ts',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  // One stack; a test that kills a process must have it to itself.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: e2e.reporter,
  outputDir: 'test-results/faults',
  // The same browsers as the end-to-end suite: system Chromium, fake camera and microphone.
  use: e2e.use,
});
