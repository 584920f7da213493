import { expect, test } from '@playwright/test';
import { DEMO_AGENTS } from '../../server/accounts/demo-seed.js';
import {
  callFirstAvailable,
  consultantRemote,
  expectFramesGrowing,
  expectLiveAudio,
  mediaReceived,
  queuedCallId,
  readCallRow,
  screenshotPath,
  shopperRemote,
  shopUrl,
  signInAsAgent,
  watchForPictures,
  watchPeerConnections,
} from './support.js';

test('a shopper on a product page and a consultant see and hear each other, then hang up', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const shopperContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();
  await watchPeerConnections(agent);
  await watchPeerConnections(shopper);

  await signInAsAgent(agent);
  await agent.screenshot({ path: screenshotPath('console-available') });

  await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
  await shopper.screenshot({ path: screenshotPath('shop-product-page') });
  const callIdPromise = queuedCallId(shopper);
  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await expect(shopper.getByText('1 consultant free now')).toBeVisible();
  await shopper.screenshot({ path: screenshotPath('shopper-lobby') });
  await shopper.getByRole('button', { name: 'Call the first available consultant' }).click();
  await expect(shopper.getByText(/Waiting for a consultant…|Calling a consultant…/).first()).toBeVisible();
  const callId = await callIdPromise;

  // The ring shows which page the shopper called from.
  const ring = agent.getByRole('alertdialog', { name: 'Incoming call' });
  await expect(ring).toBeVisible();
  await expect(agent.getByTestId('call-page-title')).toHaveText('Ash reading chair — Oak & Linen');
  await expect(ring.getByRole('link')).toHaveText(`${shopUrl()}/products/reading-chair.html`);
  await expect(ring).toContainText('chair-ash-01');

  // The ring takes the keyboard to Accept (Enter answers, below). Checked first: the ring runs out after 10 s here.
  await expect(ring.getByRole('button', { name: 'Accept' })).toBeFocused();
  await shopper.screenshot({ path: screenshotPath('shopper-waiting') });
  await agent.screenshot({ path: screenshotPath('console-ringing') });

  // Both are in the room, cameras live, and each side is already subscribed to the other (so the
  // faces come with the next frame at accept), yet what arrives is black frames and silence.
  const previewing = async () => Math.min((await mediaReceived(agent)).framesDecoded, (await mediaReceived(shopper)).framesDecoded);
  await expect.poll(previewing, { message: 'each side previews the other' }).toBeGreaterThan(0);
  const pictures = [await watchForPictures(agent), await watchForPictures(shopper)];
  await agent.waitForTimeout(700);
  expect(await pictures[0](), 'frames with a picture the ringing consultant received').toBe(0);
  expect(await pictures[1](), 'frames with a picture the waiting shopper received').toBe(0);
  expect((await mediaReceived(agent)).audioEnergy, 'the ringing consultant hears nothing').toBe(0);
  expect((await mediaReceived(shopper)).audioEnergy, 'the waiting shopper hears nothing').toBe(0);
  // The shopper's stage already plays the consultant's held camera, out of sight: at the answer
  // that same video element is shown, not one started then.
  const standby = shopper.locator('vitrina-call-panel vitrina-media-view.remote.standby video');
  await expect(standby).toHaveCount(1);
  await expect(standby).toBeHidden();
  expect(await standby.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames), 'frames the standby video played').toBeGreaterThan(0);
  await standby.evaluate((v) => ((v as HTMLVideoElement & { marked?: boolean }).marked = true));
  await agent.keyboard.press('Enter');

  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
  expect(
    await shopper.locator('vitrina-call-panel vitrina-media-view.remote video').evaluate((v) => (v as HTMLVideoElement & { marked?: boolean }).marked),
    'the face shows in the element that played while it rang',
  ).toBe(true);
  // The shopper sees whom they talk to, and for how long.
  await expect(shopper.getByTestId('talking-to')).toContainText(DEMO_AGENTS[0].name);
  await expect(shopper.getByRole('timer')).toHaveText(/^0:0[0-9]$/);
  await expectFramesGrowing(agent.locator('vitrina-agent-console vitrina-media-view.remote video'));
  await expectLiveAudio(shopper.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
  await expectLiveAudio(agent.locator('vitrina-agent-console vitrina-media-view[kind=audio] audio'));
  // Once answered, the same subscriptions carry each side's sound too.
  for (const page of [agent, shopper]) await expect.poll(async () => (await mediaReceived(page)).audioEnergy).toBeGreaterThan(0);
  await shopper.screenshot({ path: screenshotPath('shopper-in-call') });
  await agent.screenshot({ path: screenshotPath('console-in-call') });

  // The consultant's status says they are talking: nobody else can reach them now.
  await expect(agent.getByTestId('agent-status')).toContainText('In a call');

  // Hanging up leaves nothing in the shop's browser console.
  const errors: string[] = [];
  shopper.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  shopper.on('pageerror', (e) => errors.push(e.message));
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
  await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.');
  await expect(agent.getByTestId('agent-status')).toContainText('Available');
  await shopper.screenshot({ path: screenshotPath('shopper-ended') });
  // The keyboard goes on to the rating.
  await expect(shopper.getByRole('button', { name: '1 of 5' })).toBeFocused();
  await shopper.waitForTimeout(1500);
  expect(errors).toEqual([]);

  await expect.poll(() => readCallRow(callId)?.state).toBe('ended');
  const row = readCallRow(callId);
  expect(row?.answered_at).toEqual(expect.any(Number));
  expect(row?.ended_at).toEqual(expect.any(Number));
  expect(row?.end_reason).toBe('shopper-hung-up');
  expect(row?.page_title).toBe('Ash reading chair — Oak & Linen');

  await agentContext.close();
  await shopperContext.close();
});

