import { expect, test } from '@playwright/test';
import { consultantRemote, expectFramesGrowing, shopperRemote, unbroken, watchStatuses } from '../support.js';
import { answer, callEvents, callRow, consultantAt, control, expectRecordingPlays, openCalls, recordingServer, ringing, servers, shopperCalling, tracksOf } from './support.js';

test.afterEach(async ({ browser }) => {
  for (const context of browser.contexts()) await context.close();
});

test('the server recording a call is killed (SIGKILL) while a shopper waits: consoles and widgets carry on through the other server, which takes the recording over; the waiting shopper is served', async ({ browser }) => {
  const anna = await consultantAt(browser, 0);
  const talking = await shopperCalling(browser, 'reading-chair');
  await answer(anna);
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const waiting = await shopperCalling(browser, 'linen-sofa');
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  const statuses = { talking: await watchStatuses(talking.page), waiting: await watchStatuses(waiting.page) };
  await expect.poll(async () => (await tracksOf(talking.callId)).length).toBeGreaterThanOrEqual(2);
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
    await expect.poll(async () => new Set((await tracksOf(talking.callId)).map((t) => t.segment)).size, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // Anna's console and the waiting shopper's widget reach the surviving server through the balancer:
    // hanging up goes through, and the next ring arrives there.
    await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
    await anna.getByRole('button', { name: 'Hang up' }).click();
    await expect(ringing(anna)).toBeVisible({ timeout: 30_000 });
    await answer(anna);
    await expectFramesGrowing(shopperRemote(waiting.page));
    await expectFramesGrowing(consultantRemote(anna));
    expect(unbroken(statuses.waiting), 'the waiting shopper kept their call').toBe(true);
    expect((await callEvents(waiting.callId)).at(-1)).toBe('answered:Anna');
    await anna.getByRole('button', { name: 'Hang up' }).click();

    // The surviving server took the recording over: what the dead one wrote is kept, the gap makes it partial, every file plays.
    await expect.poll(async () => (await callRow(talking.callId))?.recording, { timeout: 30_000 }).toBe('partial');
    await expectRecordingPlays(talking.callId);
    await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
  } finally {
    await control('start', victim as string);
  }
});
