import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/system/ensure-system-tools.js';
import { serveBundle } from '../serve-bundle.js';
import type { CameraSent, PublisherConfig } from './publisher-page.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Chromium with a fake camera, microphone and screen, as the guide's flags give them; `extraArgs` can mark it for finding its process. */
export function launchPublisherBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      ...extraArgs,
    ],
  });
}

export interface Publisher {
  page: Page;
  startScreen(): Promise<void>;
  stopScreen(): Promise<void>;
  leave(): Promise<void>;
  cameraSent(): Promise<CameraSent>;
}

/** Opens a page in its own context that joins a room and publishes (see publisher-page.ts). */
export async function openPublisher(browser: Browser, config: PublisherConfig): Promise<Publisher> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${await serveBundle(path.join(here, 'publisher-page.ts'))}/`);
  await page.waitForFunction('typeof window.startPublisher === "function"');
  await page.evaluate(`window.startPublisher(${JSON.stringify(config)})`);
  const call = (name: string) => page.evaluate(`window.publisher.${name}()`).then(() => undefined);
  return {
    page,
    startScreen: () => call('startScreen'),
    stopScreen: () => call('stopScreen'),
    cameraSent: () => page.evaluate<CameraSent>('window.publisher.cameraSent()'),
    async leave() {
      await call('leave').catch(() => undefined);
      await context.close();
    },
  };
}
