import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { DEMO_AGENTS } from '../../server/accounts/demo-seed.js';
import { PICTURE_CHECK } from '../support/picture-check.js';

export const serverUrl = () => process.env.E2E_SERVER_URL ?? 'http://localhost:18080';
export const shopUrl = () => process.env.E2E_SHOP_URL ?? 'http://localhost:18081';

/**
 * Rows of the real store the stack's server writes: its SQLite file (opened read-only for this
 * one read), or, with E2E_DATABASE_URL, its PostgreSQL database through psql. Synchronous, so
 * that `expect.poll` and plain assertions read it alike. `?` placeholders, as the server's SQL.
 */
export function storeRows<T>(sql: string, params: (string | number)[] = []): T[] {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) {
    const db = new Database(path.join(process.env.E2E_DATA_DIR ?? '', 'vitrina.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  // psql quotes :'pN' variables as literals; JSON keeps numbers numbers.
  let n = 0;
  const query = sql.replace(/\?/g, () => `:'p${n++}'`);
  const out = execFileSync('psql', [url, '-X', '-q', '-At', ...params.flatMap((p, i) => ['-v', `p${i}=${p}`])], {
    input: `SELECT coalesce(json_agg(t), '[]'::json) FROM (${query}) t;`,
    encoding: 'utf8',
  });
  return JSON.parse(out) as T[];
}

export function readCallRow(callId: string): Record<string, unknown> | undefined {
  return storeRows<Record<string, unknown>>('SELECT * FROM calls WHERE id = ?', [callId])[0];
}

/**
 * Signs a consultant in (a demo account by its place, or any account) and makes them available;
 * `base` is the console's server (the stack's one address by default).
 */
export async function signInAsAgent(page: Page, which: 0 | 1 | 2 | { email: string; password: string } = 0, base = serverUrl()): Promise<void> {
  const agent = typeof which === 'number' ? DEMO_AGENTS[which] : which;
  await page.goto(`${base}/console/agent/`);
  await page.getByLabel('E-mail').fill(agent.email);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Availability is kept in the store: an agent who was available in an earlier test still is.
  const available = page.getByRole('button', { name: "I'm available" });
  const away = page.getByRole('button', { name: 'Go away' });
  await expect(available.or(away)).toBeVisible();
  if (await available.isVisible()) await available.click();
  await expect(page.getByTestId('agent-status')).toContainText('Available');
  await expect(page.getByTestId('agent-status')).not.toContainText('connecting');
}

/** Signs the demo owner in to the admin page. */
export async function signInAsOwner(page: Page): Promise<void> {
  await page.goto(`${serverUrl()}/console/admin/`);
  await page.getByLabel('E-mail').fill(DEMO_AGENTS[2].email);
  await page.getByLabel('Password').fill(DEMO_AGENTS[2].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Calls' })).toBeVisible();
}

/** The other side's camera as each side plays it. */
export const shopperRemote = (shopper: Page) => shopper.locator('vitrina-call-panel vitrina-media-view.remote video');
export const consultantRemote = (consultant: Page) => consultant.locator('vitrina-agent-console vitrina-media-view.remote video');

/**
 * Proves media really arrives: the video element shows a picture (not the black frames a held
 * track sends before the answer) and its decoded frame count grows, which no flag of ours can fake.
 */
export async function expectFramesGrowing(video: Locator): Promise<void> {
  await explainingVideo(video, async () => {
    await expect(video).toBeAttached();
    const frames = () => video.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);
    await expect.poll(frames, { message: 'first decoded frame' }).toBeGreaterThan(0);
    const showsPicture = await pictureCheckIn(video.page());
    try {
      await expect.poll(() => video.evaluate((v: HTMLVideoElement, shows) => shows(v), showsPicture), { message: 'a picture, not black frames' }).toBe(true);
    } finally {
      // The check lives in the page until let go, and a long test checks many videos.
      await showsPicture.dispose();
    }
    const first = await frames();
    // Ten seconds, not five: a two-core CI machine starting a browser beside the call can starve the decoder for seconds.
    await expect.poll(frames, { message: 'decoded frames keep coming', timeout: 10_000 }).toBeGreaterThan(first + 5);
  });
}

/**
 * Runs a check on a video and, when it fails, prints what the page's video elements were doing
 * (how many matched, playing or not, frames, the track's state): a frozen picture in CI can
 * then be told from a missing element or an ended track.
 */
export async function explainingVideo(video: Locator, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (err) {
    const state = await video
      .evaluateAll((videos: HTMLVideoElement[]) =>
        videos.map((v) => {
          const track = v.srcObject instanceof MediaStream ? v.srcObject.getVideoTracks()[0] : undefined;
          const q = v.getVideoPlaybackQuality();
          return {
            paused: v.paused,
            readyState: v.readyState,
            size: `${v.videoWidth}x${v.videoHeight}`,
            frames: q.totalVideoFrames,
            dropped: q.droppedVideoFrames,
            track: track ? { readyState: track.readyState, muted: track.muted, enabled: track.enabled } : null,
          };
        }),
      )
      .catch((e: unknown) => String(e));
    // Printed, not added to the error: the reporter prints the error's stack, made before this was known.
    console.log(`video elements matched when the check failed: ${JSON.stringify(state)}`);
    throw err;
  }
}

/** A remote audio track is attached and live (not ended, not muted by the SFU). */
export async function expectLiveAudio(audio: Locator): Promise<void> {
  await expect(audio).toBeAttached();
  await expect
    .poll(() =>
      audio.evaluate((a: HTMLAudioElement) => {
        const track = (a.srcObject as MediaStream | null)?.getAudioTracks()[0];
        return track ? `${track.readyState}/${track.muted ? 'muted' : 'unmuted'}` : 'none';
      }),
    )
    .toBe('live/unmuted');
}

/** The sound is heard, not only received: a live track in an element the browser is playing (not held back for a tap). */
export async function expectHeard(audio: Locator): Promise<void> {
  await expectLiveAudio(audio);
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused)).toBe(true);
}

