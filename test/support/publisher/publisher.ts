import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/system/ensure-system-tools.js';
import type { PublisherConfig } from './publisher-page.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let origin: Promise<string> | undefined;

/**
 * Serves the publisher page from a real loopback server: a secure context (getUserMedia needs
 * one) in the loopback address space, which Chromium requires before it lets a page reach
 * livekit-server on 127.0.0.1. Lives as long as the test process.
 */
const publisherOrigin = () =>
  (origin ??= (async () => {
    const built = await esbuild.build({ entryPoints: [path.join(here, 'publisher-page.ts')], bundle: true, format: 'esm', write: false, minify: true, logLevel: 'warning' });
    const script = built.outputFiles[0]?.text ?? '';
    const server = http.createServer((req, res) => {
      if (req.url === '/publisher.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>publisher</title><script type="module" src="/publisher.js"></script>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  })());

/** Chromium with a fake camera, microphone and screen, as the guide's flags give them. */
export function launchPublisherBrowser(): Promise<Browser> {
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
    ],
  });
}

export interface Publisher {
  page: Page;
  startScreen(): Promise<void>;
  stopScreen(): Promise<void>;
  leave(): Promise<void>;
}

/** Opens a page in its own context that joins a room and publishes (see publisher-page.ts). */
export async function openPublisher(browser: Browser, config: PublisherConfig): Promise<Publisher> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${await publisherOrigin()}/`);
  await page.waitForFunction('typeof window.startPublisher === "function"');
  await page.evaluate(`window.startPublisher(${JSON.stringify(config)})`);
  const call = (name: string) => page.evaluate(`window.publisher.${name}()`).then(() => undefined);
  return {
    page,
    startScreen: () => call('startScreen'),
    stopScreen: () => call('stopScreen'),
    async leave() {
      await call('leave').catch(() => undefined);
      await context.close();
    },
  };
}
