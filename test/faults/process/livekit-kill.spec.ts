import { expect, test } from '@playwright/test';
import { consultantRemote, readCallRow, shopperRemote, unbroken } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import {
  closeAllContexts,
  expectMediaBack,
  expectPlayable,
  killLivekit,
  openCalls,
  segmentCount,
  serveTheWaiting,
  talkingAndWaiting,
} from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(closeAllContexts);

test('livekit-server is killed (SIGKILL) and restarted with one call running and one shopper waiting: rooms come back, the call rejoins with media, the waiting shopper is served, the recording is partial and playable', async ({
  browser,
}) => {
  const { anna, talking, waiting, statuses } = await talkingAndWaiting(browser);

  const killedAt = Date.now();
  const told = Promise.all(
    [talking.page, anna].map((page) =>
      page
        .getByTestId('reconnecting')
        .first()
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  await killLivekit();
  // While the media server is gone, both sides say so.
  const bothTold = (await told).every(Boolean);
  tally.count('livekit-server killed mid-call: shopper and consultant told while it is out', { handled: bothTold });
  expect(bothTold, 'shopper and consultant were told the connection was lost').toBe(true);

  // Our server creates the lost rooms again; both browsers find their way back into the same call.
  await expectMediaBack(shopperRemote(talking.page));
  await expectMediaBack(consultantRemote(anna));
  console.log(`media both ways again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after livekit-server was killed`);
  const rejoined = readCallRow(talking.callId)?.state === 'in-call' && unbroken(statuses.talking);
  tally.count('livekit-server killed mid-call: both sides rejoin the same call with media', { handled: rejoined, lost: rejoined ? 0 : 1 });
  expect(rejoined).toBe(true);
  // The recorder lost its room too: a new segment records the rest.
  await expect.poll(() => segmentCount(talking.callId), { timeout: 40_000 }).toBeGreaterThanOrEqual(2);

  // The waiting shopper still waits, first in line, and is served when Anna is free.
  await anna.waitForTimeout(2000);
  const served = (await serveTheWaiting(anna, waiting)) && unbroken(statuses.waiting);
  tally.count('livekit-server killed with a shopper waiting: they keep their place and are served after', { handled: served, lost: served ? 0 : 1 });
  expect(served).toBe(true);
  await waiting.page.getByRole('button', { name: 'Hang up' }).click();

  await expect.poll(() => readCallRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const seconds = expectPlayable(talking.callId);
  tally.count('livekit-server killed mid-recording: recording partial, every file playable', { handled: seconds.every((s) => s > 0) });
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  tally.count('livekit-server killed: no call left open afterwards', { handled: true });
});
