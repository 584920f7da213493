import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.js';
import {
  callFirstAvailable,
  consultantRemote,
  expectFramesGrowing,
  PRODUCT_TITLES,
  queuedCallId,
  screenshotPath,
  shopperRemote,
  shopUrl,
  signInAsAgent,
} from './support.js';

/**
 * The product promises a consultant can "show the product from a desktop or a smartphone": the
 * console on a 390×844 phone signs in, rings, answers, runs the call, and turns to a second
 * camera (a phone's rear one, for the goods on the shelf) without the shopper losing the picture.
 */
let phoneBrowser: Browser;

test.beforeAll(async () => {
  // A phone has several cameras: Chromium's fake capture gives as many as asked. Its second one
  // imitates a depth camera (16-bit grey) whose frames WebRTC cannot encode, so the switch goes to the third.
  const args = chromiumLaunchOptions.args.map((a) => (a === '--use-fake-device-for-media-stream' ? '--use-fake-device-for-media-stream=device-count=3' : a));
  phoneBrowser = await chromium.launch({ ...chromiumLaunchOptions, args });
});
test.afterAll(async () => phoneBrowser.close());

/** The console's horizontal overflow: a phone layout must not scroll sideways. */
const overflowX = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('a consultant on a phone answers a call, runs it, switches to the second camera and hangs up', async ({ browser }) => {
  const phone = await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const agent = await phone.newPage();
  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();

  await signInAsAgent(agent, 1);
  await agent.screenshot({ path: screenshotPath('console-phone-available') });
  expect(await overflowX(agent)).toBeLessThanOrEqual(0);

  await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
  const callId = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  const ring = agent.getByRole('alertdialog', { name: 'Incoming call' }).filter({ hasText: PRODUCT_TITLES['reading-chair'] });
  await expect(ring).toBeVisible();
  await agent.screenshot({ path: screenshotPath('console-phone-ringing') });
  // On a phone the ring is answered with a tap, and Accept is in view without scrolling.
  const accept = ring.getByRole('button', { name: 'Accept' });
  expect(await accept.evaluate((b) => b.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
  await accept.tap();

  await expectFramesGrowing(shopperRemote(shopper));
  await expectFramesGrowing(consultantRemote(agent));
  expect(await overflowX(agent)).toBeLessThanOrEqual(0);
  // The picture and the hang-up are in view at once.
  const hangUp = agent.getByRole('button', { name: 'Hang up' });
  expect(await hangUp.evaluate((b) => b.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
  await agent.screenshot({ path: screenshotPath('console-phone-in-call') });

  // Several cameras: the consultant picks another one; the shopper keeps seeing them.
  const camera = agent.getByRole('combobox', { name: 'Camera' });
  await expect(camera.locator('option')).toHaveCount(3);
  const before = await camera.inputValue();
  const other = (await camera.locator('option').nth(2).getAttribute('value')) ?? '';
  expect(other).not.toBe(before);
  // The camera the call really sends (the console keeps nothing on window; its element holds the call).
  const sending = () =>
    agent.evaluate<string>(`document.querySelector('vitrina-agent-console').desk.state.call.localVideo.mediaStreamTrack.getSettings().deviceId`);
  expect(await sending()).toBe(before);
  await camera.selectOption(other);
  await expect.poll(sending).toBe(other);
  await expectFramesGrowing(shopperRemote(shopper));

  // The same screen in Russian.
  await agent.getByRole('combobox', { name: 'Language · Язык' }).selectOption('ru');
  await expect(agent.getByRole('button', { name: 'Завершить' })).toBeVisible();
  await agent.screenshot({ path: screenshotPath('console-phone-in-call-ru') });
  expect(await overflowX(agent)).toBeLessThanOrEqual(0);
  await agent.getByRole('combobox', { name: 'Language · Язык' }).selectOption('en');

  await hangUp.tap();
  await expect(agent.getByTestId('call-ended')).toBeVisible();
  await agent.screenshot({ path: screenshotPath('console-phone-ended') });
  expect(await callId).toMatch(/^call_/);
  await Promise.all([phone.close(), shopperContext.close()]);
});
