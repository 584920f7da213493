/**
 * What recording costs: the recorder browser's CPU-seconds and memory per recorded call-minute,
 * how it grows with calls recorded at once, and — in the same run, on the same calls — what a
 * composite recorder (decode, draw a layout, encode again) costs instead.
 *
 *   npm run bench:recorder -- [--seconds 30] [--calls 1,5] [--media replay|fake-devices|sync-pattern]
 *
 * Each level: K calls, each with two participants publishing a camera (640×480, 24 fps) and a
 * microphone, answered and recorded; measured over `seconds` once every track's first frame is
 * on disk. The participants by default replay media encoded once, from one Go process
 * (test/support/publisher/replay-publishers.ts), so ten calls fit on two cores beside the
 * recorder; `fake-devices` puts Chromium's fake camera in a page per participant instead. Their
 * CPU is measured and printed but not counted in the recorder's, and so is what they sent as
 * the recorder received it (picture size, frame rate and bitrate, from the recorded files).
 */
import { execSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken } from 'livekit-server-sdk';
import { chromium } from 'playwright-core';
import type { CreateCallResponse } from '../server/contract/calls.js';
import { recorderIdentity } from '../server/contract/identities.js';
import type { Assignment } from '../server/contract/agent.js';
import { openCall, TestConsole } from '../test/support/http-clients.js';
import { serveBundle } from '../test/support/serve-bundle.js';
import { startTestServer } from '../test/support/test-server.js';
import { MEDIA_KINDS, startBenchPublishers, type BenchPublishers, type MediaKind } from './support/bench-publishers.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { cpuSeconds, pssMb, readProcesses } from './support/process-tree.js';
import { receivedMedia, type ReceivedSummary, type ReceivedTrack } from './support/received-media.js';
import { distribution } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seconds = Number(arg('seconds', '30'));
const levels = arg('calls', '1,5').split(',').map(Number);
const mediaArg = arg('media', 'replay');
if (!(MEDIA_KINDS as readonly string[]).includes(mediaArg)) throw new Error(`--media is one of ${MEDIA_KINDS.join(', ')}`);
const media = mediaArg as MediaKind;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COMPOSITE = 'composite-bench';