/** Keeps every RTCPeerConnection a page makes, so a test can read what really arrived. */
export async function watchPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __vitrinaPcs: RTCPeerConnection[] }).__vitrinaPcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        all.push(this);
      }
    };
  });
}

/** The shared picture check (test/support/picture-check.ts), made in this page. */
const pictureCheckIn = (page: Page) => page.evaluateHandle<(v: HTMLVideoElement) => boolean>(PICTURE_CHECK);

/**
 * What this page really receives of the other side, whatever its UI shows, from WebRTC's own
 * statistics of every live peer connection (see watchPeerConnections): video frames decoded,
 * and the sound's energy (`totalAudioEnergy`: 0 for silence).
 */
export async function mediaReceived(page: Page): Promise<{ framesDecoded: number; audioEnergy: number }> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __vitrinaPcs?: RTCPeerConnection[] }).__vitrinaPcs ?? [];
    const sums = { framesDecoded: 0, audioEnergy: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number; totalAudioEnergy?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') sums.framesDecoded += s.framesDecoded ?? 0;
        if (s.kind === 'audio') sums.audioEnergy += s.totalAudioEnergy ?? 0;
      });
    }
    return sums;
  });
}

/**
 * Watches every video track this page receives, frame by frame, from now on: the returned
 * function says how many frames showed a picture (not black) and stops watching. Catches a
 * single frame that a check now and then would miss.
 */
export async function watchForPictures(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(
    (showsPicture) => {
      const w = window as unknown as { __vitrinaPcs?: RTCPeerConnection[]; __vitrinaPictures?: { count: number; stop: () => void } };
      const watch = { count: 0, stop: () => {} };
      const videos: HTMLVideoElement[] = [];
      for (const pc of w.__vitrinaPcs ?? []) {
        if (pc.connectionState === 'closed') continue;
        for (const receiver of pc.getReceivers()) {
          if (receiver.track.kind !== 'video' || receiver.track.readyState !== 'live') continue;
          const v = document.createElement('video');
          v.muted = true;
          v.style.cssText = 'position:fixed;width:16px;height:12px;opacity:0;pointer-events:none';
          v.srcObject = new MediaStream([receiver.track]);
          document.body.append(v);
          videos.push(v);
          const onFrame = () => {
            if (!v.isConnected) return;
            if (showsPicture(v)) watch.count++;
            v.requestVideoFrameCallback(onFrame);
          };
          v.requestVideoFrameCallback(onFrame);
          void v.play().catch(() => undefined);
        }
      }
      watch.stop = () => videos.forEach((v) => v.remove());
      w.__vitrinaPictures = watch;
    },
    await pictureCheckIn(page),
  );
  return () =>
    page.evaluate(() => {
      const watch = (window as unknown as { __vitrinaPictures?: { count: number; stop: () => void } }).__vitrinaPictures;
      watch?.stop();
      return watch?.count ?? 0;
    });
}

