import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium.js';

export default defineConfig({
  testDir: 'test/e2e',
  // The scaled-out stack, the production stack and Firefox have configs of their own (playwright.{cluster,internet,firefox}.config.ts);
  // WebKit's files are not *.spec.ts. Firefox here too would run it in e2e and e2e-postgres again.
  testIgnore: ['cluster/**', 'internet/**', 'firefox/**'],
  // On PostgreSQL (e2e-postgres) only the tests tagged @store: what the owner and consultant read
  // back from the store, and a restart. Every server test runs on PostgreSQL too (server-postgres),
  // and the scaled-out stack's browsers (e2e-cluster) run on it; the rest exercise browsers and
  // the SFU, which the store plays no part in, and the suite's time is a budget.
  ...(process.env.VITRINA_TEST_POSTGRES_URL ? { grep: /@store/ } : {}),
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  // One stack (one LiveKit, one server) serves every test; tests run one at a time against it.
  workers: 1,
  fullyParallel: false,
  // One more try for a test that failed, so that one slow moment of a loaded CI machine does not
  // sink the run; `npm test` counts and names every flaky test, so none goes unseen.
  retries: 1,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    launchOptions: chromiumLaunchOptions,
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
