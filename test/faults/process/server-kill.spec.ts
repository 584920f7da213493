import { expect, test } from '@playwright/test';
import { consultantRemote, expectFramesGrowing, readCallRow, shopperRemote, unbroken } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { closeAllContexts, expectPlayable, killServer, openCalls, segmentCount, serveTheWaiting, talkingAndWaiting } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(closeAllContexts);

test('our server is killed (SIGKILL) with one call running and one shopper waiting: the call goes on, the shopper keeps their place and is served, the recording is finished partial and playable', async ({
  browser,
}) => {
  const { anna, talking, waiting, statuses } = await talkingAndWaiting(browser);

  await killServer();

  // The call runs in LiveKit, not in our process: media never stopped, and nobody was told otherwise.
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const callLived = unbroken(statuses.talking);
  tally.count('our server killed mid-call: the call goes on with media both ways', { handled: callLived, lost: callLived ? 0 : 1 });
  expect(callLived).toBe(true);

  // The recorder died with the server: the new server finishes the old files as partial and records the rest.
  await expect.poll(() => segmentCount(talking.callId), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  // The shopper in line still is, and is served once Anna is free.
  const served = (await serveTheWaiting(anna, waiting)) && unbroken(statuses.waiting);
  tally.count('our server killed with a shopper waiting: they keep their place and are served after', { handled: served, lost: served ? 0 : 1 });
  expect(served).toBe(true);
  await waiting.page.getByRole('button', { name: 'Hang up' }).click();

  // Nothing is left open, and the interrupted recording plays, every file of it.
  await expect.poll(() => readCallRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const seconds = expectPlayable(talking.callId);
  tally.count('our server killed mid-recording: recording partial, every file playable', { handled: seconds.every((s) => s > 0) });
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  tally.count('our server killed: no call left open afterwards', { handled: true });
});
