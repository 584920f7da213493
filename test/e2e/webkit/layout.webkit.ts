import { BUTTON, expect, inPanel, test, type Shopper } from './support.js';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Layout {
  viewport: { width: number; height: number };
  panel: Box;
  close: Box;
  /** The page scrolls sideways (it must not, because of us). */
  pageWidth: number;
  /** Elements inside the panel (through its shadow roots) that stick out of it sideways. */
  sticksOut: string[];
  /** The panel's body scrolls rather than growing past the window. */
  bodyScrolls: boolean;
  bodyOverflowY: string;
}

/** Where the panel and its parts are, measured in the page. */
const measure = (shopper: Shopper) =>
  shopper.session.execute<Layout>(`
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; };
    const panel = document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').shadowRoot;
    const section = panel.querySelector('section');
    const frame = box(section);
    const sticksOut = [];
    const walk = (n) => {
      for (const el of n.children) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.left < frame.left - 1 || r.right > frame.right + 1)) sticksOut.push(el.localName + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.left) + '…' + Math.round(r.right));
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(section);
    const body = panel.querySelector('.body');
    return {
      viewport: { width: innerWidth, height: innerHeight },
      panel: frame,
      close: box(panel.querySelector('[data-action=close]')),
      pageWidth: document.documentElement.scrollWidth,
      sticksOut,
      bodyScrolls: body.scrollHeight > body.clientHeight,
      bodyOverflowY: getComputedStyle(body).overflowY,
    };
  `);

function expectFits(layout: Layout): void {
  const { viewport, panel, close } = layout;
  expect(panel.left, 'the panel starts inside the window').toBeGreaterThanOrEqual(0);
  expect(panel.top).toBeGreaterThanOrEqual(0);
  expect(panel.right, 'and ends inside it').toBeLessThanOrEqual(viewport.width);
  expect(panel.bottom).toBeLessThanOrEqual(viewport.height);
  expect(close.right, 'close is on screen').toBeLessThanOrEqual(viewport.width);
  expect(close.top).toBeGreaterThanOrEqual(0);
  expect(layout.pageWidth, 'the page does not scroll sideways').toBeLessThanOrEqual(viewport.width);
  expect(layout.sticksOut, 'nothing in the panel sticks out sideways').toEqual([]);
  if (layout.bodyScrolls) expect(layout.bodyOverflowY, 'a tall lobby scrolls inside the panel').toBe('auto');
}

const PAGE = '/products/reading-chair.html';

for (const [name, width, height] of [
  ['desktop', 1366, 768],
  ['phone', 390, 844],
] as const) {
  test(`the panel at ${width}×${height} (${name}): without WebRTC, and the full lobby with the device check on Safari's path`, async ({
    shopper,
    desk,
  }, testInfo) => {
    await desk();
    // The desktop size is the window's own; a phone's is narrower than MiniBrowser allows, so a frame of that size stands in (see openInFrame).
    const load = async () => {
      if (name === 'phone') return shopper.openInFrame(PAGE, width, height);
      expect(await shopper.setViewport(width, height)).toEqual({ width, height });
      await shopper.open(PAGE);
    };
    await load();
    expect(await shopper.session.execute('return { width: innerWidth, height: innerHeight }')).toEqual({ width, height });
    testInfo.annotations.push({ type: 'window rect', description: JSON.stringify(await shopper.session.windowRect()) });

    await expect.poll(() => shopper.text(BUTTON)).toBe('Request a call back');
    await shopper.screenshot(`${name}-page`);
    await shopper.click(BUTTON);
    await expect.poll(() => shopper.find(inPanel('[data-testid=no-video-calls]'))).not.toBeNull();
    expectFits(await measure(shopper));
    await shopper.screenshot(`${name}-no-webrtc`);

    await load();
    await expect.poll(() => shopper.find(BUTTON)).not.toBeNull();
    await shopper.pretendWebRTC();
    await shopper.click(BUTTON);
    await expect.poll(() => shopper.find(inPanel('[data-action=check-devices]'))).not.toBeNull();
    expectFits(await measure(shopper));
    await shopper.screenshot(`${name}-lobby`);
    await shopper.click(inPanel('[data-action=check-devices]'));
    // The device check's code is fetched when it is opened: until it is defined, its element has no shadow root.
    await expect
      .poll(() =>
        shopper.session.execute(`
          const video = document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').shadowRoot.querySelector('vitrina-device-check')?.shadowRoot?.querySelector('video');
          return video ? video.currentTime : 0;
        `),
      )
      .toBeGreaterThan(0.5);
    expectFits(await measure(shopper));
    await shopper.screenshot(`${name}-device-check`);
  });
}
