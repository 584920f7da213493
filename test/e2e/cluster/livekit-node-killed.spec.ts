import { expect, test } from '@playwright/test';
import {
  closeAllContexts,
  expectMediaBack,
  expectPlayable,
  openCalls,
  segmentCount,
  serveTheWaiting,
  talkingAndWaiting,
} from '../../faults/process/support/scene.js';
import { consultantRemote, readCallRow, shopperRemote, unbroken } from '../support.js';
import { control, roomNode } from './support.js';

test.afterEach(closeAllContexts);

test('the LiveKit node holding a call is killed: the room is placed on the other node and both sides rejoin it, the same call goes on and is recorded, a waiting shopper is still served', async ({
  browser,
}) => {
  const { anna, talking, waiting, statuses } = await talkingAndWaiting(browser);
  const victim = await roomNode(talking.callId);
  expect(victim, "the call's room is on one of the nodes").toMatch(/^livekit-\d$/);

  await control('kill-livekit', victim as string);
  try {
    // Every server notices the node is gone, asks LiveKit for the rooms of open calls again, and LiveKit
    // places them on the node that is left; both browsers rejoin there with fresh tokens.
    await expectMediaBack(shopperRemote(talking.page));
    await expectMediaBack(consultantRemote(anna));
    expect(await roomNode(talking.callId)).not.toBe(victim);
    expect(readCallRow(talking.callId)?.state, 'the same call goes on').toBe('in-call');
    expect(unbroken(statuses.talking), 'the shopper was told it was reconnecting, never that it ended').toBe(true);
    await expect.poll(() => segmentCount(talking.callId), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // The shopper who was waiting still is (their room too was put on a live node), and is served.
    expect(await serveTheWaiting(anna, waiting), 'the waiting shopper is served').toBe(true);
    expect(unbroken(statuses.waiting)).toBe(true);
    await anna.getByRole('button', { name: 'Hang up' }).click();

    await expect.poll(() => readCallRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
    expectPlayable(talking.callId);
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  } finally {
    await control('start-livekit', victim as string);
  }
});
