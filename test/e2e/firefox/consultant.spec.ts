import { expect, test } from '@playwright/test';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { DEMO_AGENTS } from '../../../server/accounts/demo-seed.js';
import {
  callFirstAvailable,
  expectFramesGrowing,
  expectLiveAudio,
  queuedCallId,
  readCallRow,
  serverUrl,
  shopperRemote,
  shopUrl,
  watchPeerConnections,
} from '../support.js';
import {
  click,
  consoleRemote,
  expectFramesGrowingIn,
  expectVoiceArriving,
  firefox,
  inAdmin,
  inConsole,
  textOf,
  VOICE_ENERGY,
  waitFor,
  waitForText,
  fill,
  type FirefoxSide,
} from './support.js';

/** The consultant's console and the owner's admin page in Firefox, the shopper in Chromium. */
let ff: FirefoxSide;
test.beforeAll(async () => {
  ff = await firefox();
});
test.afterEach(async ({ browser }, info) => {
  await ff.closePages(info);
  for (const context of browser.contexts()) await context.close();
});
test.afterAll(async () => {
  await ff?.close('test-results/e2e-firefox/consultant-console.log');
});

// The second test reviews the call the first one made: one call, recorded, serves both.
test.describe.configure({ mode: 'serial' });
let recordedCallId = '';

const TITLE = 'Ash reading chair — Oak & Linen';

/** As `signInAsAgent`, in Firefox: signs in and makes the consultant available. */
async function signInInFirefox(page: FirefoxPage, which: 0 | 1): Promise<void> {
  const agent = DEMO_AGENTS[which];
  await page.goto(`${serverUrl()}/console/agent/`);
  await fill(page, inConsole('input[name=email]'), agent.email);
  await fill(page, inConsole('input[name=password]'), agent.password);
  await click(page, inConsole('button[type=submit]'));
  const status = inConsole('[data-testid=agent-status]');
  await waitFor(page, status);
  // Availability is kept in the store: a consultant available in an earlier test still is.
  if (!(await textOf(page, status))?.startsWith('Available')) await click(page, inConsole(`::-p-text(I'm available)`));
  // Exactly "Available": no "connecting…" after it, the console's event stream is up.
  await expect.poll(() => textOf(page, status)).toBe('Available');
}

test('a Chromium shopper rings a consultant whose console is in Firefox: accepted, faces and voices both ways, hung up from Firefox', async ({ browser }) => {
  const consultant = await ff.page();
  await signInInFirefox(consultant, 1);

  const shopperContext = await browser.newContext();
  const shopper = await shopperContext.newPage();
  await watchPeerConnections(shopper);
  await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
  const callIdPromise = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  const callId = await callIdPromise;

  // The ring names the shopper's page; only that ring is taken (one an earlier test left may come first).
  await expect.poll(() => textOf(consultant, inConsole('[role=alertdialog] [data-testid=call-page-title]')), { timeout: 30_000 }).toBe(TITLE);
  await click(consultant, inConsole('[role=alertdialog] button.accept'));

  await expectFramesGrowingIn(consultant, consoleRemote);
  await expectFramesGrowing(shopperRemote(shopper));
  await expectLiveAudio(shopper.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
  await expectVoiceArriving(() => shopper.evaluate<number>(VOICE_ENERGY), "Firefox's voice reaches the shopper");
  await expectVoiceArriving(() => consultant.evaluate(VOICE_ENERGY) as Promise<number>, "the shopper's voice reaches Firefox");
  // A few seconds of talk for the recording the next test plays.
  await consultant.evaluate('new Promise((r) => setTimeout(r, 2000))');

  const from = ff.errors.length;
  await click(consultant, inConsole('[data-action=hang-up]'));
  await expect(shopper.getByText('The call has ended.').first()).toBeVisible();
  await waitForText(consultant, 'The call has ended.');
  await expect.poll(() => readCallRow(callId)?.end_reason).toBe('agent-hung-up');
  await consultant.evaluate('new Promise((r) => setTimeout(r, 1500))');
  // The console leaves the room before it tells the server (AgentCall.hangUp): no error at all.
  expect(ff.errors.slice(from)).toEqual([]);
  recordedCallId = callId;

  // Away again, so that no later test's shopper rings this console.
  await click(consultant, inConsole(`::-p-text(Go away)`));
});

test("the owner reviews that call in Firefox: the synced player plays the recording, the Firefox consultant's camera included", async () => {
  // Serial: the test before made this call (had it failed, this one would not run).
  expect(recordedCallId, 'the call the test before made').not.toBe('');
  // The recorder finishes the files a moment after the call ends.
  await expect.poll(() => readCallRow(recordedCallId)?.recording, { timeout: 30_000 }).toBe('complete');

  const owner = await ff.page();
  await owner.goto(`${serverUrl()}/console/admin/`);
  await fill(owner, inAdmin('input[name=email]'), DEMO_AGENTS[2].email);
  await fill(owner, inAdmin('input[name=password]'), DEMO_AGENTS[2].password);
  await click(owner, inAdmin('button[type=submit]'));
  await waitFor(owner, inAdmin(`a[href="#/calls/${recordedCallId}"]`));
  await click(owner, inAdmin(`a[href="#/calls/${recordedCallId}"]`));
  await expect.poll(() => textOf(owner, inAdmin('[data-testid=recording-status]'))).toBe('Recorded');

  const player = inAdmin('vitrina-synced-player');
  await click(owner, `${player} >>> [data-action=play]`);
  // Every face tile decodes frames, and the shared clock moves the videos along.
  const faces = () =>
    owner.$$eval(`${player} >>> .tile video`, (vs) =>
      vs.map((v) => (v instanceof HTMLVideoElement ? { frames: v.getVideoPlaybackQuality().totalVideoFrames, time: v.currentTime } : { frames: 0, time: 0 })),
    );
  await expect.poll(async () => (await faces()).length).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => (await faces()).every((f) => f.frames > 5), { message: 'the faces play' }).toBe(true);
  const before = Math.max(...(await faces()).map((f) => f.time));
  await expect
    .poll(async () => Math.max(...(await faces()).map((f) => f.time)), { message: 'playback moves on', timeout: 5_000 })
    .toBeGreaterThan(before + 0.5);
});
