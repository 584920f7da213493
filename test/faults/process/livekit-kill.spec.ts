import { expect, test, type Page } from '@playwright/test';
import { callEvents, expectFramesGrowing } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { answer, callRow, consultantIn, consultantRemote, expectMediaBack, expectPlayable, killLivekit, openCalls, ringing, shopperCalling, shopperRemote, tracksOf } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

async function statusesOf(shopper: Page): Promise<string[]> {
  const seen: string[] = [];
  await shopper.exposeFunction('faultStatus', (s: string) => seen.push(s));
  await shopper.evaluate("document.addEventListener('vitrina-call-status', (e) => window.faultStatus(e.detail.status))");
  return seen;
}

test('livekit-server is killed (SIGKILL) and restarted with one call running and one shopper waiting: rooms come back, the call rejoins with media, the waiting shopper is served, the recording is partial and playable', async ({ browser }) => {
  const anna = await consultantIn(browser, 0);
  const talking = await shopperCalling(browser, 'reading-chair');
  await answer(anna);
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const waiting = await shopperCalling(browser, 'linen-sofa');
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  const talkingStatuses = await statusesOf(talking.page);
  const waitingStatuses = await statusesOf(waiting.page);
  await expect.poll(() => tracksOf(talking.callId).length).toBeGreaterThanOrEqual(2);
  await anna.waitForTimeout(2000);

  const killedAt = Date.now();
  await killLivekit();

  // Our server creates the lost rooms again; both browsers find their way back into the same call.
  await expectMediaBack(shopperRemote(talking.page));
  await expectMediaBack(consultantRemote(anna));
  console.log(`media both ways again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after livekit-server was killed`);
  const rejoined = callRow(talking.callId)?.state === 'in-call' && !talkingStatuses.includes('ended') && !talkingStatuses.includes('failed');
  tally.count('livekit-server killed mid-call: both sides rejoin the same call with media', { handled: rejoined, lost: rejoined ? 0 : 1 });
  expect(talkingStatuses).not.toContain('ended');
  expect(callRow(talking.callId)?.state).toBe('in-call');
  // The recorder lost its room too: a new segment records the rest.
  await expect.poll(() => new Set(tracksOf(talking.callId).map((t) => t.segment)).size, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);

  // The waiting shopper still waits, first in line, and is served when Anna is free.
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  await anna.waitForTimeout(2000);
  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect(ringing(anna)).toBeVisible();
  await answer(anna);
  await expectFramesGrowing(shopperRemote(waiting.page));
  await expectFramesGrowing(consultantRemote(anna));
  const served = callEvents(waiting.callId).at(-1) === 'answered:Anna' && !waitingStatuses.includes('failed') && !waitingStatuses.includes('ended');
  tally.count('livekit-server killed with a shopper waiting: they keep their place and are served after', { handled: served, lost: served ? 0 : 1 });
  expect(waitingStatuses).not.toContain('failed');
  await waiting.page.getByRole('button', { name: 'Hang up' }).click();

  await expect.poll(() => callRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const seconds = expectPlayable(talking.callId);
  tally.count('livekit-server killed mid-recording: recording partial, every file playable', { handled: seconds.every((s) => s > 0) });
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  tally.count('livekit-server killed: no call left open afterwards', { handled: true });
});
