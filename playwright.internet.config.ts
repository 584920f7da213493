import { defineConfig } from '@playwright/test';
import faults from './playwright.faults.config.js';

/**
 * On the internet (`test/e2e/internet/`): the production stack behind Caddy with its own CA, and
 * a shopper's Chromium in a network namespace behind firewalls. Each test launches its own
 * browsers (they must trust the CA and sit in the namespace), so Playwright's default browser
 * settings are not used; one worker, as the tests share one stack and one namespace.
 */
export default defineConfig({
  ...faults,
  testDir: 'test/e2e/internet',
  globalSetup: './test/e2e/internet/internet-setup.ts',
  outputDir: 'test-results/e2e-internet',
  // Real ICE over real firewalls picks among racing pairs: a failed test is tried once more and
  // still reported as flaky.
  retries: 1,
});
