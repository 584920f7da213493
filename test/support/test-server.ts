import { listen } from '../../server/http/listen.js';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RoomServiceClient } from 'livekit-server-sdk';
import { ensureLivekitServer } from '../../scripts/livekit/ensure-livekit.js';
import { startLivekit, type RunningLivekit } from '../../scripts/livekit/livekit-process.js';
import { hashPassword } from '../../server/accounts/passwords.js';
import { createRecording, type Recording } from '../../recordings/create-recorder.js';
import { createApp, type VitrinaApp } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { livekitRooms, type CallRooms } from '../../server/livekit/rooms.js';
import { silentLogger } from '../../server/log.js';
import type { Agent, Store } from '../../server/store/store.js';
import { freePort } from '../../scripts/system/free-port.js';
import { createTestDatabase, TEST_ENGINE } from './test-store.js';
import { startThrowawayRedis } from '../../scripts/system/redis.js';
import { RedisCluster } from '../../server/cluster/redis-cluster.js';

export const SHOP_ORIGIN = 'http://shop.test:8081';

export interface TestServer {
  url: string;
  config: Config;
  store: Store;
  rooms: CallRooms;
  /** The app now serving (a new one after `restart()`). */
  vitrina: VitrinaApp;
  /** The recorder, when the server was started with VITRINA_RECORDER=chromium. */
  recording: Recording | undefined;
  /** Stops the app as a deploy would and starts a new one on the same port, store and LiveKit. */
  restart(): Promise<void>;
  livekit: RunningLivekit;
  dataDir: string;
  addAgent(name: string, options?: { password?: string; role?: 'agent' | 'owner'; languages?: string[] }): Promise<Agent>;
  /** The room's metadata as LiveKit holds it (what the browsers in it see). */
  roomMetadata(room: string): Promise<string | undefined>;
  /**
   * With `{ cluster: true }`: a second Vitrina server on its own port, sharing this one's
   * LiveKit, database (through a connection of its own on PostgreSQL) and Redis.
   */
  startPeer(): Promise<PeerServer>;
  close(): Promise<void>;
}

export interface PeerServer {
  url: string;
  vitrina: VitrinaApp;
  /** Its own recorder, when the servers were started with VITRINA_RECORDER=chromium. */
  recording: Recording | undefined;
  /** Stops it as a deploy or a crash would leave the others: its streams end, its timers stop. */
  close(): Promise<void>;
}

/**
 * The real thing for one test file: a livekit-server of the pinned version on free loopback
 * ports, our app on a real HTTP port, a real database (an SQLite file, or a PostgreSQL database
 * of its own when the suite runs on PostgreSQL), LiveKit's webhooks pointed at us.
 */
export async function startTestServer(env: Record<string, string> = {}, o: { cluster?: boolean; staticDir?: string } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vitrina-test-'));
  const [port, lkPort, lkTcp, lkUdp] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const apiKey = 'APItest';
  const apiSecret = randomBytes(32).toString('base64url');
  const livekit = await startLivekit({
    bin: await ensureLivekitServer(),
    dir: dataDir,
    apiKey,
    apiSecret,
    port: lkPort,
    rtcTcpPort: lkTcp,
    rtcUdpPort: lkUdp,
    webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
  });
  const database = await createTestDatabase(dataDir);
  const redis = o.cluster ? await startThrowawayRedis({ port: await freePort() }) : undefined;
  const config = loadConfig({
    ...database.env,
    ...(redis ? { VITRINA_REDIS_URL: redis.url } : {}),
    VITRINA_PORT: String(port),
    VITRINA_DATA_DIR: dataDir,
    VITRINA_ALLOWED_ORIGINS: SHOP_ORIGIN,
    VITRINA_SESSION_SECRET: randomBytes(32).toString('base64url'),
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: apiKey,
    LIVEKIT_API_SECRET: apiSecret,
    // Only the recording tests pay for a recorder browser.
    VITRINA_RECORDER: 'off',
    ...env,
  });
  const store = await database.open();
  const rooms = livekitRooms(config.livekit);
  const serve = async (on: { port: number; store: Store }) => {
    const recording = config.recorder === 'chromium' ? createRecording({ config, store: on.store, log: silentLogger }) : undefined;
    const cluster = redis ? await RedisCluster.connect(redis.url, silentLogger) : undefined;
    const app = createApp({
      config,
      store: on.store,
      rooms,
      log: silentLogger,
      ...(o.staticDir ? { staticDir: o.staticDir } : {}),
      ...(cluster ? { cluster } : {}),
      ...(recording ? { recorder: recording.service, recordingStorage: recording.storage } : {}),
    });
    const server = await listen(app.app, on.port, '127.0.0.1');
    await recording?.start();
    return { app, server, recording, cluster };
  };
  const stopServing = async (running: Awaited<ReturnType<typeof serve>>) => {
    await running.app.stop();
    running.server.closeAllConnections();
    await new Promise((resolve) => running.server.close(resolve));
    await running.recording?.service.stop();
    await running.cluster?.close();
  };
  let running = await serve({ port, store });
  const peers: PeerServer[] = [];
  const url = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;

  return {
    url,
    config,
    store,
    rooms,
    get vitrina() {
      return running.app;
    },
    get recording() {
      return running.recording;
    },
    async restart() {
      await stopServing(running);
      running = await serve({ port, store });
      await running.app.calls.reconcile();
      await running.app.presence.expectConsoles();
    },
    livekit,
    dataDir,
    async addAgent(name, options = {}) {
      return store.agents.create(
        {
          email: `${name.toLowerCase()}@shop.test`,
          name,
          role: options.role ?? 'agent',
          passwordHash: await hashPassword(options.password ?? 'correct horse battery'),
          languages: options.languages ?? ['en'],
        },
        Date.now(),
      );
    },
    async roomMetadata(room) {
      const client = new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), apiKey, apiSecret);
      return (await client.listRooms([room]))[0]?.metadata;
    },
    async startPeer() {
      if (!redis) throw new Error('start the test server with { cluster: true } to run a peer');
      const peerPort = await freePort();
      // On SQLite the peer shares this process's connection: SQLite is one server's store.
      const peerStore = TEST_ENGINE === 'postgres' ? await database.open() : store;
      const peerRunning = await serve({ port: peerPort, store: peerStore });
      await peerRunning.app.presence.expectConsoles();
      let closed = false;
      const peer: PeerServer = {
        url: `http://127.0.0.1:${peerPort}`,
        vitrina: peerRunning.app,
        recording: peerRunning.recording,
        async close() {
          if (closed) return;
          closed = true;
          await stopServing(peerRunning);
          if (peerStore !== store) await peerStore.close();
        },
      };
      peers.push(peer);
      return peer;
    },
    async close() {
      for (const peer of peers) await peer.close();
      await stopServing(running);
      await redis?.stop();
      await livekit.stop();
      await store.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
