import { expect, test } from '@playwright/test';
import { closeAllContexts, expectPlayable, openCalls, segmentCount, serveTheWaiting, talkingAndWaiting } from '../../faults/process/support/scene.js';
import { consultantRemote, expectFramesGrowing, readCallRow, shopperRemote, unbroken } from '../support.js';
import { control, recordingServer, servers } from './support.js';

test.afterEach(closeAllContexts);

test('the server recording a call is killed (SIGKILL) while a shopper waits: consoles and widgets carry on through the other server, which takes the recording over; the waiting shopper is served', async ({
  browser,
}) => {
  const { anna, talking, waiting, statuses } = await talkingAndWaiting(browser);
  const victim = await recordingServer(talking.callId);
  expect(victim, 'one of the servers records the call').toBeDefined();
  expect(servers().map((s) => s.name)).toContain(victim);

  await control('kill', victim as string);
  try {
    // Media runs through LiveKit, not through our servers.
    await expectFramesGrowing(shopperRemote(talking.page));
    await expectFramesGrowing(consultantRemote(anna));
    expect(unbroken(statuses.talking), 'nobody was told the call broke').toBe(true);
    // Once the dead server's lease runs out, the surviving server's recorder joins the call.
    await expect.poll(() => segmentCount(talking.callId), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // Anna's console and the waiting shopper's widget reach the surviving server through the balancer:
    // her hang-up goes through, and the next ring arrives there.
    expect(await serveTheWaiting(anna, waiting), 'the waiting shopper is served').toBe(true);
    expect(unbroken(statuses.waiting), 'the waiting shopper kept their call').toBe(true);
    await anna.getByRole('button', { name: 'Hang up' }).click();

    // What the dead server recorded is kept, the gap makes it partial, every file plays.
    await expect.poll(() => readCallRow(talking.callId)?.recording, { timeout: 30_000 }).toBe('partial');
    expectPlayable(talking.callId);
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  } finally {
    await control('start', victim as string);
  }
});
