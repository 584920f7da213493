import { expect, test } from '@playwright/test';
import { consultantRemote, expectFramesGrowing, expectLiveAudio, shopperRemote } from '../support.js';
import { answer, closeAllContexts, consultantIn, expectPlayable, tracksOf } from '../../faults/process/support/scene.js';
import { callEvents, readCallRow } from '../support.js';
import { servers, shopperOnServerOne } from './support.js';

test.afterEach(closeAllContexts);

test('a shopper whose widget talks to server 1 and a consultant whose console talks to server 2 see and hear each other, and the call is recorded once', async ({
  browser,
}) => {
  const [one, two] = servers();
  if (!one || !two) throw new Error('the cluster stack has two servers');
  expect(one.livekitUrl).not.toBe(two.livekitUrl);

  const anna = await consultantIn(browser, 0, two.url);
  const shopper = await shopperOnServerOne(browser);
  await answer(anna);

  // Each side joined the room through its own server's LiveKit node: one of them is relayed to the room's node.
  await expectFramesGrowing(shopperRemote(shopper.page));
  await expectFramesGrowing(consultantRemote(anna));
  await expectLiveAudio(shopper.page.locator('vitrina-call-panel vitrina-media-view[kind=audio] audio'));
  await expectLiveAudio(anna.locator('vitrina-agent-console vitrina-media-view[kind=audio] audio'));
  await expect.poll(() => tracksOf(shopper.callId).length, { message: 'the recorder writes every track' }).toBeGreaterThanOrEqual(4);
  await anna.waitForTimeout(3000);

  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect(shopper.page.getByText('The call has ended.').first()).toBeVisible();
  await expect.poll(() => readCallRow(shopper.callId)?.recording, { timeout: 30_000 }).toBe('complete');
  expect(callEvents(shopper.callId)).toEqual(expect.arrayContaining(['offered:Anna', 'answered:Anna']));
  const tracks = tracksOf(shopper.callId);
  expect(
    tracks.every((t) => t.segment === 1),
    'one recorder, never interrupted',
  ).toBe(true);
  expect(new Set(tracks.map((t) => t.source)).size, 'one file per source and party, no doubles').toBe(tracks.length / 2);
  expectPlayable(shopper.callId);
});
