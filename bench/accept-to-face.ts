/**
 * Accept → first face: how long after the consultant clicks "Accept" each side decodes the
 * other's first video frame, in real Chromium against the real livekit-server, the server and
 * its recorder. Run by run, in the same browsers, two baselines (bench/support/bare-join-page.ts):
 * a bare join (two pages start connect + publish at the same moment) and the fastest plain join
 * (a subscriber-only connect() into a room where the other side already publishes).
 *
 * The main series clicks Accept 1.5 s after the ring shows (the console has joined by then);
 * further series click it 0 and 0.5 s after, as a person does, and time ring → face and
 * ring → console joined. Each accept also records a timeline of permissions, key-frame
 * requests and key frames on both sides and in the SFU (bench/support/call-timeline.ts); the
 * fastest and slowest runs' timelines are printed, all of them written to a JSON file, with
 * the CPU each party's processes used from the shopper's click to both faces
 * (bench/support/cpu-by-role.ts): everything here shares two cores.
 *
 * Run: npm run bench:accept [-- runs] [--accept-after 0,500] [--series-runs 5]
 *   runs: main series and baselines (default 15); --accept-after: the other series (ms after
 *   the ring shows; default 0,500); --series-runs: runs of each (default 5).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { buildFrontends } from '../scripts/build.js';
import { ensureLivekitServer } from '../scripts/livekit/ensure-livekit.js';
import { startStack } from '../scripts/stack.js';
import { DEMO_AGENTS } from '../server/accounts/demo-seed.js';
import { chromiumLaunchOptions } from '../test/support/chromium.js';
import { cpuByRole, cpuSpent, type Role } from './support/cpu-by-role.js';
import { descendantWithArg } from './support/process-tree.js';
import { RECORDER_FLAG } from '../recordings/recorder/recorder-browser.js';
import { RoomServiceClient, AccessToken } from 'livekit-server-sdk';
import { fileURLToPath } from 'node:url';
import { devSecrets } from '../scripts/dev-secrets.js';
import { serveBundle } from '../test/support/serve-bundle.js';
import { PICTURE_CHECK } from '../test/support/picture-check.js';
import { quantile, summarise } from './stats.js';
import { formatTimeline, SfuKeyFrameLog, takeEvents, takeSnapshots, timelineInitScript, watchStats, type TimelineEvent } from './support/call-timeline.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'accept-after': { type: 'string', default: '0,500' }, 'series-runs': { type: 'string', default: '5' } },
});
const runs = Number(positionals[0] ?? 15);
const MAIN_ACCEPT_AFTER_MS = 1500;
const seriesAfter = options['accept-after']
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number)
  .filter((ms) => ms !== MAIN_ACCEPT_AFTER_MS);
const seriesRuns = Number(options['series-runs']);

/**
 * Clicks "Call the first available consultant" in the page and resolves with the ms until the
 * panel says the shopper is waiting (or already ringing), which it does once the server has the
 * call in line (the room is joined behind it).
 */
/** What the panel took to say waiting, and when each of the call's steps (the widget's `vitrina:*` User Timing marks) came, ms after the click. */
interface ClickToWaiting {
  ms: number;
  steps: Record<string, number>;
}

function clickedToWaiting(page: Page): Promise<ClickToWaiting> {
  return page.evaluate<ClickToWaiting>(`new Promise((resolve) => {
    const panel = () => document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').shadowRoot;
    const call = [...panel().querySelectorAll('button')].find((b) => b.textContent.trim() === 'Call the first available consultant');
    performance.clearMarks();
    const at = performance.now();
    call.click();
    const timer = setInterval(() => {
      // Answered at once, the panel may go straight to the call.
      if (/Waiting for a consultant|Calling a consultant|In a call/.test(panel().textContent)) {
        clearInterval(timer);
        const steps = {};
        for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('vitrina:')) steps[m.name.slice(8)] = Math.round(m.startTime - at);
        resolve({ ms: Math.round(performance.now() - at), steps });
      }
    }, 2);
  })`);
}

/**
 * Resolves with Date.now() in the page when its remote video (inside shadow roots) shows a
 * frame of the camera: not black. Before the answer each side's tracks send black frames
 * (CallSession holds them), so a decoded frame alone is not yet a face. With `shown` false it
 * also looks at the video the stage plays out of sight before the answer: when the face
 * arrived, not when it showed.
 */
