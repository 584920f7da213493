import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type TestInfo } from '@playwright/test';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { launchFirefox } from '../../support/firefox.js';

/**
 * The Firefox side of the end-to-end tests: puppeteer-core over WebDriver BiDi, so Playwright's
 * locators are not there. Its `>>>` combinator pierces open shadow roots at any depth, which is
 * how these selectors reach into the widget and the consoles.
 */

/** Something inside the shopper's widget (its button, panel, stage and media views are each a shadow root). */
export const inWidget = (selector: string) => `vitrina-call-button >>> ${selector}`;
/** Something inside the consultant's console. */
export const inConsole = (selector: string) => `vitrina-agent-console >>> ${selector}`;
/** Something inside the owner's admin page. */
export const inAdmin = (selector: string) => `vitrina-admin >>> ${selector}`;

/** One Firefox for a spec file; each page in a context (cookies, storage) of its own, as two people's browsers. */
export interface FirefoxSide {
  browser: Browser;
  /** Every `console.error` and uncaught exception of the pages opened with `page()`, in order, with the page's address. */
  errors: string[];
  /** Every console message, of any level, for the log file `close()` writes. */
  messages: string[];
  page(): Promise<Page>;
  /** Closes this test's Firefox pages and their contexts, taking a screenshot of each first when the test failed. */
  closePages(info: TestInfo): Promise<void>;
  /** Closes Firefox; with a file, writes every console message there (what Firefox said is worth keeping when a test fails). */
  close(logFile?: string): Promise<void>;
}

export async function firefox(): Promise<FirefoxSide> {
  const browser = await launchFirefox();
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const messages: string[] = [];
  return {
    browser,
    errors,
    messages,
    async page() {
      const context = await browser.createBrowserContext();
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.evaluateOnNewDocument(WATCH_PEER_CONNECTIONS);
      page.on('console', (m) => {
        messages.push(`${new Date().toISOString()} ${m.type()} ${page.url()}: ${m.text()}`);
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e instanceof Error ? e.message : String(e)}`));
      return page;
    },
    async closePages(info) {
      for (const [i, context] of contexts.splice(0).entries()) {
        for (const page of await context.pages()) {
          if (info.status !== info.expectedStatus) await page.screenshot({ path: info.outputPath(`firefox-${i}.png`) }).catch(() => undefined);
        }
        await context.close();
      }
    },
    async close(logFile?: string) {
      await browser.close();
      if (logFile) {
        await mkdir(path.dirname(logFile), { recursive: true });
        await writeFile(logFile, messages.join('\n'));
      }
    },
  };
}

/**
 * Waits until the selector finds a visible element. It asks `page.$` again and again instead of using
 * puppeteer's own waits: in puppeteer-core 24 over BiDi those watch the document for mutations and
 * never see an element that appears later inside a shadow root (the widget's panel, the console's
 * status), though they find one that is already there.
 */
export async function waitFor(page: Page, selector: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const el = await page.$(selector);
    const visible = (await el?.isVisible()) ?? false;
    await el?.dispose();
    if (visible) return;
    if (Date.now() > deadline) throw new Error(`nothing visible matched ${selector} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks the element once it is there (puppeteer's locator then checks it is visible, still and enabled). */
export async function click(page: Page, selector: string): Promise<void> {
  await waitFor(page, selector);
  await page.locator(selector).click();
}

/** Types into a field once it is there. */
export async function fill(page: Page, selector: string, text: string): Promise<void> {
  await waitFor(page, selector);
  await page.locator(selector).fill(text);
}

/** The trimmed text of the first element the selector finds, or undefined while there is none. */
export async function textOf(page: Page, selector: string): Promise<string | undefined> {
  const el = await page.$(selector);
  if (!el) return undefined;
  try {
    return (await el.evaluate((e) => e.textContent ?? '')).trim();
  } finally {
    await el.dispose();
  }
}

export const countOf = async (page: Page, selector: string): Promise<number> => (await page.$$(selector)).length;

/**
 * Frames the first video the selector finds has shown (0 while there is none). Firefox leaves
 * `getVideoPlaybackQuality()` at 0 for a MediaStream (measured: 0 after 1.5 s of a live camera,
 * 44 frames painted), so a stream's count comes from `requestVideoFrameCallback`'s
 * `presentedFrames`, the frames really composited; a file's (the admin player) from the decoder.
 */
export async function framesOf(page: Page, selector: string): Promise<number> {
  const video = await page.$(selector);
  if (!video) return 0;
  try {
    return await video.evaluate(
      (v) =>
        new Promise<number>((resolve) => {
          if (!(v instanceof HTMLVideoElement)) return resolve(0);
          const decoded = v.getVideoPlaybackQuality().totalVideoFrames;
          // No new frame within a second (paused, or nothing arriving): what was decoded is all there is.
          const timer = setTimeout(() => resolve(decoded), 1000);
          v.requestVideoFrameCallback((_now, frame) => {
            clearTimeout(timer);
            resolve(Math.max(decoded, frame.presentedFrames));
          });
        }),
    );
  } finally {
    await video.dispose();
  }
}

/** As `expectFramesGrowing` for Chromium: a first frame, then more of them over the next seconds. */
export async function expectFramesGrowingIn(page: Page, selector: string): Promise<void> {
  await expect.poll(() => framesOf(page, selector), { message: `first decoded frame in ${selector}`, timeout: 20_000 }).toBeGreaterThan(0);
  const first = await framesOf(page, selector);
  await expect.poll(() => framesOf(page, selector), { message: `decoded frames keep coming in ${selector}`, timeout: 5_000 }).toBeGreaterThan(first + 5);
}

/** The other side's camera in the shopper's widget, and their shared screen. */
export const widgetRemote = inWidget('vitrina-media-view.remote >>> video');
export const widgetScreen = inWidget('vitrina-media-view.screen >>> video');
export const consoleRemote = inConsole('vitrina-media-view.remote >>> video');

/**
 * Keeps every RTCPeerConnection the page makes, as `watchPeerConnections` does in Chromium (the
 * same `__vitrinaPcs`), so that what arrived can be read from WebRTC's own statistics.
 */
const WATCH_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  const all = [];
  window.__vitrinaPcs = all;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      all.push(this);
    }
  };
})()`;

/**
 * The energy of the sound this page has received and decoded (`totalAudioEnergy` of its inbound
 * audio, in both engines): it grows only while the other side's voice arrives and is not silence.
 * Web Audio cannot tell here: headless Firefox on these machines (no sound device) leaves every
 * AudioContext suspended, and its `resume()` never settles. A string, so either browser takes it.
 */
export const VOICE_ENERGY = `(async () => {
  let energy = 0;
  for (const pc of window.__vitrinaPcs ?? []) {
    if (pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
    });
  }
  return energy;
})()`;

/** The other side's voice keeps arriving: received energy grows (silence adds nothing). */
export async function expectVoiceArriving(energy: () => Promise<number>, message: string): Promise<void> {
  const first = await energy();
  await expect.poll(energy, { message, timeout: 10_000 }).toBeGreaterThan(first + 1e-4);
}

/** The shopper's call as the widget holds it (nothing is left on window): its id, its livekit-client room. */
const PANEL = `document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel')`;
export const panelCallId = (page: Page) => page.evaluate(`${PANEL}.call?.callId`) as Promise<string | undefined>;

