import { expect, test, type Page } from '@playwright/test';
import { expectFramesGrowing } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { answer, callRow, consultantIn, consultantRemote, expectPlayable, killServer, openCalls, ringing, shopperCalling, shopperRemote, tracksOf } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

/** Every status the shopper's widget reports, from now on. */
async function statusesOf(shopper: Page): Promise<string[]> {
  const seen: string[] = [];
  await shopper.exposeFunction('faultStatus', (s: string) => seen.push(s));
  await shopper.evaluate("document.addEventListener('vitrina-call-status', (e) => window.faultStatus(e.detail.status))");
  return seen;
}

test('our server is killed (SIGKILL) with one call running and one shopper waiting: the call goes on, the shopper keeps their place and is served, the recording is finished partial and playable', async ({ browser }) => {
  const anna = await consultantIn(browser, 0);
  const talking = await shopperCalling(browser, 'reading-chair');
  await answer(anna);
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const waiting = await shopperCalling(browser, 'linen-sofa');
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  const talkingStatuses = await statusesOf(talking.page);
  const waitingStatuses = await statusesOf(waiting.page);
  // Let the recorder write a few seconds first.
  await expect.poll(() => tracksOf(talking.callId).length).toBeGreaterThanOrEqual(2);
  await anna.waitForTimeout(2000);

  await killServer();

  // The call runs in LiveKit, not in our process: media never stopped, and nobody was told otherwise.
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const callLived = !talkingStatuses.includes('ended') && !talkingStatuses.includes('failed');
  tally.count('our server killed mid-call: the call goes on with media both ways', { handled: callLived, lost: callLived ? 0 : 1 });
  expect(talkingStatuses).not.toContain('ended');

  // The recorder died with the server: the new server finishes the old files as partial and records the rest.
  await expect.poll(() => new Set(tracksOf(talking.callId).map((t) => t.segment)).size, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  // The shopper in line still is, and is served once Anna is free.
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect(ringing(anna)).toBeVisible();
  await answer(anna);
  await expectFramesGrowing(shopperRemote(waiting.page));
  const served = !waitingStatuses.includes('failed') && !waitingStatuses.includes('ended');
  tally.count('our server killed with a shopper waiting: they keep their place and are served after', { handled: served, lost: served ? 0 : 1 });
  expect(waitingStatuses).not.toContain('failed');
  await waiting.page.getByRole('button', { name: 'Hang up' }).click();

  // Nothing is left open, and the interrupted recording plays, every file of it.
  await expect.poll(() => callRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const seconds = expectPlayable(talking.callId);
  tally.count('our server killed mid-recording: recording partial, every file playable', { handled: seconds.every((s) => s > 0) });
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  tally.count('our server killed: no call left open afterwards', { handled: true });
});