function firstRemoteFrame(page: Page, host: string, shown = true): Promise<number> {
  // A string, so that the bundler's helpers (tsx names functions) do not leak into the page.
  return page.evaluate<number>(`new Promise((resolve) => {
    const showsPicture = ${PICTURE_CHECK};
    let checked = { video: undefined, frames: 0 };
    const timer = setInterval(() => {
      const root = document.querySelector(${JSON.stringify(host)});
      const panel = root?.shadowRoot?.querySelector('vitrina-call-panel') ?? root;
      const stage = panel?.shadowRoot?.querySelector('vitrina-call-stage');
      const video = stage?.shadowRoot?.querySelector(${JSON.stringify(shown ? 'vitrina-media-view.remote:not(.standby)' : 'vitrina-media-view.remote')})?.shadowRoot?.querySelector('video');
      if (!video) return;
      // Drawn only when a new frame has come: a draw every 2 ms took a good part of a core from
      // the very browsers being timed (held black frames play long before the face).
      const frames = video.getVideoPlaybackQuality().totalVideoFrames;
      if (frames === 0 || (video === checked.video && frames === checked.frames)) return;
      checked = { video, frames };
      if (showsPicture(video)) {
        clearInterval(timer);
        resolve(Date.now());
      }
    }, 2);
  })`);
}

/** Waits in the console for the ring's Accept button, clicks it `afterMs` later; when it showed and when it was clicked. */
function acceptWhenRung(page: Page, afterMs: number): Promise<{ visibleAt: number; clickedAt: number }> {
  return page.evaluate<{ visibleAt: number; clickedAt: number }>(`new Promise((resolve) => {
    const accept = () => [...document.querySelector('vitrina-agent-console').shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Accept');
    const timer = setInterval(() => {
      if (!accept()) return;
      clearInterval(timer);
      const visibleAt = Date.now();
      setTimeout(() => {
        const clickedAt = Date.now();
        accept().click();
        resolve({ visibleAt, clickedAt });
      }, ${afterMs});
    }, 2);
  })`);
}

interface AcceptRun {
  acceptAfterMs: number;
  ringAt: number | undefined;
  visibleAt: number;
  clickedAt: number;
  /** The console joined: its camera's first packet left for the SFU. */
  readyAt: number | undefined;
  shopperSeesAt: number;
  agentSeesAt: number;
  timeline: TimelineEvent[];
  /** Each page's getStats video counters, every poll (the JSON file only). */
  snapshots: { shopper: unknown[]; agent: unknown[] };
  /** CPU ms each process (group) used from the shopper's click on "call" to both faces, and the machine's. */
  cpu: Record<string, number>;
  /** When that window began (Date.now()), just before the click. */
  cpuFrom: number;
}

