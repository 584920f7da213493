import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Logger } from '../../server/log.js';
import type { RecorderPageConfig } from './page/recorder-page.js';

/** A marker on the browser's command line, so an operator (or a fault test) can find its process. */
export const RECORDER_FLAG = '--vitrina-recorder';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
  // Every recorder page comes from one loopback origin: one renderer process for all of them
  // keeps memory per recorded call low (a crash of it is handled page by page).
  '--process-per-site',
  // A recorder page is hidden and unfocused by definition; its timers must not be throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export interface RecorderPage {
  stop(timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
  /** Called once if the page can record no more: its renderer died, or it lost the room (a LiveKit restart). */
  onLost(listener: (why: string) => void): void;
}

/**
 * One headless system Chromium that holds every call's recorder page. If it dies, it is
 * launched again on the next page asked for, and `onLost` lets the owner of the pages react.
 */
export class RecorderBrowser {
  /** One context for every page: pages of one context and site share a renderer process. */
  private browser: Promise<BrowserContext> | undefined;
  private stopping = false;

  constructor(private readonly o: { executablePath: string; pageUrl: () => string; log: Logger; onLost: () => void; tag: string }) {}

  /** Starts the browser ahead of the first call, so that call's first seconds are not spent launching it. */
  async warm(): Promise<void> {
    await this.launched();
  }

  async openPage(config: RecorderPageConfig): Promise<RecorderPage> {
    const page = await (await this.launched()).newPage();
    const handle = pageHandle(page);
    try {
      await page.exposeFunction('vitrinaRecorderLost', (why: string) => handle.lost(`the recorder page ${why}`));
      await page.goto(this.o.pageUrl());
      await page.waitForFunction('typeof window.vitrinaRecorder === "object"');
      // Strings, not functions: the page must not depend on how this file was compiled.
      await page.evaluate(`window.vitrinaRecorder.start(${JSON.stringify(config)})`);
    } catch (err) {
      // The start's error is the one to report; closing a page of a dead browser has nothing to do.
      await page.close().catch(() => undefined);
      throw err;
    }
    return handle;
  }

  /** The browser's process id, while it runs, found by the marker on its command line. */
  async pid(): Promise<number | undefined> {
    // A browser that failed to launch has no process id; its launch error was reported where it was awaited.
    if (!(await this.browser?.catch(() => undefined))) return undefined;
    const found = spawnSync('pgrep', ['-o', '-f', '--', `${RECORDER_FLAG}=${this.o.tag}`], { encoding: 'utf8' });
    const pid = Number(found.stdout.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  async close(): Promise<void> {
    this.stopping = true;
    // Closing: a browser that never launched, or has died, has nothing to close.
    const context = await this.browser?.catch(() => undefined);
    this.browser = undefined;
    await context
      ?.browser()
      ?.close()
      .catch(() => undefined);
  }

  private launched(): Promise<BrowserContext> {
    this.browser ??= chromium
      .launch({ executablePath: this.o.executablePath, headless: true, args: [...FLAGS, `${RECORDER_FLAG}=${this.o.tag}`] })
      .then((browser) => {
        browser.on('disconnected', () => {
          this.browser = undefined;
          if (this.stopping) return;
          this.o.log.error('the recorder browser died; it will be started again');
          this.o.onLost();
        });
        this.o.log.info('recorder browser started');
        return browser.newContext();
      })
      .catch((err: unknown) => {
        this.browser = undefined;
        throw err;
      });
    return this.browser;
  }
}

function pageHandle(page: Page): RecorderPage & { lost(why: string): void } {
  let listener: ((why: string) => void) | undefined;
  let lostFor: string | undefined;
  const lost = (why: string) => {
    if (lostFor !== undefined) return;
    lostFor = why;
    listener?.(why);
  };
  page.once('crash', () => lost('the recorder page crashed'));
  return {
    lost,
    async stop(timeoutMs) {
      const sent = page.evaluate<number>('window.vitrinaRecorder.stop()');
      const timeout = sleep(timeoutMs, undefined, { ref: false });
      // A page that died while stopping sent what it had; the track writers finish what reached them.
      return Promise.race([sent, timeout]).catch(() => undefined);
    },
    async close() {
      // A page of a browser that died is gone already.
      await page.close().catch(() => undefined);
    },
    onLost(l) {
      listener = l;
      // Lost before anyone listened (between the join and this call): say so now.
      if (lostFor !== undefined) l(lostFor);
    },
  };
}
