import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { ensureWebkit } from '../../../scripts/system/ensure-system-tools.js';
import { TestConsole } from '../../support/http-clients.js';
import { startWebKit, type RunningWebKit } from '../../support/webkit.js';
import { isElement, type ElementRef, type WebDriverSession } from '../../support/webdriver.js';
import { DEMO_AGENTS } from '../../../server/accounts/demo-seed.js';
import { serverUrl, shopUrl } from '../support.js';

/**
 * A path into the widget through its shadow roots: the first selector in the document, each
 * next one in the shadow root of the element before it. A script walks the path and returns the
 * element, which the driver then clicks or types into like any other: one command where
 * WebDriver's own shadow-root commands (which WebKitGTK 2.50 has, see engine.webkit.ts) take two
 * per level, and the same way works for reading text and properties.
 */
export type DeepPath = readonly string[];

export const BUTTON: DeepPath = ['vitrina-call-button', 'button[part=button]'];
export const PANEL: DeepPath = ['vitrina-call-button', 'vitrina-call-panel'];
export const inPanel = (...rest: string[]): DeepPath => [...PANEL, ...rest];
export const FORM: DeepPath = inPanel('vitrina-callback-form');
export const inForm = (...rest: string[]): DeepPath => [...FORM, ...rest];

const WALK = `
  const path = arguments[0];
  let node = document.querySelector(path[0]);
  for (const selector of path.slice(1)) node = node && node.shadowRoot ? node.shadowRoot.querySelector(selector) : null;
`;

/**
 * The text a person sees inside an element: through shadow roots and slots (the composed
 * tree), leaving out what is not rendered. Playwright's getByText does this for Chromium.
 */
const VISIBLE_TEXT = `${WALK}
  if (!node) return null;
  const out = [];
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) return void out.push(n.data);
    if (n.nodeType === Node.ELEMENT_NODE) {
      if (n.localName === 'style' || n.localName === 'script' || !n.checkVisibility()) return;
      if (n.localName === 'slot') return void n.assignedNodes({ flatten: true }).forEach(walk);
      if (n.shadowRoot) return void walk(n.shadowRoot);
    }
    n.childNodes.forEach(walk);
  };
  walk(node);
  return out.join(' ').replace(/\\s+/g, ' ').trim();
`;

/** The shopper's MiniBrowser, with the few things the tests do in it. */
export class Shopper {
  /** The `<iframe>` that stands in for a narrow window (see `openInFrame`), while commands act inside it. */
  private frame: ElementRef | undefined;

  constructor(readonly session: WebDriverSession) {}

  /** A page of the demo shop, e.g. `/products/reading-chair.html`. */
  async open(page: string): Promise<void> {
    this.frame = undefined;
    await this.session.navigate(`${shopUrl()}${page}`);
  }

  /**
   * A page of the demo shop in a `width` × `height` frame, for windows narrower than
   * MiniBrowser's own (its toolbar keeps the window at least 447 px wide): the page's layout
   * (CSS pixels, `100vw`, media queries, `position: fixed`) sees a viewport of that size, as in
   * a phone's browser minus touch. The frame is the shop's own origin, which its CSP allows.
   * Later commands act inside the frame; `open` leaves it.
   */
  async openInFrame(page: string, width: number, height: number): Promise<void> {
    if (this.frame) {
      // Sized from the top page: inside a frame, innerWidth is the frame's.
      await this.session.switchToFrame(null);
      this.frame = undefined;
    }
    // Exactly the frame's height: WebKitGTK 2.50 blackens the top of an element screenshot by as much as the viewport is taller than the element.
    await this.setViewport(Math.max(width, 480), height);
    await this.open(page);
    const frame = await this.session.execute<ElementRef>(
      `
      document.querySelector('vitrina-call-button')?.remove();
      const frame = document.createElement('iframe');
      frame.width = String(arguments[1]);
      frame.height = String(arguments[2]);
      frame.frameBorder = '0';
      frame.style.display = 'block';
      frame.src = arguments[0];
      document.body.style.margin = '0';
      document.body.replaceChildren(frame);
      return frame;
    `,
      page,
      width,
      height,
    );
    await this.session.switchToFrame(frame);
    this.frame = frame;
    await expect
      .poll(() => this.session.execute(`return location.href !== 'about:blank' && document.readyState === 'complete'`), { message: 'the framed page loads' })
      .toBe(true);
  }

  /** The element at `path`, or null when (not yet) there. */
  async find(path: DeepPath): Promise<ElementRef | null> {
    const found = await this.session.execute(`${WALK} return node;`, [...path]);
    return isElement(found) ? found : null;
  }

  async element(path: DeepPath): Promise<ElementRef> {
    const found = await this.find(path);
    if (!found) throw new Error(`nothing at ${path.join(' » ')}`);
    return found;
  }