/** `promise`, or an error naming the step after `ms`: a step that never ends is a finding, not a hang. */
function within<T>(step: string, promise: Promise<T>, ms = 30_000): Promise<T> {
  promise.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${step}: nothing after ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const median = (xs: number[]) =>
  quantile(
    [...xs].sort((x, y) => x - y),
    0.5,
  );

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-bench-'));
  await buildFrontends();
  const sfu = new SfuKeyFrameLog();
  const stack = await startStack({
    livekitBin: await ensureLivekitServer(),
    dataDir,
    ports: { server: 28080, shop: 28081, livekit: 27880, livekitTcp: 27881, livekitUdp: 27882 },
    onLine: (source, line) => source === 'livekit' && sfu.line(line),
    serverEnv: { VITRINA_RECORDER: process.env.VITRINA_RECORDER ?? 'chromium' },
    livekitLogLevel: 'debug',
  });
  // Two browsers, as two people on two machines: pages of one browser compete for its focus.
  // Each marked on its command line, so its processes' CPU can be told apart from the others'.
  const launchAs = (role: string) =>
    chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, `--vitrina-bench=${role}`], headless: true });
  const agentBrowser = await launchAs('console');
  const shopperBrowser = await launchAs('shopper');
  // Asked again each run: the recorder's browser or livekit-server may have been started again.
  const roles = (): Record<string, Role> => ({
    shopper: { tree: descendantWithArg(process.pid, '--vitrina-bench=shopper') },
    console: { tree: descendantWithArg(process.pid, '--vitrina-bench=console') },
    recorder: { tree: stack.server.pid === undefined ? undefined : descendantWithArg(stack.server.pid, RECORDER_FLAG) },
    livekit: { pid: stack.livekit.process.pid },
    // The server alone: its tree also holds the recorder's browser and ffmpeg.
    server: { pid: stack.server.pid },
  });
  const clickToWaiting: number[] = [];
  const waitingSteps: Record<string, number>[] = [];
  const accepts: AcceptRun[] = [];
  const bare = { shopperSees: [] as number[], agentSees: [] as number[], both: [] as number[] };
  const plain: number[] = [];
  const failures: string[] = [];
  const secrets = devSecrets(dataDir);
  const rooms = new RoomServiceClient(stack.livekit.httpUrl, secrets.livekitApiKey, secrets.livekitApiSecret);
  const bareOrigin = await serveBundle(path.join(here, 'support', 'bare-join-page.ts'));
  const bareToken = (room: string, identity: string, canPublish = true) => {
    const token = new AccessToken(secrets.livekitApiKey, secrets.livekitApiSecret, { identity, ttl: 600 });
    token.addGrant({ room, roomJoin: true, canPublish, canSubscribe: true });
    return token.toJwt();
  };
  const barePage = async (b: Browser) => {
    const p = await (await b.newContext({ permissions: ['camera', 'microphone'] })).newPage();
    await p.goto(`${bareOrigin}/`);
    await p.waitForFunction('typeof window.bareJoin === "function"');
    return p;
  };
  /** Both bare pages start joining in the same instant; each says when it saw the other. */
  async function bareRun(run: number): Promise<void> {
    const room = `bare-${run}`;
    await rooms.createRoom({ name: room });
    const pages = await Promise.all([shopperBrowser, agentBrowser].map(barePage));
    const [s, a] = (await within(
      'bare join: both faces',
      Promise.all(
        pages.map(async (p, i) =>
          p.evaluate<{ start: number; firstFrame: number }>(
            `window.bareJoin(${JSON.stringify({ url: stack.livekit.url, token: await bareToken(room, i === 0 ? 'shopper' : 'agent') })})`,
          ),
        ),
      ),
    )) as [{ start: number; firstFrame: number }, { start: number; firstFrame: number }];
    const start = Math.min(s.start, a.start);
    bare.shopperSees.push(s.firstFrame - start);
    bare.agentSees.push(a.firstFrame - start);
    bare.both.push(Math.max(s.firstFrame, a.firstFrame) - start);
    await Promise.all(pages.map((p) => p.context().close()));
    await rooms.deleteRoom(room);
  }
  /** The consultant's side already publishes; a subscriber-only shopper page connects. */
  async function plainRun(run: number): Promise<void> {
    const room = `plain-${run}`;
    await rooms.createRoom({ name: room });
    const [subscriber, publisher] = await Promise.all([shopperBrowser, agentBrowser].map(barePage));
    const publishToken = await bareToken(room, 'agent');
    await within('plain join: publish', publisher.evaluate(`window.publishOnly(${JSON.stringify({ url: stack.livekit.url, token: publishToken })})`));
    // Settled, as a consultant who has been in the room for a while.
    await publisher.waitForTimeout(1000);
    const subscribeToken = await bareToken(room, 'shopper', false);
    const r = await within(
      'plain join: first frame',
      subscriber.evaluate<{ start: number; firstFrame: number }>(`window.plainSubscribe(${JSON.stringify({ url: stack.livekit.url, token: subscribeToken })})`),
    );
    plain.push(r.firstFrame - r.start);
    await Promise.all([subscriber, publisher].map((p) => p.context().close()));
    await rooms.deleteRoom(room);
  }
  let agent: Page;
  async function acceptRun(acceptAfterMs: number): Promise<AcceptRun> {
    const shopperContext = await shopperBrowser.newContext({ permissions: ['camera', 'microphone'] });
    try {
      return await acceptRunIn(shopperContext, acceptAfterMs);
    } finally {
      // A run that stopped half way must not leave its shopper in line for the next one.
      await shopperContext.close();
    }
  }
  async function acceptRunIn(shopperContext: BrowserContext, acceptAfterMs: number): Promise<AcceptRun> {
    await shopperContext.addInitScript(timelineInitScript);
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${stack.shopUrl}/products/reading-chair.html`);
    await shopper.getByRole('button', { name: 'Video call a consultant' }).click();
    await shopper.getByRole('button', { name: 'Call the first available consultant' }).waitFor();
    await watchStats(shopper);
    const who = roles();
    const cpuBefore = cpuByRole(who);
    const from = Date.now();
    await takeEvents(agent, 'agent', from);
    sfu.take(Date.now());
    const rung = acceptWhenRung(agent, acceptAfterMs);
    const seenByShopper = firstRemoteFrame(shopper, 'vitrina-call-button');
    const seenByAgent = firstRemoteFrame(agent, 'vitrina-agent-console');
    const pictureAtShopper = firstRemoteFrame(shopper, 'vitrina-call-button', false);
    try {
      const waited = await within('the panel says waiting', clickedToWaiting(shopper));
      clickToWaiting.push(waited.ms);
      waitingSteps.push(waited.steps);
    } catch (err) {
      const says = await shopper.evaluate<string>(
        `document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel')?.shadowRoot.textContent.replace(/\\s+/g, ' ')`,
      );
      throw new Error(`${String(err)}; the panel says: ${says}`);
    }
    let shopperSeesAt: number, agentSeesAt: number, visibleAt: number, clickedAt: number, cpu: Record<string, number>;
    try {
      ({ visibleAt, clickedAt } = await within('ring shown and Accept clicked', rung));
      [shopperSeesAt, agentSeesAt] = await within('both faces', Promise.all([seenByShopper, seenByAgent]));
      cpu = cpuSpent(cpuBefore, cpuByRole(who));
    } catch (err) {
      // What happened until then says where it stopped.
      const so = [...(await takeEvents(shopper, 'shopper', from)), ...(await takeEvents(agent, 'agent', from)), ...sfu.take(from)];
      console.error(`\n${String(err)}; the run so far:\n${formatTimeline(so, from)}`);
      await shopperContext.close();
      // A fresh console: the server hands it whatever it still holds, which ends with the shopper gone.
      await agent.reload();
      await watchStats(agent);
      await agent
        .getByRole('button', { name: 'Next' })
        .click({ timeout: 20_000 })
        .catch(() => undefined);
      throw err;
    }
    // Late key-frame requests and the recorder's video (600 ms after the answer) belong to the picture too.
    await agent.waitForTimeout(900);
    const timeline = [
      ...(await takeEvents(shopper, 'shopper', from)),
      ...(await takeEvents(agent, 'agent', from)),
      ...sfu.take(from),
      { at: await pictureAtShopper, by: 'shopper', what: 'in: first picture (shown or not)' },
    ];
    const ringAt = timeline.find((e) => e.by === 'agent' && e.what === 'ring: assignment arrived')?.at;
    const readyAt = timeline.find((e) => e.by === 'agent' && e.what === 'out: first video packet sent' && e.at >= (ringAt ?? from))?.at;
    const snapshots = { shopper: await takeSnapshots(shopper, from), agent: await takeSnapshots(agent, from) };
    await shopper.getByRole('button', { name: 'Hang up' }).click();
    await agent.getByRole('button', { name: 'Next' }).click();
    await shopperContext.close();
    return { acceptAfterMs, ringAt, visibleAt, clickedAt, readyAt, shopperSeesAt, agentSeesAt, timeline, snapshots, cpu, cpuFrom: from };
  }
  try {
    const agentContext = await agentBrowser.newContext({ permissions: ['camera', 'microphone'] });
    await agentContext.addInitScript(timelineInitScript);
    agent = await agentContext.newPage();
    await agent.goto(`${stack.serverUrl}/console/agent/`);
    await agent.getByLabel('E-mail').fill(DEMO_AGENTS[0].email);
    await agent.getByLabel('Password').fill(DEMO_AGENTS[0].password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('button', { name: "I'm available" }).click();
    await watchStats(agent);

    const attempt = async (run: () => Promise<void>) => {
      try {
        await run();
      } catch (err) {
        failures.push(String(err));
      }
    };
    for (let run = 0; run < runs; run++) {
      await attempt(async () => void accepts.push(await acceptRun(MAIN_ACCEPT_AFTER_MS)));
      await attempt(() => bareRun(run));
      await attempt(() => plainRun(run));
      process.stderr.write(`run ${run + 1}/${runs}\r`);
    }
    for (const afterMs of seriesAfter) {
      for (let run = 0; run < seriesRuns; run++) await attempt(async () => void accepts.push(await acceptRun(afterMs)));
    }
  } finally {
    await Promise.all([agentBrowser.close(), shopperBrowser.close()]);
    await stack.stop();
  }
  report(accepts, clickToWaiting, waitingSteps, bare, plain, dataDir);
  if (failures.length > 0) console.log(`\n${failures.length} runs did not finish:\n  ${failures.join('\n  ')}`);
}