/** livekit-client's own fault injection on the room inside the shopper's panel, as in-call.spec.ts does it in Chromium. */
export const simulate = (page: Page, scenario: string) => page.evaluate(`${PANEL}.call.room.simulateScenario(${JSON.stringify(scenario)})`);

/**
 * From now on, notes the state of the widget's LiveKit room each time the widget tells our server
 * it hangs up; `roomStatesAtHangUp` reads them. Out of the room first is what keeps Firefox from
 * logging its data channels as "closed unexpectedly" (see `CallSession.endFromHere`).
 */
export const watchHangUp = (page: Page) =>
  page.evaluate(`(() => {
    const call = ${PANEL}.call;
    const fetch = window.fetch;
    window.__roomAtHangUp = [];
    window.fetch = function (input, init) {
      if (String(input instanceof Request ? input.url : input).endsWith('/hangup')) window.__roomAtHangUp.push(call.room ? call.room.state : 'none');
      return fetch.call(this, input, init);
    };
  })()`);
export const roomStatesAtHangUp = (page: Page) => page.evaluate('window.__roomAtHangUp') as Promise<string[]>;

/**
 * livekit-client's line for a publisher data channel that closed while the session was still up.
 * Firefox closes them the moment the SFU does. When the other side hangs up, the server tells this
 * side (which then leaves, `CallSession.endedElsewhere`) and deletes the room; should the deletion
 * win that race, the line comes (measured before this side left on the server's word: 1 call in 4;
 * after: none in 4). Nothing is lost either way; its own hang-up leaves the room first and never
 * shows it (`CallSession.endFromHere`).
 */
const ROOM_CLOSED_UNDER_US = /publisher data channel '\w+' closed unexpectedly/;

/** Console errors since `from`, but for that line, which is noted on the test's report instead when it came. */
export function errorsBesidesRoomClosed(side: FirefoxSide, from: number): string[] {
  const errors = side.errors.slice(from);
  const closed = errors.filter((e) => ROOM_CLOSED_UNDER_US.test(e));
  if (closed.length > 0) test.info().annotations.push({ type: 'firefox: room closed under the page', description: closed.join(' | ') });
  return errors.filter((e) => !ROOM_CLOSED_UNDER_US.test(e));
}

/** Waits for the text anywhere in the page, shadow roots included (puppeteer's text selector pierces them). */
export const waitForText = (page: Page, text: string, timeout = 15_000): Promise<void> => waitFor(page, `::-p-text(${text})`, timeout);
