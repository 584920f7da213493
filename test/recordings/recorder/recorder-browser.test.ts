import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import { RecorderBrowser, type RecorderPage } from '../../../recordings/recorder/recorder-browser.js';
import { RecorderHost } from '../../../recordings/recorder/recorder-host.js';
import type { RecorderPageConfig } from '../../../recordings/recorder/page/recorder-page.js';
import { ensureLivekitServer } from '../../../scripts/livekit/ensure-livekit.js';
import { startLivekit, type RunningLivekit } from '../../../scripts/livekit/livekit-process.js';
import { CHROMIUM_PATH } from '../../../scripts/system/ensure-system-tools.js';
import { freePort } from '../../../scripts/system/free-port.js';
import { recorderIdentity } from '../../../server/contract/identities.js';
import { mintRecorderToken } from '../../../server/livekit/tokens.js';
import { silentLogger } from '../../../server/log.js';
import { until } from '../../support/until.js';

describe('the recorder browser keeps a page loaded ahead of the next ring', { timeout: 90_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-recorder-browser-'));
  const keys = { apiKey: 'APItest', apiSecret: randomBytes(32).toString('base64url') };
  const host = new RecorderHost();
  let livekit: RunningLivekit;
  let roomService: RoomServiceClient;
  /** Every load of the recorder page asks for its address once: the count of pages loaded. */
  let loads = 0;
  let lost = 0;

  const newBrowser = (spareRefillMs: number) =>
    new RecorderBrowser({
      executablePath: CHROMIUM_PATH,
      pageUrl: () => (loads++, host.pageUrl),
      log: silentLogger,
      onLost: () => lost++,
      tag: `test-${randomBytes(4).toString('hex')}`,
      spareRefillMs,
    });

  /** What a ring hands the recorder browser: a room of its own, a token for it, an ingest point. */
  async function ring(room: string): Promise<RecorderPageConfig> {
    await roomService.createRoom({ name: room });
    const token = await mintRecorderToken(keys, { room, identity: recorderIdentity(room) });
    return { livekitUrl: livekit.url, token, ...host.open(room, async () => undefined) };
  }

  const recorderIn = (room: string) =>
    until(
      async () => ((await roomService.listParticipants(room)).some((p) => p.identity === recorderIdentity(room)) ? true : undefined),
      `the recorder in ${room}`,
    );

  /** A recorder page joined to a room of its own; resolves once it is in the room, as LiveKit says. */
  async function record(browser: RecorderBrowser, room: string): Promise<RecorderPage> {
    const page = await browser.openPage(await ring(room));
    await recorderIn(room);
    return page;
  }

  before(async () => {
    const [port, rtcTcpPort, rtcUdpPort] = await Promise.all([freePort(), freePort(), freePort()]);
    livekit = await startLivekit({ bin: await ensureLivekitServer(), dir, ...keys, port, rtcTcpPort, rtcUdpPort });
    roomService = new RoomServiceClient(livekit.httpUrl, keys.apiKey, keys.apiSecret);
    await host.start();
  });
  after(async () => {
    await host.stop();
    await livekit?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a ring takes the spare; two rings at once get two pages, one of them the spare', async () => {
    const browser = newBrowser(60_000);
    try {
      loads = 0;
      await browser.warm();
      assert.equal(loads, 1, 'warming loads the spare');
      // Asked for in the same instant: only one of them may have the spare.
      const [a, b] = [await ring('call-a'), await ring('call-b')];
      await Promise.all([browser.openPage(a), browser.openPage(b)]);
      await Promise.all([recorderIn('call-a'), recorderIn('call-b')]);
      assert.equal(loads, 2, 'one page was the spare, loaded before the rings; the other was loaded for its ring');
    } finally {
      await browser.close();
    }
  });

  it('the next spare is loaded a while after one is taken, and none once the browser is closed', async () => {
    const browser = newBrowser(300);
    try {
      loads = 0;
      await browser.warm();
      await record(browser, 'call-c');
      await until(async () => (loads === 2 ? true : undefined), 'the next spare');
      // Taking that one schedules another, which the close cancels.
      await record(browser, 'call-d');
    } finally {
      await browser.close();
    }
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(loads, 2, 'a closed browser loads no further spare');
  });

  it('a spare that died with its browser is not handed out: the next ring loads a page in a new browser', async () => {
    const browser = newBrowser(60_000);
    try {
      loads = 0;
      lost = 0;
      await browser.warm();
      const pid = await browser.pid();
      assert.ok(pid, 'the browser runs');
      process.kill(pid, 'SIGKILL');
      await until(async () => (lost === 1 ? true : undefined), 'the browser noticed gone');

      await record(browser, 'call-e');
      assert.equal(loads, 2, 'a page was loaded for the ring, not the dead spare');
      assert.notEqual(await browser.pid(), pid);
    } finally {
      await browser.close();
    }
  });
});
