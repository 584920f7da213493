import type { AddressInfo } from 'node:net';
import { seedDemoAgents, seedDemoCatalogue } from './accounts/demo-seed.js';
import { createApp } from './app.js';
import { listen } from './http/listen.js';
import { RedisCluster } from './cluster/redis-cluster.js';
import type { Config } from './config.js';
import { LivekitNodes } from './livekit/nodes.js';
import { livekitRooms, type CallRooms } from './livekit/rooms.js';
import type { Logger } from './log.js';
import { openStore } from './store/open-store.js';
import { createRecording } from '../recordings/create-recorder.js';

export interface RunningServer {
  /** Where it listens (loopback or the configured host). */
  url: string;
  rooms: CallRooms;
  /** Graceful shutdown: streams closed, every recording file finished, connections let go. */
  stop(): Promise<void>;
}

/**
 * One Vitrina server from its settings: the store, Redis when there are several servers, the
 * LiveKit nodes, the recorder, the app; then what a start must catch up on (open calls,
 * unfinished recordings, consoles expected back) before it listens.
 */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = await openStore(config.database, log);
  if (config.seedDemo) {
    await seedDemoAgents(store, log, Date.now());
    await seedDemoCatalogue(store, config.allowedOrigins[0], Date.now());
  }
  const cluster = config.redisUrl ? await RedisCluster.connect(config.redisUrl, log) : undefined;
  const livekit = new LivekitNodes({ ...config.livekit, log });
  livekit.start();
  const rooms = livekitRooms(livekit);
  const recording = config.recorder === 'chromium' ? createRecording({ config, store, log, livekit }) : undefined;
  const vitrina = createApp({
    config,
    store,
    rooms,
    log,
    livekit,
    ...(cluster ? { cluster } : {}),
    ...(recording ? { recorder: recording.service, recordingStorage: recording.storage } : {}),
  });
  await vitrina.calls.reconcile().catch((err: unknown) => log.error('could not reconcile open calls', { err }));
  await recording?.start().catch((err: unknown) => log.error('could not start the recorder; calls go on unrecorded', { err }));
  await vitrina.presence.expectConsoles();

  const server = await listen(vitrina.app, config.port, config.host);
  const url = `http://${config.host}:${(server.address() as AddressInfo).port}`;
  log.info('listening', { url, publicUrl: config.publicUrl });
  if (await vitrina.firstOwner.needed()) {
    log.warn(`no owner account yet: open this link once to create it (it works for 24 hours): ${vitrina.firstOwner.link()}`);
  }
  return {
    url,
    rooms,
    async stop() {
      // Calls in progress live on in LiveKit; their state is in the store for the next start.
      await vitrina.stop();
      livekit.stop();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Every file being recorded is finished seekable; calls still on get a recorder at the next start (or from another server).
      await recording?.service.stop();
      await store.close();
      await cluster?.close();
    },
  };
}