const t = await startTestServer({ VITRINA_RECORDER: 'chromium' });
// Whatever this run started is stopped however it ends (a publisher that could not connect
// must not leave livekit-server, the recorder browser and the publishers running).
let publishers: BenchPublishers | undefined;
let compositeBrowser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
const desks: TestConsole[] = [];
try {
  publishers = await startBenchPublishers(media);
  const people = publishers;
  console.log(`publishers: ${people.describe}`);
  const agents = await Promise.all(Array.from({ length: Math.max(...levels) }, (_, i) => t.addAgent(`Bench${i}`)));
  desks.push(...(await Promise.all(agents.map((a) => TestConsole.signIn(t.url, a.email)))));
  for (const d of desks) {
    await d.connect();
    await d.available();
  }

  interface Live {
    call: CreateCallResponse;
    people: { leave(): Promise<void> }[];
  }

  async function recordedCall(): Promise<Live> {
    const call = await openCall(t.url);
    let assignment: Assignment | undefined;
    let desk: TestConsole | undefined;
    for (let i = 0; i < 100 && !assignment; i++) {
      for (const d of desks) {
        const e = d.events.find((x) => x.type === 'assignment' && x.assignment.callId === call.callId);
        if (e && e.type === 'assignment') [assignment, desk] = [e.assignment, d];
      }
      if (!assignment) await sleep(50);
    }
    if (!assignment || !desk) throw new Error('nobody was rung');
    await desk.post(`/api/agent/calls/${call.callId}/accept`);
    const allow = [recorderIdentity(call.callId), COMPOSITE];
    const parties = await Promise.all([
      people.join(call.livekitUrl, call.token, [...allow, `agent-${agents[desks.indexOf(desk)]?.id}`]),
      people.join(assignment.livekitUrl, assignment.token, [...allow, assignment.shopperIdentity]),
    ]);
    return { call, people: parties };
  }

  async function recording(callIds: string[]): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const ready = await Promise.all(callIds.map(async (id) => (await t.store.recordings.tracksOf(id)).filter((x) => x.offsetMs !== null).length >= 4));
      if (ready.every(Boolean)) return;
      await sleep(200);
    }
    throw new Error('the recorder never got every track');
  }

  const recorderPid = async () => {
    const pid = await t.recording?.browserPid();
    if (!pid) throw new Error('no recorder browser');
    return pid;
  };

  /**
   * Measures each tree over `windowS`, in five equal windows: CPU in cores overall and the
   * windows' spread; also this process (the server) and the whole machine. Rates are over the
   * time that actually passed: on a busy machine the timers fire late.
   */
  async function measure(pids: number[], windowS: number) {
    const slices = 5;
    const clock = () => performance.now() / 1000;
    const [t0, machine0, server0] = [clock(), machineBusySeconds(), process.cpuUsage()];
    const treesNow = () => {
      const table = readProcesses();
      return pids.map((pid) => cpuSeconds(pid, table));
    };
    const start = treesNow();
    const perWindow: number[][] = pids.map(() => []);
    let [last, lastT] = [start, t0];
    for (let w = 0; w < slices; w++) {
      await sleep((windowS * 1000) / slices);
      const [now, t] = [treesNow(), clock()];
      now.forEach((c, i) => perWindow[i]?.push((c - (last[i] ?? 0)) / (t - lastT)));
      [last, lastT] = [now, t];
    }
    const elapsed = lastT - t0;
    const server = process.cpuUsage(server0);
    return {
      serverCores: (server.user + server.system) / 1e6 / elapsed,
      machineBusyCores: (machineBusySeconds() - machine0) / elapsed,
      trees: pids.map((pid, i) => ({ cores: ((last[i] ?? 0) - (start[i] ?? 0)) / elapsed, windows: distribution(perWindow[i] ?? []), pssMb: pssMb(pid) })),
    };
  }

  const rows: {
    calls: number;
    serverCores: number;
    recorderCores: number;
    recorderPssMb: number;
    perCallCores: number;
    cpuSecondsPerCallMinute: number;
    mbPerCallMinute: number;
    publisherCores: number;
    livekitCores: number;
    machineBusyCores: number;
    received: ReceivedSummary;
    compositeCores?: number;
    compositePssMb?: number;
  }[] = [];
  const idle = (await measure([await recorderPid()], 5)).trees[0] as { cores: number; pssMb: number };
  console.log(`recorder browser, no calls: ${idle.cores.toFixed(3)} cores, ${idle.pssMb.toFixed(0)} MB PSS`);

  for (const k of levels) {
    const calls: Live[] = [];
    for (let i = 0; i < k; i++) calls.push(await recordedCall());
    await recording(calls.map((c) => c.call.callId));
    if (k === 1) {
      // The baseline, on the same call at the same time: a composite recorder in its own browser.
      compositeBrowser = await chromium.launch({
        executablePath: t.config.chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--vitrina-bench-composite'],
      });
      const page = await compositeBrowser.newPage();
      await page.goto(`${await serveBundle(path.join(here, 'support', 'composite-recorder-page.ts'))}/`);
      const token = new AccessToken(t.config.livekit.apiKey, t.config.livekit.apiSecret, { identity: COMPOSITE, ttl: 600 });
      token.addGrant({ room: calls[0]?.call.callId, roomJoin: true, canSubscribe: true, canPublish: false, hidden: true });
      await page.waitForFunction('typeof window.startComposite === "function"');
      await page.evaluate(`window.startComposite(${JSON.stringify({ livekitUrl: t.config.livekit.url, token: await token.toJwt(), fps: 15 })})`);
      await sleep(3000);
    }
    const compositePid = compositeBrowser ? Number(execSync('pgrep -o -f -- --vitrina-bench-composite').toString().trim()) : undefined;
    const others = [people.pid, t.livekit.process.pid ?? 0];
    const m = await measure([await recorderPid(), ...others, ...(compositePid ? [compositePid] : [])], seconds);
    const [rec, pub, sfu, comp] = m.trees;
    const { serverCores, machineBusyCores } = m;
    const composite: { cores: number; pssMb: number } | undefined = comp;
    const callIds = calls.map((c) => c.call.callId);
    for (const id of callIds) await t.vitrina.calls.end(id, 'agent-hung-up');
    await Promise.all(calls.flatMap((c) => c.people.map((p) => p.leave())));
    await compositeBrowser?.close();
    compositeBrowser = undefined;
    for (let i = 0; i < 100; i++) {
      const states = await Promise.all(callIds.map(async (id) => (await t.store.history.summary(id))?.recording));
      if (states.every((s) => s !== 'recording')) break;
      await sleep(200);
    }
    let bytes = 0;
    let talkMs = 0;
    const tracks: ReceivedTrack[] = [];
    for (const id of callIds) {
      for (const track of await t.store.recordings.tracksOf(id)) {
        bytes += track.bytes ?? 0;
        const file = (await t.recording?.storage.open(track.id))?.path;
        tracks.push({ kind: track.kind, bytes: track.bytes ?? 0, durationMs: track.durationMs ?? 0, file });
      }
      talkMs += (await t.store.history.summary(id))?.talkMs ?? 0;
    }
    const received = await receivedMedia(tracks);
    const publisherCores = pub?.cores ?? NaN;
    const livekitCores = sfu?.cores ?? NaN;
    const r = rec as { cores: number; windows: { min: number; p50: number; max: number }; pssMb: number };
    const perCall = (r.cores - idle.cores) / k;
    rows.push({
      calls: k,
      recorderCores: r.cores,
      recorderPssMb: r.pssMb,
      perCallCores: perCall,
      cpuSecondsPerCallMinute: perCall * 60,
      mbPerCallMinute: bytes / 1e6 / (talkMs / 60_000),
      serverCores,
      publisherCores,
      livekitCores,
      machineBusyCores,
      received,
      ...(composite ? { compositeCores: composite.cores, compositePssMb: composite.pssMb } : {}),
    });
    console.log(
      `${k} call(s): recorder ${r.cores.toFixed(3)} cores (${seconds / 5}-s windows min / median / max ${r.windows.min.toFixed(3)} / ${r.windows.p50.toFixed(3)} / ${r.windows.max.toFixed(3)}), ${r.pssMb.toFixed(0)} MB PSS; per call ${perCall.toFixed(3)} cores = ${(perCall * 60).toFixed(1)} CPU-s per call-minute; files ${(bytes / 1e6 / (talkMs / 60_000)).toFixed(1)} MB per call-minute; server process (muxing, and this bench's drivers) ${serverCores.toFixed(3)} cores` +
        (composite ? `; composite recorder on the same call: ${composite.cores.toFixed(3)} cores, ${composite.pssMb.toFixed(0)} MB PSS` : ''),
    );
    console.log(
      `  publishers (${2 * k}): ${publisherCores.toFixed(3)} cores, ${(publisherCores / (2 * k)).toFixed(3)} each; received per video track (median of ${received.videoTracks}): ${received.width}×${received.height}, ${received.fps.toFixed(1)} fps, ${received.videoKbitS.toFixed(0)} kbit/s; audio ${received.audioKbitS.toFixed(0)} kbit/s`,
    );
    console.log(`  livekit-server ${livekitCores.toFixed(3)} cores; whole machine busy ${machineBusyCores.toFixed(2)} of ${os.cpus().length} cores`);
    await sleep(2000);
  }

  const first = rows[0];
  const last = rows.at(-1);
  const perExtraMb = first && last && last.calls > first.calls ? (last.recorderPssMb - first.recorderPssMb) / (last.calls - first.calls) : NaN;
  // Publishers (two encoding cameras per call) share this machine, so the largest level measured
  // is what they allow; the capacity beyond it is the CPU left divided by the cost per call.
  const perCallCores = last?.perCallCores ?? NaN;
  const capacity = Math.floor((os.cpus().length - idle.cores) / perCallCores);
  const summary = {
    estimatedCallsAtOnce: capacity,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
    command: `npm run bench:recorder -- --seconds ${seconds} --calls ${levels.join(',')} --media ${media}`,
    publishers: people.describe,
    seconds,
    idle,
    levels: rows,
    memoryPerExtraCallMb: perExtraMb,
  };
  console.log(`memory per extra recorded call: ${perExtraMb.toFixed(0)} MB PSS`);
  console.log(
    `recorded calls this machine's ${os.cpus().length} cores hold at that cost: ~${capacity} (CPU), ~${Math.floor((os.freemem() / 2 ** 20 - idle.pssMb) / perExtraMb)} (free memory)`,
  );
  if (first?.compositeCores !== undefined)
    console.log(`composite ÷ recorder per call: ${(first.compositeCores / Math.max(0.001, first.perCallCores)).toFixed(1)}×`);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'recorder-cost.json'), JSON.stringify(summary, null, 2));
} catch (err) {
  console.error(`bench:recorder stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const d of desks) d.disconnect();
  await compositeBrowser?.close().catch(() => undefined);
  await publishers?.close().catch(() => undefined);
  await t.close();
}
process.exit(process.exitCode ?? 0);
