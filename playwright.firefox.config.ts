import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

/**
 * End-to-end with Firefox (`test/e2e/firefox/`): Debian's Firefox ESR, driven by puppeteer-core over
 * WebDriver BiDi (Playwright cannot drive it), on one side of each call, and Playwright's Chromium
 * on the other. The same stack as the end-to-end suite (its global setup), one test at a time.
 */
export default defineConfig({
  ...base,
  testDir: 'test/e2e/firefox',
  testIgnore: [],
  // A Firefox call goes through more (a page move, a rejoin, a rating) than one Chromium test does.
  timeout: 150_000,
  workers: 1,
  fullyParallel: false,
  outputDir: 'test-results/e2e-firefox',
});
