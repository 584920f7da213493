import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from '@redis/client';
import { AccessToken, RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { ensureLivekitServer } from '../../../scripts/livekit/ensure-livekit.js';
import { startLivekit, type RunningLivekit } from '../../../scripts/livekit/livekit-process.js';
import { freePort } from '../../../scripts/system/free-port.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../../scripts/system/redis.js';
import { launchPublisherBrowser, openPublisher, type Publisher } from '../../support/publisher/publisher.js';
import { sleep } from '../../support/until.js';

interface Node {
  livekit: RunningLivekit;
  /** livekit's own id for the node (`ND_…`), as it prints it at start and keeps it in Redis. */
  id: string;
  rooms: RoomServiceClient;
  log: string[];
}

/** What a page received of one remote video track. */
interface RemoteVideo {
  /** livekit's msid: `<participant sid>|<track sid>`. */
  streamId: string;
  /** WebRTC's inbound-rtp count for the track. */
  framesDecoded: number;
  /** Frames a <video> element playing the track has shown. */
  videoFrames: number;
}

/**
 * Runs in each publisher page before its script: every remote video track is played in a
 * <video> of its own, so the test reads decoded frames of a named track (the publisher page
 * subscribes but shows nothing, and keeps its Room to itself).
 */
const watchRemoteVideo = `(() => {
  const Native = window.RTCPeerConnection;
  const seen = [];
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      this.addEventListener('track', (e) => {
        if (e.track.kind !== 'video') return;
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        video.srcObject = new MediaStream([e.track]);
        document.body.append(video);
        seen.push({ pc: this, track: e.track, streamId: e.streams[0] ? e.streams[0].id : '', video });
      });
    }
  };
  window.__remoteVideo = () => Promise.all(seen.map(async (s) => {
    let framesDecoded = 0;
    if (s.pc.connectionState !== 'closed') {
      (await s.pc.getStats(s.track)).forEach((r) => { if (r.type === 'inbound-rtp') framesDecoded = r.framesDecoded || 0; });
    }
    return { streamId: s.streamId, framesDecoded, videoFrames: s.video.getVideoPlaybackQuality().totalVideoFrames };
  }));
})();`;

/** openPublisher makes its own context and navigates at once, so the watcher goes in with the context. */
function watchingContexts(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, key) {
      if (key === 'newContext') {
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(options);
          await context.addInitScript(watchRemoteVideo);
          return context;
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}

/**
 * Two livekit-server nodes on loopback sharing one Redis: one LiveKit cluster. What 1.13.5 does
 * (pkg/routing, pkg/service): the node that takes RoomService.CreateRoom picks a node for the
 * room (node_selector "any", sorted "random", unless the request names one) and records it in
 * Redis (`room_node_map`); the room and all its media then live on that node alone. A participant
 * may open its WebSocket on any node: that node relays the signalling to the room's node over
 * Redis, and the ICE candidates it passes on are the room node's, so media goes straight there.
 */
describe('two livekit-server nodes sharing one Redis', { timeout: 60_000 }, () => {
  const apiKey = 'APIcluster';
  const apiSecret = randomBytes(32).toString('base64url');
  let dir: string;
  let redis: ThrowawayRedis;
  let a: Node;
  let b: Node;
  let browser: Browser | undefined;
  const publishers: Publisher[] = [];
  const roomsMade: string[] = [];

  async function startNode(name: string, bin: string): Promise<Node> {
    const log: string[] = [];
    const [port, rtcTcpPort, rtcUdpPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const livekit = await startLivekit({
      bin,
      dir,
      configFile: `livekit-${name}.yaml`,
      apiKey,
      apiSecret,
      port,
      rtcTcpPort,
      rtcUdpPort,
      redis: { address: `127.0.0.1:${redis.port}` },
      onLine: (line) => log.push(line),
    });
    const id = log.map((line) => /"nodeID": "(ND_\w+)"/.exec(line)?.[1]).find(Boolean);
    assert.ok(id, `node ${name} printed its node id:\n${log.join('\n')}`);
    return { livekit, id, rooms: new RoomServiceClient(livekit.httpUrl, apiKey, apiSecret), log };
  }

  /** Which node Redis says hosts each room: what every node's router consults. */
  async function hostsOf(rooms: string[]): Promise<(string | null)[]> {
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      return await client.hmGet('room_node_map', rooms);
    } finally {
      await client.close();
    }
  }

  async function token(room: string, identity: string): Promise<string> {
    const at = new AccessToken(apiKey, apiSecret, { identity, ttl: '10m' });
    at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
    return at.toJwt();
  }

  async function remoteVideo(p: Publisher): Promise<RemoteVideo[]> {
    return p.page.evaluate<RemoteVideo[]>('window.__remoteVideo ? window.__remoteVideo() : []');
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-livekit-cluster-'));
    const bin = await ensureLivekitServer();
    redis = await startThrowawayRedis({ port: await freePort() });
    // One after the other: each must have registered in Redis before the rooms are placed.
    a = await startNode('a', bin);
    b = await startNode('b', bin);
    assert.notEqual(a.id, b.id);
  });

  after(async () => {
    for (const p of publishers) await p.leave().catch(() => undefined);
    await browser?.close();
    // A node waits for its participants to leave before it stops: deleting the rooms sends them off.
    await Promise.allSettled(roomsMade.map((name) => a.rooms.deleteRoom(name)));
    await Promise.allSettled([a?.livekit.stop(), b?.livekit.stop()]);
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists through one node the rooms created through the other, placed on either node', async () => {
    const names = Array.from({ length: 16 }, (_, i) => `spread-${i}`);
    for (const name of names) {
      await a.rooms.createRoom({ name });
      roomsMade.push(name);
    }
    const listedByB = await b.rooms.listRooms();
    assert.deepEqual(listedByB.map((r) => r.name).sort(), [...names].sort(), 'node B lists every room node A created');

    // Random placement: all 16 on one node has odds of 1 in 32768 when both nodes are in service.
    const hosts = await hostsOf(names);
    assert.ok(
      hosts.every((h) => h === a.id || h === b.id),
      `every room is on one of the two nodes: ${hosts.join(', ')}`,
    );
    assert.deepEqual(new Set(hosts), new Set([a.id, b.id]), `rooms created through A land on both nodes: ${hosts.join(', ')}`);
  });

  it('carries media both ways between a participant on the room’s node and one on the other node', async (t) => {
    const room = `call-${randomBytes(4).toString('hex')}`;
    // Created through A but placed on B: the participant that connects to A is on a node without the room.
    const created = await a.rooms.createRoom({ name: room, nodeId: b.id, emptyTimeout: 60 });
    roomsMade.push(room);
    assert.deepEqual(await hostsOf([room]), [b.id], 'the room is on node B');
    const listed = await b.rooms.listRooms([room]);
    assert.equal(listed[0]?.sid, created.sid, 'node B lists the very room created through A');

    browser = watchingContexts(await launchPublisherBrowser());
    const onA = await openPublisher(browser, { livekitUrl: a.livekit.url, token: await token(room, 'on-a'), media: 'fake-devices' });
    publishers.push(onA);
    const onB = await openPublisher(browser, { livekitUrl: b.livekit.url, token: await token(room, 'on-b'), media: 'fake-devices' });
    publishers.push(onB);

    // Each participant's camera track, as the cluster knows it (asked through the node not hosting the room).
    const cameras = new Map<string, string>();
    const deadline = Date.now() + 15_000;
    while (cameras.size < 2) {
      for (const p of await a.rooms.listParticipants(room)) {
        const camera = p.tracks.find((track) => track.source === TrackSource.CAMERA);
        if (camera) cameras.set(p.identity, `${p.sid}|${camera.sid}`);
      }
      if (cameras.size < 2 && Date.now() > deadline) assert.fail(`both cameras published; got ${[...cameras.keys()].join(', ') || 'none'}`);
      if (cameras.size < 2) await sleep(200);
    }

    const enough = 30;
    const seenBy = async (p: Publisher, other: string): Promise<RemoteVideo | undefined> =>
      (await remoteVideo(p)).find((v) => v.streamId === cameras.get(other));
    let aSees: RemoteVideo | undefined;
    let bSees: RemoteVideo | undefined;
    const framesDeadline = Date.now() + 15_000;
    for (;;) {
      [aSees, bSees] = await Promise.all([seenBy(onA, 'on-b'), seenBy(onB, 'on-a')]);
      const done = [aSees, bSees].every((v) => v && v.framesDecoded >= enough && v.videoFrames >= enough);
      if (done || Date.now() > framesDeadline) break;
      await sleep(250);
    }
    t.diagnostic(`the page on A (no room there) decoded ${aSees?.framesDecoded ?? 0} frames of B's camera; the page on B, ${bSees?.framesDecoded ?? 0} of A's`);
    // The WebSocket of `on-a` went to node A, yet its session (and the ICE candidates it was given) are node B's.
    const sessionOf = (n: Node, identity: string) => n.log.some((l) => l.includes('starting RTC session') && l.includes(`"participant": "${identity}"`));
    assert.ok(sessionOf(b, 'on-a') && sessionOf(b, 'on-b'), 'node B runs both participants’ sessions');
    assert.ok(!sessionOf(a, 'on-a'), 'node A only relays the signalling of the participant connected to it');
    for (const [who, seen, whose] of [
      ['on A', aSees, 'on-b'],
      ['on B', bSees, 'on-a'],
    ] as const) {
      assert.ok(
        seen,
        `the page ${who} receives ${whose}'s camera (${cameras.get(whose)}); it has ${JSON.stringify(await remoteVideo(who === 'on A' ? onA : onB))}`,
      );
      assert.ok(seen.framesDecoded >= enough, `the page ${who} decoded ${seen.framesDecoded} frames of ${whose}'s camera`);
      assert.ok(seen.videoFrames >= enough, `the page ${who} played ${seen.videoFrames} frames of ${whose}'s camera`);
    }
  });
});
