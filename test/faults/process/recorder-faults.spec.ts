import { spawnSync } from 'node:child_process';
import { rmSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { consultantRemote, expectFramesGrowing, readCallRow, serverUrl, shopperRemote } from '../../e2e/support.js';
import { Tally } from '../support/tally.js';
import { answer, closeAllContexts, consultantIn, expectPlayable, killRecorder, openCalls, segmentCount, shopperCalling, tracksOf } from './support/scene.js';

const tally = new Tally();
test.afterAll(() => void tally.flush());
test.afterEach(closeAllContexts);

/** A call answered and being recorded, media flowing both ways. */
async function recordedCall(browser: import('@playwright/test').Browser) {
  const anna = await consultantIn(browser, 0);
  const shopper = await shopperCalling(browser);
  await answer(anna);
  await expectFramesGrowing(shopperRemote(shopper.page));
  await expectFramesGrowing(consultantRemote(anna));
  await expect.poll(() => tracksOf(shopper.callId).length).toBeGreaterThanOrEqual(2);
  return { anna, shopper };
}

test('the recorder browser is killed mid-call: the call goes on, a new recorder joins, the recording is partial and every file plays', async ({ browser }) => {
  const { anna, shopper } = await recordedCall(browser);
  await anna.waitForTimeout(2000);
  await killRecorder();

  await expect.poll(() => segmentCount(shopper.callId), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expectFramesGrowing(shopperRemote(shopper.page));
  await anna.waitForTimeout(2000);
  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => readCallRow(shopper.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const seconds = expectPlayable(shopper.callId);
  tally.count('recorder browser killed mid-call: call goes on, new recorder joins, every file playable', { handled: seconds.every((s) => s > 0) });
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
});

test('the recordings disk fills up mid-call: the call goes on, what was written stays playable, recording resumes when space is back', async ({ browser }) => {
  const dir = process.env.E2E_RECORDINGS_DIR ?? '';
  const { anna, shopper } = await recordedCall(browser);
  await anna.waitForTimeout(2000);

  // Every free byte taken, as another program filling the disk would. The recorder keeps
  // writing meanwhile, so the disk is topped up until less than 64 KB is left.
  const free = () => {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  };
  const fillers: string[] = [];
  for (let i = 0; i < 10 && free() >= 64 * 1024; i++) {
    fillers.push(path.join(dir, `filler-${i}`));
    spawnSync('fallocate', ['-l', String(Math.max(4096, free() - 16 * 1024)), fillers[i]]);
  }
  try {
    expect(free()).toBeLessThan(64 * 1024);
    await anna.waitForTimeout(5000);
    await expectFramesGrowing(shopperRemote(shopper.page));
    await expectFramesGrowing(consultantRemote(anna));
    expect((await fetch(`${serverUrl()}/healthz`)).status).toBe(200);
    expect(readCallRow(shopper.callId)?.state).toBe('in-call');
  } finally {
    for (const filler of fillers) rmSync(filler, { force: true });
  }
  // With room again, a new segment records the rest of the call.
  const segmentsBefore = Math.max(...tracksOf(shopper.callId).map((t) => t.segment));
  await expect.poll(() => Math.max(...tracksOf(shopper.callId).map((t) => t.segment)), { timeout: 30_000 }).toBeGreaterThan(segmentsBefore);
  await anna.waitForTimeout(3000);
  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => readCallRow(shopper.callId)?.recording, { timeout: 30_000 }).toBe('partial');
  const tracks = tracksOf(shopper.callId);
  const seconds = expectPlayable(shopper.callId);
  const resumed = tracks.filter((t) => t.segment > segmentsBefore && t.kind === 'video').length > 0;
  tally.count('recordings disk full mid-call: call goes on, files so far kept playable, recording resumes with space', {
    handled: resumed && seconds.every((s) => s > 0),
  });
  expect(resumed).toBe(true);
  await expect.poll(() => openCalls(), { timeout: 20_000 }).toEqual([]);
});
