import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { RecordingFile } from '../../server/contract/admin.js';
import { probe, undecodableAt } from '../support/media-probe.js';
import {
  callFirstAvailable,
  expectFramesGrowing,
  queuedCallId,
  readCallRow,
  screenshotPath,
  serverUrl,
  shopUrl,
  signInAsAgent,
  signInAsOwner,
  expectAccessible,
} from './support.js';

async function fetchTo(request: APIRequestContext, url: string, file: string): Promise<string> {
  const res = await request.get(`${serverUrl()}${url}`);
  expect(res.status(), url).toBe(200);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, await res.body());
  return file;
}

test(
  'every call is recorded: the owner finds it by consultant and watches it as one, the shared screen included',
  { tag: '@store' },
  async ({ browser }, info) => {
    const agentContext = await browser.newContext();
    const shopperContext = await browser.newContext();
    const ownerContext = await browser.newContext();
    const agent = await agentContext.newPage();
    const shopper = await shopperContext.newPage();
    const owner = await ownerContext.newPage();

    await signInAsAgent(agent, 1);
    await shopper.goto(`${shopUrl()}/products/reading-chair.html`);
    const callIdPromise = queuedCallId(shopper);
    await callFirstAvailable(shopper);
    // Told before anyone joins that the call is recorded.
    await expect(shopper.getByTestId('recording-notice').first()).toContainText('This call is recorded');
    await shopper.screenshot({ path: screenshotPath('shopper-waiting-recording-notice') });
    const callId = await callIdPromise;
    await agent.getByRole('alertdialog', { name: 'Incoming call' }).getByRole('button', { name: 'Accept' }).click();
    await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));

    // The consultant demos something on screen for a few seconds; the shopper sees it.
    await agent.getByRole('button', { name: 'Share screen' }).click();
    await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.screen video'));
    // Readable: the panel grows to a large stage, and the consultant's face stays beside the screen.
    await expect(shopper.locator('vitrina-call-panel')).toHaveAttribute('wide', '');
    expect((await shopper.locator('vitrina-call-panel').boundingBox())?.width).toBeGreaterThan(900);
    await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.face video'));
    await shopper.screenshot({ path: screenshotPath('shopper-sees-shared-screen') });
    await shopper.getByRole('button', { name: 'Enlarge the screen' }).click();
    await shopper.screenshot({ path: screenshotPath('shopper-sees-shared-screen-enlarged') });
    await shopper.getByRole('button', { name: 'Enlarge the screen' }).click();
    await agent.waitForTimeout(2500);
    await agent.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(shopper.locator('vitrina-call-panel vitrina-media-view.screen')).toHaveCount(0);
    await expectFramesGrowing(shopper.locator('vitrina-call-panel vitrina-media-view.remote video'));
    await agent.waitForTimeout(2500);
    await agent.getByRole('button', { name: 'Hang up' }).click();
    // The shopper rates the call; the owner will see it.
    await shopper.getByRole('button', { name: '4 of 5' }).click();
    await expect(shopper.getByTestId('rated')).toBeVisible();
    await shopper.getByLabel('Anything to add? (optional)').fill('Clear demo of the chair, thank you.');
    await shopper.getByRole('button', { name: 'Send' }).click();
    await expect(shopper.getByTestId('rated')).toHaveText('Thank you, we have passed it on.');
    await shopper.screenshot({ path: screenshotPath('shopper-rated') });
    await expect.poll(() => readCallRow(callId)?.recording, { timeout: 20_000 }).toBe('complete');
    expect(readCallRow(callId)?.shopper_rating).toBe(4);
    expect(readCallRow(callId)?.shopper_comment).toBe('Clear demo of the chair, thank you.');
    const row = readCallRow(callId) as { answered_at: number; ended_at: number };
    const talkMs = row.ended_at - row.answered_at;

    // The owner finds it by consultant.
    await signInAsOwner(owner);
    await owner.getByLabel('Consultant').selectOption({ label: 'Boris' });
    const link = owner.locator(`tr[data-call-id="${callId}"] a`);
    await expect(link).toBeVisible();
    await expect(owner.locator(`tr[data-call-id="${callId}"] td`).nth(7)).toHaveText('4');
    await owner.screenshot({ path: screenshotPath('admin-calls') });
    await expectAccessible(owner);
    await link.click();
    await expect(owner.getByTestId('recording-status')).toHaveText('Recorded');
    const player = owner.locator('vitrina-synced-player');
    await player.getByRole('button', { name: 'Play' }).click();
    const videos = player.locator('video');
    await expect.poll(() => videos.count()).toBeGreaterThanOrEqual(3);
    const faces = player.locator('.faces video, .stage.no-screen video');
    await expect
      .poll(() => faces.evaluateAll((vs) => vs.map((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames).every((n) => n > 5)), {
        message: 'the faces play',
      })
      .toBe(true);
    await owner.screenshot({ path: screenshotPath('admin-call-playing') });
    await expectAccessible(owner);
    // One speed for all, one seek for all.
    await player.getByRole('button', { name: '2×' }).click();
    await expect.poll(() => player.locator('video, audio').evaluateAll((ms) => ms.every((m) => (m as HTMLMediaElement).playbackRate === 2))).toBe(true);
    await player.getByRole('button', { name: 'Pause' }).click();
    await player.getByRole('slider', { name: 'Position in the call' }).fill('3');
    const spread = await player
      .locator('video, audio')
      .evaluateAll((ms) => ms.filter((m) => (m as HTMLMediaElement).closest('.off') === null).map((m) => (m as HTMLMediaElement).currentTime));
    expect(spread.length).toBeGreaterThan(0);

    // Every file, as a player reads it: the talk's length, decodable where one seeks, voices present.
    const { files } = (await (await ownerContext.request.get(`${serverUrl()}/api/admin/calls/${callId}`)).json()) as { files: RecordingFile[] };
    const sources = files.map((f) => `${f.from.role}/${f.source}`).sort();
    expect(sources).toEqual(['agent/camera', 'agent/microphone', 'agent/screen_share', 'shopper/camera', 'shopper/microphone']);
    for (const file of files) {
      const local = await fetchTo(ownerContext.request, file.url, path.join(info.outputDir, `${file.id}.webm`));
      const p = await probe(local);
      if (file.source === 'screen_share') {
        expect(p.durationMs, 'the screen share lasted as long as it was shared').toBeGreaterThan(1500);
        expect(p.durationMs).toBeLessThan(talkMs - 1000);
      } else {
        expect(
          Math.abs(p.durationMs + file.offsetMs - talkMs),
          `${file.from.role}/${file.source}: ${p.durationMs} ms from ${file.offsetMs} ms vs talk ${talkMs} ms`,
        ).toBeLessThan(1000);
      }
      expect(p.streams[0]?.codec).toBe(file.kind === 'video' ? 'vp8' : 'opus');
      if (file.kind === 'video') expect(await undecodableAt(local, [0.3, p.durationMs / 2000, p.durationMs / 1000 - 0.5])).toEqual([]);
    }

    // Download: one click makes one composite file that plays, and downloads it when it is ready.
    const downloaded = owner.waitForEvent('download', { timeout: 60_000 });
    await owner.getByRole('button', { name: 'Download as one video' }).click();
    expect((await downloaded).suggestedFilename()).toBe(`vitrina-${callId}.mp4`);
    await expect(owner.getByRole('link', { name: /Download again/ })).toBeVisible();
    const mp4 = await fetchTo(ownerContext.request, `/api/admin/calls/${callId}/composite.mp4`, path.join(info.outputDir, 'composite.mp4'));
    const composite = await probe(mp4);
    expect(composite.streams.map((s) => s.codec).sort()).toEqual(['aac', 'h264']);
    expect(await undecodableAt(mp4, [0.5, composite.durationMs / 2000])).toEqual([]);

    await agentContext.close();
    await shopperContext.close();
    await ownerContext.close();
  },
);
