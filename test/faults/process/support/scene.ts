import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { chromium, expect, type Browser, type Locator, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../../support/chromium.js';
import {
  callEvents,
  callFirstAvailable,
  consultantRemote,
  expectFramesGrowing,
  explainingVideo,
  queuedCallId,
  storeRows,
  shopperRemote,
  shopUrl,
  signInAsAgent,
  watchStatuses,
} from '../../../e2e/support.js';

/** Asks the fault stack's owner (the global setup) to do something to a process. */
async function control(action: string): Promise<unknown> {
  const res = await fetch(`${process.env.FAULTS_CONTROL_URL}/${action}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** SIGKILL for our server (no shutdown code runs), then the same command starts it again. */
export const killServer = () => control('kill-server');
/** SIGKILL for livekit-server (every room it held is gone), then it starts again on the same ports. */
export const killLivekit = () => control('kill-livekit');

/** SIGKILL for the oldest process whose command line carries `marker` (a browser's main process). */
function killMarked(marker: string, what: string): void {
  const pid = Number(spawnSync('pgrep', ['-o', '-f', '--', marker], { encoding: 'utf8' }).stdout.trim());
  if (!pid) throw new Error(`${what} is not running`);
  process.kill(pid, 'SIGKILL');
}

/** SIGKILL for the server's recorder browser. */
export async function killRecorder(): Promise<void> {
  const { pid: serverPid } = (await control('server-pid')) as { pid: number };
  // The recorder browser carries its server's pid on its command line (recordings/recorder/recorder-browser.ts).
  killMarked(`--vitrina-recorder=${serverPid}-`, 'the recorder browser');
}

const ringOf = (page: Page) => page.getByRole('alertdialog', { name: 'Incoming call' });

/**
 * Waits (up to `timeoutMs`) until decoded frames are growing again on this video, which may be
 * a new element after a rejoin: more than five new frames within a second.
 */
export async function expectMediaBack(video: Locator, timeoutMs = 45_000): Promise<void> {
  const frames = () => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames).catch(() => 0);
  await explainingVideo(video, () =>
    expect
      .poll(
        async () => {
          const before = await frames();
          await new Promise((r) => setTimeout(r, 1000));
          return (await frames()) - before;
        },
        { message: 'decoded frames growing again', timeout: timeoutMs, intervals: [0] },
      )
      .toBeGreaterThan(5),
  );
}

/** A consultant's console in a browser of its own, so that the test can kill that browser's process. */
export async function consultantInOwnBrowser(which: 0 | 1): Promise<{ page: Page; browser: Browser; kill: () => void }> {
  const marker = `--vitrina-fault-consultant=${randomBytes(6).toString('hex')}`;
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, marker] });
  const page = await (await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } })).newPage();
  await signInAsAgent(page, which);
  return {
    page,
    browser,
    kill: () => killMarked(marker, "the consultant's browser"),
  };
}

/** A consultant's console in a context of the test's browser, signed in on `base` (the stack's one address unless given). */
export async function consultantIn(browser: Browser, which: 0 | 1, base?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAsAgent(page, which, base);
  return page;
}

/** A shopper on a product page who has asked for the first available consultant; resolves with the call's id. */
export async function shopperCalling(browser: Browser, product = 'reading-chair'): Promise<{ page: Page; callId: string }> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${shopUrl()}/products/${product}.html`);
  const callId = queuedCallId(page);
  await callFirstAvailable(page);
  return { page, callId: await callId };
}

/** For `test.afterEach`: a failed test must not leave a shopper waiting or a consultant available for the next one. */
export async function closeAllContexts({ browser }: { browser: Browser }): Promise<void> {
  for (const context of browser.contexts()) await context.close();
}

/**
 * The scene for a process fault: Anna talking to one shopper (media both ways, the recorder a
 * few seconds into its files) while a second shopper waits next in line.
 */
export async function talkingAndWaiting(browser: Browser) {
  const anna = await consultantIn(browser, 0);
  const talking = await shopperCalling(browser, 'reading-chair');
  await answer(anna);
  await expectFramesGrowing(shopperRemote(talking.page));
  await expectFramesGrowing(consultantRemote(anna));
  const waiting = await shopperCalling(browser, 'linen-sofa');
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  const statuses = { talking: await watchStatuses(talking.page), waiting: await watchStatuses(waiting.page) };
  await expect.poll(() => tracksOf(talking.callId).length).toBeGreaterThanOrEqual(2);
  await anna.waitForTimeout(2000);
  return { anna, talking, waiting, statuses };
}

/** Anna hangs up her call and answers the shopper still waiting: returns whether they were served with media. */
export async function serveTheWaiting(anna: Page, waiting: { page: Page; callId: string }): Promise<boolean> {
  await expect(waiting.page.getByTestId('position')).toHaveText('You are next in line.');
  await anna.getByRole('button', { name: 'Hang up' }).click();
  await expect(ringing(anna)).toBeVisible();
  await answer(anna);
  await expectFramesGrowing(shopperRemote(waiting.page));
  await expectFramesGrowing(consultantRemote(anna));
  return callEvents(waiting.callId).at(-1) === 'answered:Anna';
}

/** The consultant answers this call's ring (the dialog names the product page). */
export async function answer(consultant: Page): Promise<void> {
  await ringOf(consultant).getByRole('button', { name: 'Accept' }).click();
}

export const ringing = (consultant: Page) => ringOf(consultant);

/** Every call the store still has open (not ended). */
export function openCalls(): { id: string; state: string }[] {
  return storeRows("SELECT id, state FROM calls WHERE state <> 'ended'");
}

export interface StoredTrack {
  id: string;
  segment: number;
  source: string;
  kind: 'video' | 'audio';
  status: 'writing' | 'complete' | 'partial';
  duration_ms: number | null;
}

/** How many recorders (segments) wrote files of the call: more than one means one took over from another. */
export const segmentCount = (callId: string): number => new Set(tracksOf(callId).map((t) => t.segment)).size;

export function tracksOf(callId: string): StoredTrack[] {
  return storeRows('SELECT id, segment, source, kind, status, duration_ms FROM recording_tracks WHERE call_id = ? ORDER BY segment, created_at', [callId]);
}

/**
 * How many seconds of a recording file decode cleanly: ffmpeg reads every frame (an error
 * anywhere fails), and ffprobe gives the length the container states. Seekable means the
 * container states one (a player can show the length and jump about).
 */
export function playableSeconds(fileId: string): number {
  const file = path.join(process.env.E2E_RECORDINGS_DIR ?? '', `${fileId}.webm`);
  execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { stdio: 'pipe' });
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const seconds = Number(out.trim());
  if (!Number.isFinite(seconds)) throw new Error(`${fileId} plays but states no duration (not seekable)`);
  return seconds;
}

/** Each file of the call's recording decodes, seekable and not empty; returns their lengths in seconds. */
export function expectPlayable(callId: string): number[] {
  const tracks = tracksOf(callId);
  expect(tracks.length, 'files recorded').toBeGreaterThan(0);
  return tracks.map((t) => {
    expect(t.status, `file ${t.id}`).not.toBe('writing');
    const seconds = playableSeconds(t.id);
    // What the fault table counts as "every file playable": the spec fails on it too.
    expect(seconds, `file ${t.id} plays for some time`).toBeGreaterThan(0);
    return seconds;
  });
}
