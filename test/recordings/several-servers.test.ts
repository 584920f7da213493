import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser } from 'playwright-core';
import type { Assignment } from '../../server/contract/agent.js';
import type { CreateCallResponse } from '../../server/contract/calls.js';
import { recorderIdentity } from '../../server/contract/identities.js';
import { openCall, TestConsole } from '../support/http-clients.js';
import { probe } from '../support/media-probe.js';
import { launchPublisherBrowser, openPublisher, type Publisher } from '../support/publisher/publisher.js';
import { startTestServer, type PeerServer, type TestServer } from '../support/test-server.js';
import { TEST_ENGINE } from '../support/test-store.js';
import { sleep, until } from '../support/until.js';

/**
 * Two Vitrina servers, each with its own recorder browser, on one database and one Redis: the
 * shopper's call is opened (and rings) on the second, the consultant answers through the first.
 */
describe(`recording a call across two servers on ${TEST_ENGINE}`, { timeout: 180_000 }, () => {
  let one: TestServer;
  let two: PeerServer;
  let browser: Browser;
  let desk: TestConsole;
  let agentId: string;
  let livekit: RoomServiceClient;

  before(async () => {
    one = await startTestServer({ VITRINA_RECORDER: 'chromium', VITRINA_RECORDER_LEASE_S: '2' }, { cluster: true });
    two = await one.startPeer();
    browser = await launchPublisherBrowser();
    const agent = await one.addAgent('Vera');
    agentId = agent.id;
    desk = await TestConsole.signIn(one.url, agent.email);
    await desk.connect();
    await desk.available();
    livekit = new RoomServiceClient(one.config.livekit.url.replace(/^ws/, 'http'), one.config.livekit.apiKey, one.config.livekit.apiSecret);
  });
  after(async () => {
    desk?.disconnect();
    await browser?.close();
    await one?.close();
  });

  /** Opened on the second server (which offers it, so its recorder joins at the ring), answered through the first. */
  async function callAnsweredAcross(): Promise<{ call: CreateCallResponse; parties: Publisher[] }> {
    const call = await openCall(two.url);
    const { assignment } = (await desk.next((e) => e.type === 'assignment' && e.assignment.callId === call.callId)) as { assignment: Assignment };
    assert.equal((await desk.post(`/api/agent/calls/${call.callId}/accept`)).status, 200);
    const recorder = recorderIdentity(call.callId);
    const parties = [
      await openPublisher(browser, { livekitUrl: call.livekitUrl, token: call.token, media: 'fake-devices', allow: [recorder, `agent-${agentId}`] }),
      await openPublisher(browser, {
        livekitUrl: assignment.livekitUrl,
        token: assignment.token,
        media: 'fake-devices',
        allow: [recorder, assignment.shopperIdentity],
      }),
    ];
    await until(
      async () => ((await one.store.recordings.tracksOf(call.callId)).filter((x) => x.offsetMs !== null).length >= 4 ? true : undefined),
      'all four tracks to be recorded',
    );
    return { call, parties };
  }

  async function settled(callId: string): Promise<string> {
    return until(async () => {
      const c = await one.store.history.summary(callId);
      return c && c.recording !== 'recording' ? (c.recording ?? 'none') : undefined;
    }, 'the recording to settle');
  }

  async function assertPlayable(callId: string): Promise<void> {
    for (const track of await one.store.recordings.tracksOf(callId)) {
      const file = await one.recording?.storage.open(track.id);
      assert.ok(file, `segment ${track.segment}'s ${track.source} file is there`);
      assert.ok((await probe(file.path)).durationMs > 500, `segment ${track.segment}'s ${track.source} plays`);
    }
  }

  it('gives the call exactly one recorder, and the server that did not record it still ends the recording', async () => {
    const { call, parties } = await callAnsweredAcross();
    assert.equal(await one.store.recordings.holder(call.callId, Date.now()), two.recording?.service.holder, 'the server that rang it records it');
    assert.equal((await one.store.history.summary(call.callId))?.recording, 'recording', 'the answer on the first server reached the recorder on the second');
    await sleep(3000);
    const recorders = (await livekit.listParticipants(call.callId)).filter((p) => p.identity === recorderIdentity(call.callId));
    assert.equal(recorders.length, 1, 'one recorder in the room');
    const tracks = await one.store.recordings.tracksOf(call.callId);
    assert.deepEqual(
      tracks.map((x) => `${x.segment} ${x.participant.split('-')[0]} ${x.source}`).sort(),
      ['1 agent camera', '1 agent microphone', '1 shopper camera', '1 shopper microphone'],
      'one file per track, from one recorder that was never interrupted',
    );

    // Hung up through the first server, which holds no recorder for it.
    await one.vitrina.calls.end(call.callId, 'agent-hung-up');
    for (const party of parties) await party.leave();
    assert.equal(await settled(call.callId), 'complete');
    assert.equal(await one.store.recordings.holder(call.callId, Date.now()), undefined, 'the lease is given back');
    await assertPlayable(call.callId);
  });

  it("hands a call's recording to the other server when the recording one stops, with the gap marked partial", async () => {
    const { call, parties } = await callAnsweredAcross();
    assert.equal(await one.store.recordings.holder(call.callId, Date.now()), two.recording?.service.holder);
    await sleep(2000);
    await two.close();

    await until(
      async () => ((await one.store.recordings.tracksOf(call.callId)).some((x) => x.segment === 2 && x.offsetMs !== null) ? true : undefined),
      'the first server to take the recording over',
      // The lease runs out, then a recorder browser starts and joins: slow on a loaded two-core machine.
      45_000,
    );
    assert.equal(await one.store.recordings.holder(call.callId, Date.now()), one.recording?.service.holder);
    assert.equal((await one.store.calls.get(call.callId))?.state, 'in-call', 'the call goes on');
    await sleep(2000);
    await one.vitrina.calls.end(call.callId, 'shopper-hung-up');
    for (const party of parties) await party.leave();
    assert.equal(await settled(call.callId), 'partial');
    const segments = new Set((await one.store.recordings.tracksOf(call.callId)).map((x) => x.segment));
    assert.deepEqual([...segments].sort(), [1, 2], 'what the stopped server recorded is kept beside what the other recorded after it');
    await assertPlayable(call.callId);
  });
});