/** The shopper opens the panel and takes the first available consultant. */
export async function callFirstAvailable(shopper: Page): Promise<void> {
  await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
  await shopper.getByRole('button', { name: 'Call the first available consultant' }).click();
}

/**
 * Resolves with the call id once the shopper's widget has one: usually when it reports waiting
 * in the queue, but a consultant quick enough to answer while the widget is still joining
 * moves it straight to the call.
 */
export const queuedCallId = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('vitrina-call-status', (e) => {
          if (e.detail.callId && ['queued', 'ringing', 'in-call'].includes(e.detail.status)) resolve(e.detail.callId);
        }),
      ),
  );

/** Every status the shopper's widget reports from now on (`vitrina-call-status`). */
export async function watchStatuses(shopper: Page): Promise<string[]> {
  const seen: string[] = [];
  await shopper.exposeFunction('vitrinaTestStatus', (s: string) => seen.push(s));
  await shopper.evaluate("document.addEventListener('vitrina-call-status', (e) => window.vitrinaTestStatus(e.detail.status))");
  return seen;
}

/** A shopper's call carried on as one: never reported ended or failed. */
export const unbroken = (statuses: string[]) => !statuses.includes('ended') && !statuses.includes('failed');

/** Every transition of a call as the store recorded it, e.g. `offered:Anna`. */
export function callEvents(callId: string): string[] {
  return storeRows<{ kind: string; name: string | null }>(
    'SELECT e.kind, a.name FROM call_events e LEFT JOIN agents a ON a.id = e.agent_id WHERE e.call_id = ? ORDER BY e.id',
    [callId],
  ).map((e) => (e.name ? `${e.kind}:${e.name}` : e.kind));
}

export const screenshotPath = (name: string) => `test-results/screens/${name}.png`;

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core in the page (through open shadow roots) over `scope`, a selector, or the whole
 * document; fails with each rule broken and where.
 */
export async function expectAccessible(page: Page, scope = 'html'): Promise<void> {
  // Evaluated, not added as a <script>: the consoles' Content-Security-Policy refuses inline scripts, as it should.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${readFileSync(axeSource, 'utf8')}\n;void 0`);
  const violations = await page.evaluate<string[]>(
    `axe.run(${JSON.stringify(scope)}, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.help + '): ' + v.nodes.map((n) => JSON.stringify(n.target) + ' ' + (n.failureSummary || '').split(String.fromCharCode(10)).join(' ')).join(', ')))`,
  );
  expect(violations, `axe-core on ${page.url()} (${scope})`).toEqual([]);
}

/** The demo shop's product pages and their titles, as a ring shows them. */
export const PRODUCT_TITLES = { 'linen-sofa': 'Linen three-seat sofa — Oak & Linen', 'reading-chair': 'Ash reading chair — Oak & Linen' };

/**
 * A consultant and a shopper in an answered call, media flowing both ways. The consultant
 * accepts this shopper's ring only (by its page): a shopper an earlier test left behind may still
 * be in line for the rejoin grace period. The shopper's context may be given (a phone).
 */
export async function answeredCall(
  browser: Browser,
  o: { agent: 0 | 1 | 2; product?: keyof typeof PRODUCT_TITLES; shopperContext?: BrowserContext },
): Promise<{ agent: Page; shopper: Page; callId: string; close: () => Promise<unknown> }> {
  const product = o.product ?? 'linen-sofa';
  const agentContext = await browser.newContext();
  const shopperContext = o.shopperContext ?? (await browser.newContext());
  const agent = await agentContext.newPage();
  const shopper = await shopperContext.newPage();
  await signInAsAgent(agent, o.agent);
  await shopper.goto(`${shopUrl()}/products/${product}.html`);
  const callId = queuedCallId(shopper);
  await callFirstAvailable(shopper);
  await agent.getByRole('alertdialog', { name: 'Incoming call' }).filter({ hasText: PRODUCT_TITLES[product] }).getByRole('button', { name: 'Accept' }).click();
  await expectFramesGrowing(shopperRemote(shopper));
  await expectFramesGrowing(consultantRemote(agent));
  return { agent, shopper, callId: await callId, close: async () => Promise.all([agentContext.close(), shopperContext.close()]) };
}

/** The call the shopper's widget holds now (the widget leaves nothing on window). */
export const panelCallId = (page: Page) =>
  page.evaluate<string>(`document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').call.callId`);
