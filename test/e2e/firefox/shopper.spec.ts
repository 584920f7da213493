import { expect, test, type Browser as ChromiumBrowser } from '@playwright/test';
import {
  callEvents,
  consultantRemote,
  PRODUCT_TITLES,
  expectFramesGrowing,
  expectLiveAudio,
  readCallRow,
  shopUrl,
  signInAsAgent,
  watchPeerConnections,
} from '../support.js';
import {
  click,
  countOf,
  errorsBesidesRoomClosed,
  expectFramesGrowingIn,
  expectVoiceArriving,
  firefox,
  inWidget,
  panelCallId,
  roomStatesAtHangUp,
  simulate,
  textOf,
  VOICE_ENERGY,
  watchHangUp,
  waitForText,
  fill,
  widgetRemote,
  widgetScreen,
  type FirefoxSide,
} from './support.js';

/** A shopper in Firefox, a consultant in Chromium. */
let ff: FirefoxSide;
test.beforeAll(async () => {
  ff = await firefox();
});
test.afterAll(async () => {
  await ff?.close('test-results/e2e-firefox/shopper-console.log');
});
// A failed test must not leave a consultant available (or a shopper in line) for the next one.
test.afterEach(async ({ browser }, info) => {
  await ff.closePages(info);
  for (const context of browser.contexts()) await context.close();
});

/**
 * The Firefox shopper calls from a product page, the Chromium consultant accepts that ring
 * (only that one: a shopper an earlier test left may still be in line), and media flows both ways.
 */
async function answeredCall(browser: ChromiumBrowser, agentIndex: 0 | 1, product: keyof typeof PRODUCT_TITLES) {
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await watchPeerConnections(agent);
  await signInAsAgent(agent, agentIndex);
  const shopper = await ff.page();
  await shopper.goto(`${shopUrl()}/products/${product}.html`);
  await click(shopper, inWidget('button[part=button]'));
  await click(shopper, inWidget('[data-action=call-first]'));
  await agent.getByRole('alertdialog', { name: 'Incoming call' }).filter({ hasText: PRODUCT_TITLES[product] }).getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowingIn(shopper, widgetRemote);
  await expectFramesGrowing(consultantRemote(agent));
  const callId = await panelCallId(shopper);
  expect(callId).toEqual(expect.any(String));
  return { agent, shopper, callId: callId ?? '' };
}

test('a Firefox shopper and a Chromium consultant: faces and voices both ways, the consultant’s screen, chat and a product card, and the call follows them to another page', async ({
  browser,
}) => {
  const { agent, shopper, callId } = await answeredCall(browser, 0, 'reading-chair');

  await test.step('voices both ways: sound decoded, not only a track attached', async () => {
    await expectLiveAudio(agent.locator('vitrina-agent-console vitrina-media-view[kind=audio] audio'));
    await expectVoiceArriving(() => agent.evaluate<number>(VOICE_ENERGY), "Firefox's voice reaches the consultant");
    await expectVoiceArriving(() => shopper.evaluate(VOICE_ENERGY) as Promise<number>, "the consultant's voice reaches Firefox");
  });

  await test.step("the consultant's shared screen plays in Firefox", async () => {
    await agent.getByRole('button', { name: 'Share screen' }).click();
    await expectFramesGrowingIn(shopper, widgetScreen);
    await agent.getByRole('button', { name: 'Stop sharing' }).click();
    await expect.poll(() => countOf(shopper, inWidget('vitrina-media-view.screen'))).toBe(0);
    await expectFramesGrowingIn(shopper, widgetRemote);
  });

  await test.step('Firefox sharing its own screen: headless Firefox has none to give, so nothing is shared and the call goes on', async () => {
    // No pref fakes a screen (only camera and microphone are faked); getDisplayMedia rejects with NotFoundError.
    const from = ff.messages.length;
    await click(shopper, inWidget('[data-action=share-screen]'));
    await expect.poll(() => ff.messages.slice(from).some((m) => m.includes('[vitrina] screen sharing did not start'))).toBe(true);
    expect(await shopper.$eval(inWidget('[data-action=share-screen]'), (b) => b.getAttribute('aria-pressed'))).toBe('false');
    await expect(agent.locator('vitrina-agent-console vitrina-media-view.screen')).toHaveCount(0);
    await expectFramesGrowing(consultantRemote(agent));
  });

  await test.step('chat both ways, and a product card the shopper adds to the cart', async () => {
    await click(shopper, inWidget('[data-action=chat]'));
    await fill(shopper, inWidget('input[name=text]'), 'Does it come in walnut?');
    await click(shopper, inWidget('[data-action=send]'));
    await expect(agent.getByRole('log', { name: 'Messages' })).toContainText('Does it come in walnut?');
    await agent.getByRole('textbox', { name: 'Message to the shopper' }).fill('It does, one moment.');
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => textOf(shopper, inWidget('[role=log]'))).toContain('It does, one moment.');

    await agent.getByText('Edit before sending').click();
    await agent.getByLabel('Title').fill('Reading chair, walnut');
    await agent.getByLabel('Price').fill('€ 690');
    await agent.getByLabel('Product link').fill(`${shopUrl()}/products/reading-chair.html?wood=walnut`);
    await agent.getByLabel('Product id').fill('chair-walnut-01');
    await agent.getByRole('button', { name: 'Send card' }).click();
    const card = inWidget('article[aria-label="Reading chair, walnut"]');
    await expect.poll(() => textOf(shopper, card)).toContain('€ 690');
    expect(await textOf(shopper, '[data-cart-count]')).toBe('0');
    await click(shopper, `${card} [data-action=add-to-cart]`);
    // The demo shop's own script handled the widget's vitrina-add-to-cart event.
    await expect.poll(() => textOf(shopper, '[data-cart-count]')).toBe('1');
  });

  await test.step('the call follows the shopper to another page: same call, the consultant sees the new page', async () => {
    await click(shopper, inWidget('[data-action=minimise]'));
    await shopper.goto(`${shopUrl()}/products/linen-sofa.html`);
    await expectFramesGrowingIn(shopper, widgetRemote);
    expect(await panelCallId(shopper)).toBe(callId);
    await expect(agent.getByTestId('call-page-title')).toHaveText(PRODUCT_TITLES['linen-sofa']);
    await expectFramesGrowing(consultantRemote(agent));
    expect(callEvents(callId).filter((e) => e === 'created')).toHaveLength(1);
    await click(shopper, inWidget('[data-action=expand]'));
  });

  await test.step('the consultant hangs up: Firefox is told, and logs no error of ours', async () => {
    const from = ff.errors.length;
    await agent.getByRole('button', { name: 'Hang up' }).click();
    await waitForText(shopper, 'The call has ended.');
    await expect.poll(() => readCallRow(callId)?.end_reason).toBe('agent-hung-up');
    // Errors after the end arrive asynchronously (a data channel closing): give them the time to.
    await shopper.evaluate('new Promise((r) => setTimeout(r, 1500))');
    expect(errorsBesidesRoomClosed(ff, from)).toEqual([]);
  });
});

