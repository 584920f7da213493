import type { AddressInfo } from 'node:net';
import { seedDemoAgents } from './accounts/demo-seed.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { LivekitNodes } from './livekit/nodes.js';
import { livekitRooms } from './livekit/rooms.js';
import { createLogger } from './log.js';
import { openStore } from './store/open-store.js';
import { RedisCluster } from './cluster/redis-cluster.js';
import { createRecording } from '../recordings/create-recorder.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  // A stray rejection is a bug to log, not a reason to drop every waiting shopper.
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
  const store = await openStore(config.database, log);
  if (config.seedDemo) await seedDemoAgents(store, log, Date.now());
  const cluster = config.redisUrl ? await RedisCluster.connect(config.redisUrl, log) : undefined;
  const livekit = new LivekitNodes({ ...config.livekit, log });
  livekit.start();
  const rooms = livekitRooms(livekit);
  const recording = config.recorder === 'chromium' ? createRecording({ config, store, log, livekit }) : undefined;
  const vitrina = createApp({ config, store, rooms, log, livekit, ...(cluster ? { cluster } : {}), ...(recording ? { recorder: recording.service, recordingStorage: recording.storage } : {}) });
  await vitrina.calls.reconcile().catch((err: unknown) => log.error('could not reconcile open calls', { err }));
  await recording?.start().catch((err: unknown) => log.error('could not start the recorder; calls go on unrecorded', { err }));
  await vitrina.presence.expectConsoles();

  const server = vitrina.app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    log.info('listening', { url: `http://${config.host}:${port}`, publicUrl: config.publicUrl });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    // Calls in progress live on in LiveKit; their state is in the store for the next start.
    vitrina.stop();
    livekit.stop();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Every file being recorded is finished seekable; calls still on get a recorder at the next start.
    await recording?.service.stop();
    await store.close();
    await cluster?.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
