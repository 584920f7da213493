import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import type { Assignment } from '../../server/contract/agent.js';
import type { CallSummary, RecordingFile } from '../../server/contract/admin.js';
import type { CreateCallResponse } from '../../server/contract/calls.js';
import { recorderIdentity } from '../../server/contract/identities.js';
import { openCall, TestConsole } from '../support/http-clients.js';
import { flashTimes, probe, toneTimes, undecodableAt } from '../support/media-probe.js';
import { launchPublisherBrowser, openPublisher, type Publisher } from '../support/publisher/publisher.js';
import { SHOP_ORIGIN, startTestServer, type TestServer } from '../support/test-server.js';
import { sleep, until } from '../support/until.js';

describe('recording every answered call, with a real LiveKit server and the recorder browser', { timeout: 180_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  let desk: TestConsole;
  let owner: TestConsole;
  let agentId: string;

  before(async () => {
    t = await startTestServer({ VITRINA_RECORDER: 'chromium' });
    browser = await launchPublisherBrowser();
    const agent = await t.addAgent('Anna');
    agentId = agent.id;
    await t.addAgent('Olga', { role: 'owner' });
    desk = await TestConsole.signIn(t.url, agent.email);
    owner = await TestConsole.signIn(t.url, 'olga@shop.test');
    await desk.connect();
    await desk.available();
  });
  after(async () => {
    desk?.disconnect();
    await browser?.close();
    await t?.close();
  });

  /** A call answered by Anna, the shopper publishing the sync pattern, Anna her fake camera (and screen). */
  async function answeredCall(o: { screen?: boolean } = {}): Promise<{ call: CreateCallResponse; shopper: Publisher; agent: Publisher }> {
    const call = await openCall(t.url);
    const ring = await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    const assignment = (ring as { assignment: Assignment }).assignment;
    assert.equal((await desk.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    const recorder = recorderIdentity(call.callId);
    const meta = JSON.parse((await t.roomMetadata(call.callId)) ?? '{}') as { recorder?: string };
    assert.equal(meta.recorder, recorder, 'the room names the recorder both sides must let in');
    const shopper = await openPublisher(browser, {
      livekitUrl: call.livekitUrl,
      token: call.token,
      media: 'sync-pattern',
      allow: [recorder, `agent-${agentId}`],
    });
    const agent = await openPublisher(browser, {
      livekitUrl: assignment.livekitUrl,
      token: assignment.token,
      media: 'fake-devices',
      screen: o.screen ?? false,
      allow: [recorder, assignment.shopperIdentity],
    });
    return { call, shopper, agent };
  }

  async function adminGet<T>(url: string): Promise<T> {
    const res = await fetch(`${t.url}${url}`, { headers: { Cookie: owner.cookie } });
    assert.equal(res.status, 200, `${url} → ${res.status}`);
    return (await res.json()) as T;
  }

  async function download(file: RecordingFile): Promise<string> {
    const res = await fetch(`${t.url}${file.url}`, { headers: { Cookie: owner.cookie } });
    assert.equal(res.status, 200);
    const local = path.join(t.dataDir, `downloaded-${file.id}.webm`);
    await writeFile(local, Buffer.from(await res.arrayBuffer()));
    return local;
  }

  it('keeps every track as sent, seekable, on one timeline in sync, and the owner finds and fetches it', async (ctx) => {
    const { call, shopper, agent } = await answeredCall({ screen: true });
    // Shared 5 s: the recorder takes a video 600 ms after it appears, and under load its first key frame a moment later.
    await sleep(5000);
    await agent.stopScreen();
    await sleep(3500);
    // The recorder decodes almost nothing, yet must not make the parties' encoders spend their bits on key frames:
    // asking again and again, it got one every ~0.35 s (25-28 requests in this call); the consultant asks once or twice.
    const sent = await shopper.cameraSent();
    ctx.diagnostic(`shopper's camera: ${JSON.stringify(sent)}`);
    assert.ok(sent.pliCount + sent.firCount <= 15, `key frames asked of the shopper's camera: ${sent.pliCount + sent.firCount}`);
    await t.vitrina.calls.end(call.callId, 'agent-hung-up');
    await shopper.leave();
    await agent.leave();

    const summary = await until(async () => {
      const c = await t.store.history.summary(call.callId);
      return c && c.recording !== 'recording' ? c : undefined;
    }, 'the recording to be finished');
    assert.equal(summary.recording, 'complete');

    const list = await adminGet<{ total: number; calls: CallSummary[] }>(`/api/admin/calls?agentId=${agentId}&outcome=answered`);
    assert.ok(
      list.calls.some((c) => c.id === call.callId),
      'the owner finds it by consultant',
    );
    const { files } = await adminGet<{ files: RecordingFile[] }>(`/api/admin/calls/${call.callId}`);
    const by = (role: string, source: string) => files.find((f) => f.from.role === role && f.source === source);
    for (const [role, source] of [
      ['shopper', 'camera'],
      ['shopper', 'microphone'],
      ['agent', 'camera'],
      ['agent', 'microphone'],
      ['agent', 'screen_share'],
    ] as const) {
      assert.ok(by(role, source), `a file for the ${role}'s ${source}; got ${files.map((f) => `${f.from.role}/${f.source}`).join(', ')}`);
    }
    const talkMs = summary.talkMs as number;
    for (const file of files.filter((f) => f.source !== 'screen_share')) {
      const local = await download(file);
      const p = await probe(local);
      assert.ok(
        Math.abs(p.durationMs + file.offsetMs - talkMs) < 1500,
        `${file.from.role}/${file.source} lasts ${p.durationMs} ms from ${file.offsetMs} ms; talk ${talkMs} ms`,
      );
      if (file.kind === 'video') {
        assert.equal(p.streams[0]?.codec, 'vp8', 'kept as sent, not re-encoded');
        assert.deepEqual(await undecodableAt(local, [0.5, p.durationMs / 2000, p.durationMs / 1000 - 0.8]), [], 'decodes at several seek points');
      } else {
        assert.equal(p.streams[0]?.codec, 'opus');
      }
    }
    const screen = by('agent', 'screen_share') as RecordingFile;
    const screenProbe = await probe(await download(screen));
    assert.ok(
      screenProbe.durationMs > 2000 && screenProbe.durationMs < 7000,
      `the screen share lasted as long as it was shared (${screenProbe.durationMs} ms)`,
    );

    // The shopper's pattern flashes and sounds at the same instant: on the timeline, they must coincide.
    const camera = by('shopper', 'camera') as RecordingFile;
    const mic = by('shopper', 'microphone') as RecordingFile;
    const flashes = (await flashTimes(await download(camera))).map((s) => s * 1000 + camera.offsetMs);
    const tones = (await toneTimes(await download(mic))).map((s) => s * 1000 + mic.offsetMs);
    const pairs = flashes
      .map((f) => tones.reduce((best, x) => (Math.abs(x - f) < Math.abs(best - f) ? x : best), Infinity) - f)
      .filter((d) => Math.abs(d) < 1000);
    ctx.diagnostic(`sync: picture-to-sound offsets ${pairs.map((d) => Math.round(d)).join(', ')} ms`);
    assert.ok(pairs.length >= 2, `flashes ${flashes.join(',')} and tones ${tones.join(',')} pair up`);
    // The recorder places each track once, so its error shifts every pair alike: that is the median. A single pair also
    // carries the sending browser's own capture jitter, which grows on a busy machine.
    const median = [...pairs].sort((a, b) => a - b)[Math.floor(pairs.length / 2)];
    assert.ok(Math.abs(median) <= 100, `sound and picture within 100 ms (off by ${Math.round(median)} ms at the median)`);
    for (const d of pairs) assert.ok(Math.abs(d) <= 250, `no flash more than 250 ms from its sound (off by ${Math.round(d)} ms)`);

    const range = await fetch(`${t.url}${camera.url}`, { headers: { Cookie: owner.cookie, Range: 'bytes=100-199' } });
    assert.equal(range.status, 206, 'the player can seek: Range is honoured');
    assert.equal((await range.arrayBuffer()).byteLength, 100);

    // "Download": one composite file of the whole call, made on request and kept.
    const ask = await fetch(`${t.url}/api/admin/calls/${call.callId}/composite`, { method: 'POST', headers: { Cookie: owner.cookie } });
    assert.equal(ask.status, 202);
    const ready = await until(
      async () => {
        const s = await adminGet<{ state: string; progress?: number }>(`/api/admin/calls/${call.callId}/composite`);
        assert.notEqual(s.state, 'failed');
        return s.state === 'ready' ? s : undefined;
      },
      'the composite',
      90_000,
    );
    assert.equal(ready.state, 'ready');
    const mp4 = await fetch(`${t.url}/api/admin/calls/${call.callId}/composite.mp4`, { headers: { Cookie: owner.cookie } });
    assert.equal(mp4.status, 200);
    assert.match(mp4.headers.get('content-disposition') ?? '', /attachment/);
    const local = path.join(t.dataDir, 'composite.mp4');
    await writeFile(local, Buffer.from(await mp4.arrayBuffer()));
    const composite = await probe(local);
    const span = Math.max(...files.map((f) => f.offsetMs + f.durationMs));
    assert.ok(Math.abs(composite.durationMs - span) < 1000, `the composite lasts the call (${composite.durationMs} ms vs ${span} ms)`);
    assert.deepEqual(composite.streams.map((x) => x.codec).sort(), ['aac', 'h264']);
    assert.deepEqual(await undecodableAt(local, [0.5, composite.durationMs / 2000, composite.durationMs / 1000 - 0.5]), []);
  });

  it('joins at the ring, yet receives nothing until both sides let it in', async () => {
    const call = await openCall(t.url);
    await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
    const lk = new RoomServiceClient(t.config.livekit.url.replace(/^ws/, 'http'), t.config.livekit.apiKey, t.config.livekit.apiSecret);
    await until(
      async () => ((await lk.listParticipants(call.callId)).some((p) => p.identity === recorderIdentity(call.callId)) ? true : undefined),
      'the recorder to join while it rings',
    );
    // The shopper's camera is live in the room, granted to nobody, as the widget does while waiting.
    const shopper = await openPublisher(browser, { livekitUrl: call.livekitUrl, token: call.token, media: 'fake-devices', allow: [] });
    await sleep(2500);
    assert.deepEqual(await t.store.recordings.tracksOf(call.callId), [], 'not one frame reached the recorder');
    assert.equal((await t.store.history.summary(call.callId))?.recording, null);
    await t.vitrina.calls.end(call.callId, 'cancelled');
    await shopper.leave();
  });

  it('tells shoppers in their language before anyone joins, and records nothing once the owner switches recording off', async () => {
    const status = async (lang: string) =>
      ((await (await fetch(`${t.url}/api/queue/status?lang=${lang}`, { headers: { Origin: SHOP_ORIGIN } })).json()) as { recordingNotice?: string })
        .recordingNotice;
    assert.match((await status('en')) ?? '', /recorded/);
    assert.match((await status('ru')) ?? '', /записывается/);
    const settings = await adminGet<{ enabled: boolean }>('/api/admin/settings/recording');
    const put = (body: object) =>
      fetch(`${t.url}/api/admin/settings/recording`, {
        method: 'PUT',
        headers: { Cookie: owner.cookie, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await put({ ...settings, enabled: false })).status, 200);
    try {
      assert.equal(await status('en'), undefined);
      const call = await openCall(t.url);
      await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId);
      assert.equal((await desk.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
      const meta = JSON.parse((await t.roomMetadata(call.callId)) ?? '{}') as { recorder?: string };
      assert.equal(meta.recorder, undefined, 'nobody is asked to let a recorder in');
      await sleep(1500);
      await t.vitrina.calls.end(call.callId, 'agent-hung-up');
      assert.equal((await t.store.history.summary(call.callId))?.recording, null);
      assert.deepEqual(await t.store.recordings.tracksOf(call.callId), []);
    } finally {
      await put({ ...settings, enabled: true });
    }
  });

  it('lets only an owner session near the call history and the files; ids that are not ours are refused', async () => {
    const callId = (await t.store.history.search({ sort: 'date', order: 'desc', offset: 0, limit: 10 })).calls.find((c) => c.recording === 'complete')?.id;
    const [file] = await t.store.recordings.tracksOf(callId as string);
    assert.ok(file, 'a recorded file to reach for');
    const sign = (secret: string, claims: object, o: jwt.SignOptions = {}) =>
      `vitrina_session=${jwt.sign({ sub: 'whoever', role: 'owner', ...claims }, secret, { algorithm: 'HS256', audience: 'vitrina-console', expiresIn: 600, ...o })}`;
    const ownerId = (await t.store.agents.list()).find((a) => a.role === 'owner')?.id as string;
    const strangers: [string, Record<string, string>, number][] = [
      ['no session', {}, 401],
      ['an agent session', { Cookie: desk.cookie }, 403],
      ['a forged owner session', { Cookie: sign('not-the-secret-'.repeat(3), { sub: ownerId }) }, 401],
      [
        'an expired owner session',
        { Cookie: sign(t.config.sessionSecret, { sub: ownerId, iat: Math.floor(Date.now() / 1000) - 7200 }, { expiresIn: 60 }) },
        401,
      ],
    ];
    const routes: [string, string][] = [
      ['GET', '/api/admin/calls'],
      ['GET', `/api/admin/calls/${callId}`],
      ['PUT', `/api/admin/calls/${callId}/review`],
      ['DELETE', `/api/admin/calls/${callId}/recording`],
      ['GET', `/api/admin/recordings/${file.id}`],
    ];
    for (const [who, headers, status] of strangers) {
      for (const [method, url] of routes) {
        const res = await fetch(`${t.url}${url}`, {
          method,
          headers: { ...headers, 'Content-Type': 'application/json' },
          ...(method === 'PUT' ? { body: '{"note":null,"score":5}' } : {}),
        });
        assert.equal(res.status, status, `${who}: ${method} ${url}`);
      }
    }
    for (const trick of [
      '..%2F..%2Fvitrina.sqlite',
      '%2e%2e',
      'trk_..%2F..%2Fvitrina.sqlite',
      `${file.id}.webm`,
      `${file.id}%00`,
      'trk_doesnotexistdoesnotexist',
      '..%5Cvitrina.sqlite',
    ]) {
      const res = await fetch(`${t.url}/api/admin/recordings/${trick}`, { headers: { Cookie: owner.cookie } });
      // An id of no file: not found. Anything else is refused by the schema, or (a dot-dot the URL resolves away) matches no route.
      if (isFileId(trick)) assert.equal(res.status, 404, trick);
      else assert.ok(res.status === 400 || res.status === 404, `${trick} → ${res.status}`);
      assert.match(res.headers.get('content-type') ?? '', /json/);
    }
    const review = await fetch(`${t.url}/api/admin/calls/${callId}/review`, {
      method: 'PUT',
      headers: { Cookie: owner.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'Good demo of the lamp', score: 6 }),
    });
    assert.equal(review.status, 400);
    assert.equal(((await review.json()) as { error: { field?: string } }).error.field, 'score');
  });
});

describe('a recorder that dies mid-call', { timeout: 120_000 }, () => {
  it('leaves playable files marked partial, never ends the call, and a new recorder carries on', async () => {
    const t = await startTestServer({ VITRINA_RECORDER: 'chromium' });
    const browser = await launchPublisherBrowser();
    try {
      const agent = await t.addAgent('Boris');
      const desk = await TestConsole.signIn(t.url, agent.email);
      await desk.connect();
      await desk.available();
      const call = await openCall(t.url);
      const ring = (await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId)) as { assignment: Assignment };
      assert.equal((await desk.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
      const recorder = recorderIdentity(call.callId);
      const shopper = await openPublisher(browser, { livekitUrl: call.livekitUrl, token: call.token, media: 'sync-pattern', allow: [recorder] });
      const consultant = await openPublisher(browser, {
        livekitUrl: ring.assignment.livekitUrl,
        token: ring.assignment.token,
        media: 'fake-devices',
        allow: [recorder],
      });
      // Every track, not just the first: the recorder takes video 600 ms after a camera appears, sound at once.
      await until(
        async () => ((await t.store.recordings.tracksOf(call.callId)).filter((x) => x.offsetMs !== null).length >= 4 ? true : undefined),
        'the first frames of all four tracks',
      );
      // Past 2 s on disk even with the last half-second batch lost in the crash.
      await sleep(3500);

      const pid = await t.recording?.browserPid();
      assert.ok(pid, 'the recorder browser runs');
      process.kill(pid, 'SIGKILL');

      await until(
        async () => ((await t.store.recordings.tracksOf(call.callId)).some((x) => x.segment === 2 && x.offsetMs !== null) ? true : undefined),
        'a new recorder to take over',
      );
      assert.equal((await t.store.calls.get(call.callId))?.state, 'in-call', 'the call goes on');
      await sleep(2000);
      await t.vitrina.calls.end(call.callId, 'shopper-hung-up');
      await shopper.leave();
      await consultant.leave();

      const status = await until(async () => {
        const c = await t.store.history.summary(call.callId);
        return c && c.recording !== 'recording' ? c.recording : undefined;
      }, 'the recording to settle');
      assert.equal(status, 'partial');
      const tracks = await t.store.recordings.tracksOf(call.callId);
      const first = tracks.filter((x) => x.segment === 1);
      assert.ok(first.length >= 2 && first.every((x) => x.status === 'partial'), "the dead recorder's files are marked partial");
      for (const track of first) {
        const file = await t.recording?.storage.open(track.id);
        assert.ok(file, `the file of ${track.source} is there`);
        const p = await probe(file.path);
        assert.ok(p.durationMs > 2000, `${track.source}: ${p.durationMs} ms recorded before the crash stay playable`);
        if (track.kind === 'video') assert.deepEqual(await undecodableAt(file.path, [0.2, p.durationMs / 2000]), []);
      }
      assert.ok(
        tracks.some((x) => x.segment === 2 && x.status === 'complete'),
        'the second recorder finished its files',
      );
      desk.disconnect();
    } finally {
      await browser.close();
      await t.close();
    }
  });
});

const isFileId = (s: string) => /^trk_[A-Za-z0-9_-]{16,40}$/.test(decodeURIComponent(s));