test('a shopper on a phone who closes the tab ends the call for the consultant', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const agent = await agentContext.newPage();
  const shopper = await phone.newPage();

  await signInAsAgent(agent, 1);
  await shopper.goto(`${shopUrl()}/products/linen-sofa.html`);
  await shopper.screenshot({ path: screenshotPath('phone-product-page') });
  const callIdPromise = queuedCallId(shopper);
  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await shopper.getByRole('button', { name: 'Call the first available consultant' }).waitFor();
  await shopper.screenshot({ path: screenshotPath('phone-lobby') });
  await shopper.getByRole('button', { name: 'Call the first available consultant' }).click();
  const callId = await callIdPromise;

  await expect(agent.getByTestId('call-page-title')).toHaveText('Linen three-seat sofa — Oak & Linen');
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(agent.locator('vitrina-agent-console vitrina-media-view.remote video'));
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
  // The consultant's landscape camera on a portrait screen: all of them, not the middle half; filling the screen is the shopper's choice.
  const remoteFit = () => shopper.locator('vitrina-call-panel vitrina-media-view.remote video').evaluate((v) => getComputedStyle(v).objectFit);
  expect(await remoteFit()).toBe('contain');
  await shopper.screenshot({ path: screenshotPath('phone-in-call') });
  const fill = shopper.getByRole('button', { name: 'Fill the screen' });
  await fill.click();
  await expect(fill).toHaveAttribute('aria-pressed', 'true');
  expect(await remoteFit()).toBe('cover');
  await shopper.screenshot({ path: screenshotPath('phone-in-call-filled') });

  // The consultant shows their screen: on a phone it stays full width, and the shopper enlarges it and pans with a finger.
  await agent.getByRole('button', { name: 'Share screen' }).click();
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.screen video'));
  expect((await shopper.locator('vitrina-call-panel').boundingBox())?.width).toBe(390);
  await shopper.screenshot({ path: screenshotPath('phone-shared-screen') });
  await shopper.getByRole('button', { name: 'Enlarge the screen' }).click();
  const box = shopper.locator('vitrina-call-panel [data-testid=screen-box]');
  await box.evaluate((b) => b.scrollBy(300, 0));
  expect(await box.evaluate((b) => b.scrollLeft)).toBeGreaterThan(0);
  await shopper.screenshot({ path: screenshotPath('phone-shared-screen-enlarged') });

  // No hang-up request: the server learns of it from LiveKit's signed webhook, and waits the
  // shopper's grace period (6 s here) in case they are only moving to another page.
  await shopper.close();
  await expect(agent.getByTestId('peer-away')).toBeVisible();
  await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.', { timeout: 15_000 });
  await expect.poll(() => readCallRow(callId)?.end_reason).toBe('shopper-left');

  await agentContext.close();
  await phone.close();
});

