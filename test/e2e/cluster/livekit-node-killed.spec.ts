import { expect, test } from '@playwright/test';
import { expectMediaBack } from '../../faults/process/support/scene.js';
import { consultantRemote, expectFramesGrowing, shopperRemote, watchStatuses } from '../support.js';
import { answer, callEvents, callRow, consultantAt, control, expectRecordingPlays, openCalls, ringing, roomNode, shopperCalling, tracksOf } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test('the LiveKit node holding a call is killed: the room is placed on the other node and both sides rejoin it, the same call goes on and is recorded, a waiting shopper is still served', async ({ browser }) => {
  const anna = await consultantAt(browser, 0);
  const talking = await shopperCalling(browser, 'reading-chair');
  await answer(anna);
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const waiting = await shopperCalling(browser, 'linen-sofa');
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  const statuses = await watchStatuses(talking.page);
  await expect.poll(async () => (await tracksOf(talking.callId)).length).toBeGreaterThanOrEqual(2);
  const victim = await roomNode(talking.callId);
  expect(victim, 'the call\'s room is on one of the nodes').toMatch(/^livekit-\d$/);

  await control('kill-livekit', victim as string);
  try {
    // Every server notices the node is gone, asks LiveKit for the rooms of open calls again, and LiveKit
    // places them on the node that is left; both browsers rejoin there with fresh tokens.
    await expectMediaBack(shopperRemote(talking.page));
    await expectMediaBack(consultantRemote(anna));
    expect(await roomNode(talking.callId)).not.toBe(victim);
    expect((await callRow(talking.callId))?.state, 'the same call goes on').toBe('in-call');
    expect(statuses, 'the shopper was told it was reconnecting, never that it ended').not.toContain('ended');
    await expect.poll(async () => new Set((await tracksOf(talking.callId)).map((t) => t.segment)).size, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // The shopper who was waiting still is (their room too was put on a live node), and is served.
    await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
    await anna.getByRole('button', { name: 'Hang up' }).click();
    await expect(ringing(anna)).toBeVisible({ timeout: 30_000 });
    await answer(anna);
    await expectFramesGrowing(shopperRemote(waiting.page));
    await expectFramesGrowing(consultantRemote(anna));
    expect((await callEvents(waiting.callId)).at(-1)).toBe('answered:Anna');
    await anna.getByRole('button', { name: 'Hang up' }).click();

    await expect.poll(async () => (await callRow(talking.callId))?.recording, { timeout: 30_000 }).toBe('partial');
    await expectRecordingPlays(talking.callId);
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  } finally {
    await control('start-livekit', victim as string);
  }
});