  /**
   * Safari's path through the widget, in an engine that lacks only WebRTC: a stand-in
   * `RTCPeerConnection` makes the widget offer calls (the lobby, the device check) as it does
   * in Safari. Nothing here connects a call; the button is redrawn to read it.
   */
  async pretendWebRTC(): Promise<void> {
    await this.session.execute(`
      window.RTCPeerConnection = class RTCPeerConnection {};
      document.querySelector('vitrina-call-button').requestUpdate();
    `);
  }

  /** What a person reads in the element at `path` (null when it is not there). */
  text(path: DeepPath): Promise<string | null> {
    return this.session.execute<string | null>(VISIBLE_TEXT, [...path]);
  }

  /** A property of the element at `path`, e.g. `value` or `disabled` (undefined when it is not there). */
  prop<T>(path: DeepPath, name: string): Promise<T | undefined> {
    return this.session.execute<T | undefined>(`${WALK} return node ? node[arguments[1]] : undefined;`, [...path], name);
  }

  /** As a person would: scrolled into view first (WebKitGTK's driver does not scroll a box inside a shadow root for a click). */
  async click(path: DeepPath): Promise<void> {
    const element = await this.element(path);
    await this.session.execute(`arguments[0].scrollIntoView({ block: 'center' });`, element);
    await this.session.click(element);
  }

  async type(path: DeepPath, text: string): Promise<void> {
    await this.session.sendKeys(await this.element(path), text);
  }

  async clear(path: DeepPath): Promise<void> {
    await this.session.clear(await this.element(path));
  }

  /** The viewport (not the window, whose toolbar MiniBrowser adds) made `width` × `height` CSS pixels, where the window can be that small. */
  async setViewport(width: number, height: number): Promise<{ width: number; height: number }> {
    const inner = () => this.session.execute<{ width: number; height: number }>('return { width: innerWidth, height: innerHeight };');
    for (let attempt = 0; attempt < 3; attempt++) {
      const seen = await inner();
      if (seen.width === width && seen.height === height) break;
      const rect = await this.session.windowRect();
      await this.session.setWindowRect({ width: rect.width + width - seen.width, height: rect.height + height - seen.height });
      // The page learns of the new size a moment after the driver answers.
      const until = Date.now() + 2_000;
      while (Date.now() < until && JSON.stringify(await inner()) === JSON.stringify(seen)) await new Promise((r) => setTimeout(r, 50));
    }
    return inner();
  }

  /**
   * The viewport (or the stand-in frame) as a PNG. WebKitGTK on Xvfb may hand back the last
   * painted picture, from before the last change: two animation frames first let it paint.
   */
  async png(): Promise<Buffer> {
    await this.session.executeAsync('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');
    if (!this.frame) return this.session.screenshot();
    // The frame's box, taken from the page around it.
    await this.session.switchToParentFrame();
    try {
      return await this.session.elementScreenshot(this.frame);
    } finally {
      await this.session.switchToFrame(this.frame);
    }
  }

  /** Saved as test-results/screens/webkit-<name>.png. */
  async screenshot(name: string): Promise<string> {
    const file = path.join('test-results', 'screens', `webkit-${name}.png`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await this.png());
    return file;
  }
}

/**
 * A consultant at their desk, through the HTTP API the console uses: signed in, the event
 * stream open (that is what makes them online) and available. `away` makes the shop empty again.
 */
export class Desk {
  private constructor(private readonly console: TestConsole) {}

  static async open(which: 0 | 1 = 0): Promise<Desk> {
    const agent = DEMO_AGENTS[which];
    const desk = await TestConsole.signIn(serverUrl(), agent.email, agent.password);
    await desk.connect();
    await desk.available();
    return new Desk(desk);
  }

  get(route: string): Promise<Response> {
    return this.console.get(route);
  }

  /** Away first (immediate for shoppers), then the stream closed. */
  async leave(): Promise<void> {
    const res = await this.console.post('/api/agent/status', { status: 'away' });
    if (res.status !== 200) throw new Error(`status away → ${res.status}`);
    this.console.disconnect();
  }
}

/** Every desk a test opened is left at its end, so the next test starts with an empty shop. */
export const test = base.extend<{ shopper: Shopper; desk: () => Promise<Desk> }, { webkit: RunningWebKit }>({
  webkit: [
    async ({}, use) => {
      const webkit = await startWebKit(ensureWebkit());
      try {
        await use(webkit);
      } finally {
        await webkit.stop();
      }
    },
    { scope: 'worker' },
  ],
  shopper: async ({ webkit }, use, testInfo) => {
    const session = await webkit.newSession();
    const shopper = new Shopper(session);
    try {
      await use(shopper);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        const png = await shopper.png().catch(() => undefined);
        if (png) await testInfo.attach('webkit-at-failure', { body: png, contentType: 'image/png' });
      }
      await session.delete();
    }
  },
  desk: async ({}, use) => {
    const opened: Desk[] = [];
    await use(async () => {
      const desk = await Desk.open();
      opened.push(desk);
      return desk;
    });
    await Promise.all(opened.map((d) => d.leave()));
  },
});

export { expect };