function report(
  accepts: AcceptRun[],
  clickToWaiting: number[],
  waitingSteps: Record<string, number>[],
  bare: { shopperSees: number[]; agentSees: number[]; both: number[] },
  plain: number[],
  dataDir: string,
): void {
  const main = accepts.filter((r) => r.acceptAfterMs === MAIN_ACCEPT_AFTER_MS);
  const shopperSees = main.map((r) => r.shopperSeesAt - r.clickedAt);
  const agentSees = main.map((r) => r.agentSeesAt - r.clickedAt);
  const both = main.map((r) => Math.max(r.shopperSeesAt, r.agentSeesAt) - r.clickedAt);
  const ratio = (ours: number[], base: number[]) => (median(ours) / median(base)).toFixed(2);
  const tail = (xs: number[]) =>
    (
      quantile(
        [...xs].sort((a, b) => a - b),
        0.9,
      ) / median(xs)
    ).toFixed(2);
  console.log(
    `click "first available" → the panel says waiting (the call is in line; the room is joined and camera and microphone published behind it), ${clickToWaiting.length} runs, ms (min / median / p90 / max): ${summarise(clickToWaiting)}`,
  );
  const stepNames = [...new Set(waitingSteps.flatMap((s) => Object.keys(s)))].sort(
    (a, b) => median(waitingSteps.map((s) => s[a] ?? 0)) - median(waitingSteps.map((s) => s[b] ?? 0)),
  );
  for (const step of stepNames) {
    const at = waitingSteps.map((s) => s[step]).filter((x): x is number => x !== undefined);
    console.log(`  ${step.padEnd(16)} at ${summarise(at)} ms after the click`);
  }
  console.log(`\nfastest plain join (subscriber-only connect() → first frame, the other side already publishing), ${plain.length} runs: ${summarise(plain)}`);
  console.log(`accept (clicked ${MAIN_ACCEPT_AFTER_MS} ms after the ring showed) → first frame, ${main.length} runs, ms (min / median / p90 / max)`);
  const row = (label: string, ours: number[], bareXs: number[]) =>
    console.log(
      `  ${label.padEnd(28)} ${summarise(ours)}   bare join: ${summarise(bareXs)}   ours/bare ${ratio(ours, bareXs)}   ours/plain ${ratio(ours, plain)}   p90/median ${tail(ours)}`,
    );
  row('shopper sees the consultant:', shopperSees, bare.shopperSees);
  row('consultant sees the shopper:', agentSees, bare.agentSees);
  row('both see each other:', both, bare.both);

  console.log('\nat human speed: accept clicked N ms after the ring showed (ms; min / median / p90 / max)');
  for (const afterMs of [...new Set(accepts.map((r) => r.acceptAfterMs))].sort((a, b) => a - b)) {
    const series = accepts.filter((r) => r.acceptAfterMs === afterMs);
    const withRing = series.filter((r) => r.ringAt !== undefined);
    const ringTo = (pick: (r: AcceptRun) => number | undefined) => summarise(withRing.map((r) => (pick(r) ?? NaN) - (r.ringAt ?? NaN)));
    console.log(
      `  ${String(afterMs).padStart(4)} ms, ${series.length} runs: click → shopper sees ${summarise(series.map((r) => r.shopperSeesAt - r.clickedAt))}; ` +
        `click → both ${summarise(series.map((r) => Math.max(r.shopperSeesAt, r.agentSeesAt) - r.clickedAt))}; ` +
        `ring → ring shown ${ringTo((r) => r.visibleAt)}; ring → console joined ${ringTo((r) => r.readyAt)}; ring → shopper sees ${ringTo((r) => r.shopperSeesAt)}`,
    );
    // Two cores shared by everything: who had them while the callers waited.
    const roles = Object.keys(series[0]?.cpu ?? {});
    console.log(
      `        CPU ms from the shopper's click to both faces (median): ${roles.map((k) => `${k} ${median(series.map((r) => r.cpu[k] ?? 0)).toFixed(0)}`).join(', ')}`,
    );
  }

  const byBoth = [...accepts].sort((a, b) => Math.max(a.shopperSeesAt, a.agentSeesAt) - a.clickedAt - (Math.max(b.shopperSeesAt, b.agentSeesAt) - b.clickedAt));
  const show = (label: string, r: AcceptRun | undefined) => {
    if (!r) return;
    console.log(
      `\n${label} (accept ${r.acceptAfterMs} ms after the ring; shopper sees ${r.shopperSeesAt - r.clickedAt} ms, consultant sees ${r.agentSeesAt - r.clickedAt} ms; 0 = Accept clicked):`,
    );
    console.log(
      formatTimeline(
        [
          ...r.timeline.filter((e) => e.at >= r.clickedAt - 20),
          { at: r.shopperSeesAt, by: 'shopper', what: 'FACE shown' },
          { at: r.agentSeesAt, by: 'agent', what: 'FACE shown' },
        ],
        r.clickedAt,
      ),
    );
  };
  show('fastest run', byBoth[0]);
  show('slowest run', byBoth.at(-1));
  const file = path.join(dataDir, 'accept-timelines.json');
  writeFileSync(file, JSON.stringify(accepts, null, 1));
  console.log(`\nevery run's timeline: ${file}`);
}

await main();
