import { defineConfig } from '@playwright/test';
import e2e from './playwright.config.js';

/**
 * The WebKit suite (`e2e-webkit`, test/e2e/webkit/): the shopper's widget in Debian's WebKitGTK
 * (MiniBrowser through WebKitWebDriver on Xvfb), which Playwright cannot launch, so the tests
 * drive it with a small WebDriver client (test/support/webdriver.ts) from Playwright's runner,
 * against the same stack as the end-to-end suite. Files are `*.webkit.ts`, so the Chromium
 * suite (testDir test/e2e) never picks them up.
 */
export default defineConfig({
  testDir: 'test/e2e/webkit',
  testMatch: '**/*.webkit.ts',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One stack and one Xvfb: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: e2e.reporter,
  outputDir: 'test-results/e2e-webkit',
});
