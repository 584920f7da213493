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

export interface RecorderBrowserOptions {
  executablePath: string;
  pageUrl: () => string;
  log: Logger;
  onLost: () => void;
  tag: string;
  /**
   * How long after a spare page is taken the next one is loaded (default 3 s): later than the
   * first second of the call that took it, whose parties' browsers are joining on the same cores.
   */
  spareRefillMs?: number;
}

interface LoadedPage {
  page: Page;
  handle: RecorderPage & { lost(why: string): void; isLost(): boolean };
}

/**
 * One headless system Chromium that holds every call's recorder page. If it dies, it is
 * launched again on the next page asked for, and `onLost` lets the owner of the pages react.
 *
 * One page is kept loaded ahead (the spare): a ring then only joins the room. Loading a page
 * costs the browser 140–230 ms of CPU, which at a ring competes with the shopper's and the
 * consultant's own joins on the same machine (docs/benchmarks.md, "Accept → first face").
 */
export class RecorderBrowser {
  /** One context for every page: pages of one context and site share a renderer process. */
  private browser: Promise<BrowserContext> | undefined;
  private spare: Promise<LoadedPage> | undefined;
  private refill: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly o: RecorderBrowserOptions) {}

  /** Starts the browser and loads the spare page ahead of the first call, so that call's first seconds are not spent on them. */
  async warm(): Promise<void> {
    await this.launched();
    await this.keepSpare()?.catch(() => undefined);
  }

  async openPage(config: RecorderPageConfig): Promise<RecorderPage> {
    const { page, handle } = await this.loadedPage();
    try {
      // Strings, not functions: the page must not depend on how this file was compiled.
      await page.evaluate(`window.vitrinaRecorder.start(${JSON.stringify(config)})`);
    } catch (err) {
      // The start's error is the one to report; closing a page of a dead browser has nothing to do.
      await page.close().catch(() => undefined);
      throw err;
    }
    return handle;
  }

  /** The spare if it is loaded and alive, else a page loaded now; either way, the next spare follows a little later. */
  private async loadedPage(): Promise<LoadedPage> {
    // Taken before any await: two rings at once must not get the same page.
    const taken = this.spare;
    this.spare = undefined;
    this.spareLater();
    const spare = await taken?.catch(() => undefined);
    if (spare && !spare.handle.isLost() && !spare.page.isClosed()) return spare;
    if (spare) await spare.page.close().catch(() => undefined);
    return this.loadPage();
  }

  private spareLater(): void {
    clearTimeout(this.refill);
    this.refill = setTimeout(() => void this.keepSpare()?.catch(() => undefined), this.o.spareRefillMs ?? 3000);
    this.refill.unref();
  }

  private keepSpare(): Promise<LoadedPage> | undefined {
    if (this.stopping || this.spare) return this.spare;
    const spare = this.loadPage();
    this.spare = spare;
    // A spare that failed to load is forgotten; the next page asked for is loaded then.
    spare.catch((err: unknown) => {
      if (this.spare === spare) this.spare = undefined;
      this.o.log.debug('could not load a spare recorder page', { err });
    });
    return spare;
  }

  private async loadPage(): Promise<LoadedPage> {
    const page = await (await this.launched()).newPage();
    const handle = pageHandle(page);
    try {
      await page.exposeFunction('vitrinaRecorderLost', (why: string) => handle.lost(`the recorder page ${why}`));
      await page.goto(this.o.pageUrl());
      await page.waitForFunction('typeof window.vitrinaRecorder === "object"');
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
    return { page, handle };
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
    clearTimeout(this.refill);
    this.spare = undefined;
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
          // Its pages died with it, the spare too: the next is loaded in the relaunched browser.
          this.spare = undefined;
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

function pageHandle(page: Page): LoadedPage['handle'] {
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
    isLost: () => lostFor !== undefined,
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
