import { expect, test } from '@playwright/test';
import { answeredCall, consultantRemote, expectFramesGrowing, expectHeard, panelCallId, readCallRow, shopperRemote } from './support.js';

// What browsers impose on a page, iPhone Safari most of all, and how the call copes (docs/widget.md, "Browsers").

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test('on a phone, the camera pauses while the tab is in the background, the consultant is told, and it comes back', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const { agent, shopper, callId } = await answeredCall(browser, { agent: 1, shopperContext: phone });
  const setHidden = (hidden: boolean) =>
    shopper.evaluate((h) => {
      Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  await setHidden(true);
  await expect(agent.getByTestId('peer-camera-off')).toBeVisible();
  // Sound goes on: the call is not on hold, only the picture.
  await expectHeard(agent.locator('vitrina-agent-console vitrina-media-view[kind=audio] audio'));
  await setHidden(false);
  await expect(agent.getByTestId('peer-camera-off')).toHaveCount(0);
  await expectFramesGrowing(consultantRemote(agent));
  await expect(shopper.getByRole('button', { name: 'Camera', exact: true, pressed: true })).toBeVisible();

  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => readCallRow(callId)?.end_reason).toBe('shopper-hung-up');
});

test('a page put into the back-forward cache lets go of the call, and picks it up again when it comes back', async ({ browser }) => {
  const { agent, shopper, callId } = await answeredCall(browser, { agent: 1 });
  // What the browser sends when it caches the page on the way out (the call cannot stay connected in a
  // cached page), and when it shows the page again from the cache.
  await shopper.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  await expect(agent.getByTestId('peer-away')).toBeVisible();
  expect(await shopper.evaluate(() => sessionStorage.length)).toBeGreaterThan(0);
  await shopper.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));

  await expectFramesGrowing(shopperRemote(shopper));
  await expectFramesGrowing(consultantRemote(agent));
  await expect(agent.getByTestId('peer-away')).toHaveCount(0);
  expect(await panelCallId(shopper)).toBe(callId);
  expect(readCallRow(callId)?.state).toBe('in-call');
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => readCallRow(callId)?.end_reason).toBe('shopper-hung-up');
});