test('a Firefox shopper through a network blip and a disconnect, then hangs up and rates the call', async ({ browser }) => {
  const { agent, shopper, callId } = await answeredCall(browser, 1, 'linen-sofa');

  await test.step('the signal connection drops and LiveKit resumes it', async () => {
    await simulate(shopper, 'signal-reconnect');
    await expectFramesGrowingIn(shopper, widgetRemote);
  });

  await test.step('the SFU drops the shopper: the widget rejoins the same call with a fresh token', async () => {
    await simulate(shopper, 'server-leave');
    await waitForText(shopper, 'Connection lost, reconnecting…');
    await expectFramesGrowingIn(shopper, widgetRemote);
    await expectFramesGrowing(consultantRemote(agent));
    expect(await panelCallId(shopper)).toBe(callId);
    expect(readCallRow(callId)?.state).toBe('in-call');
    expect(callEvents(callId).some((e) => e.startsWith('requeued'))).toBe(false);
  });

  await test.step('the shopper hangs up (out of the room before the server deletes it, so Firefox logs no error) and rates the call', async () => {
    const from = ff.errors.length;
    await watchHangUp(shopper);
    await click(shopper, inWidget('[data-action=hang-up]'));
    await waitForText(shopper, 'The call has ended.');
    expect(await roomStatesAtHangUp(shopper), 'out of the room before the server deletes it').toEqual(['disconnected']);
    await expect(agent.getByTestId('call-ended')).toContainText('The call has ended.');
    await expect.poll(() => readCallRow(callId)?.end_reason).toBe('shopper-hung-up');

    await click(shopper, inWidget('button[aria-label="4 of 5"]'));
    await expect.poll(() => textOf(shopper, inWidget('[data-testid=rated]'))).toBe('Thank you for your rating!');
    await fill(shopper, inWidget('textarea[name=comment]'), 'Helpful, even in Firefox.');
    await click(shopper, inWidget('form.comment button[type=submit]'));
    await expect.poll(() => textOf(shopper, inWidget('[data-testid=rated]'))).toBe('Thank you, we have passed it on.');
    expect(readCallRow(callId)?.shopper_rating).toBe(4);
    expect(readCallRow(callId)?.shopper_comment).toBe('Helpful, even in Firefox.');
    // Our own hang-up leaves the room first: not even livekit-client's data-channel line may come.
    expect(ff.errors.slice(from)).toEqual([]);
  });
});