test('when the consultant hangs up, the shopper is told the call ended', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const shopperContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();

  await signInAsAgent(agent);
  await shopper.goto(`${shopUrl()}/products/linen-sofa.html`);
  const callIdPromise = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  const callId = await callIdPromise;
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));

  await agent.getByRole('button', { name: 'Hang up' }).click();
  await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
  await expect(agent.getByTestId('call-ended')).toBeVisible();
  await expect.poll(() => readCallRow(callId)?.end_reason).toBe('agent-hung-up');

  // The consultant is free again and the next shopper rings through.
  await agent.getByRole('button', { name: 'Next' }).click();
  const next = await shopperContext.newPage();
  await next.goto(`${shopUrl()}/products/reading-chair.html`);
  await callFirstAvailable(next);
  await expect(agent.getByTestId('call-page-title')).toHaveText('Ash reading chair — Oak & Linen');

  await agentContext.close();
  await shopperContext.close();
});

test('a waiting shopper who turns the camera off and on while the console rings sends it no picture, then is seen at once on accept', async ({ browser }) => {
  const agentContext = await browser.newContext();
  const shopperContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();
  await watchPeerConnections(agent);

  await signInAsAgent(agent);
  await shopper.goto(`${shopUrl()}/products/linen-sofa.html`);
  await callFirstAvailable(shopper);
  await expect(agent.getByRole('alertdialog', { name: 'Incoming call' })).toBeVisible();
  // The console is subscribed to the shopper's held camera: black frames arrive.
  await expect.poll(async () => (await mediaReceived(agent)).framesDecoded).toBeGreaterThan(0);

  // Turning the camera off and on starts it afresh, and the SDK puts the new track on the sender
  // itself: the preview must be withdrawn around that, so not one frame of it reaches the console.
  const picturesSeen = await watchForPictures(agent);
  const camera = shopper.locator('vitrina-call-panel button[data-action=camera]');
  await camera.click();
  await expect(camera).toHaveAttribute('aria-pressed', 'false');
  await camera.click();
  await expect(camera).toHaveAttribute('aria-pressed', 'true');
  const framesBefore = (await mediaReceived(agent)).framesDecoded;
  await expect.poll(async () => (await mediaReceived(agent)).framesDecoded, { message: 'held and previewed again' }).toBeGreaterThan(framesBefore + 10);
  await agent.waitForTimeout(1000);
  expect(await picturesSeen(), 'frames with a picture the ringing console received').toBe(0);

  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(consultantRemote(agent));
  await expectFramesGrowing(shopperRemote(shopper));
  // The same watch does see pictures once there are some to see.
  const picturesAfter = await watchForPictures(agent);
  await agent.waitForTimeout(700);
  expect(await picturesAfter()).toBeGreaterThan(0);

  // Ended here, not by closing the pages: the next test's console must not be handed this call.
  await shopper.getByRole('button', { name: 'Hang up' }).click();
  await expect(agent.getByTestId('call-ended')).toBeVisible();
  await agentContext.close();
  await shopperContext.close();
});
