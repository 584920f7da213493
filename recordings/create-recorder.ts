import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../server/config.js';
import type { LivekitAccess } from '../server/livekit/nodes.js';
import type { Logger } from '../server/log.js';
import { newServerId } from '../server/cluster/server-id.js';
import { recordingSettings } from '../server/settings/recording-settings.js';
import type { Store } from '../server/store/store.js';
import { RecorderBrowser } from './recorder/recorder-browser.js';
import { RecorderHost } from './recorder/recorder-host.js';
import { RecordingService } from './recording-service.js';
import { LocalFolderStorage, type RecordingStorage } from './storage.js';

export interface Recording {
  service: RecordingService;
  storage: RecordingStorage;
  /** Starts the recorder's host and its lease keeping, and takes over recordings a stopped server left unfinished. */
  start(): Promise<void>;
  /** The recorder browser's process, while it runs (operators and fault tests find it by this). */
  browserPid(): Promise<number | undefined>;
}

/** The recorder as the server runs it: files under the data folder, one system Chromium for all calls. */
export function createRecording(o: { config: Config; store: Store; log: Logger; now?: () => number; livekit?: LivekitAccess }): Recording {
  const log = o.log.child({ component: 'recorder' });
  const host = new RecorderHost();
  const storage = new LocalFolderStorage(path.join(o.config.dataDir, 'recordings'));
  const settings = recordingSettings(o.store, log);
  const browser: RecorderBrowser = new RecorderBrowser({
    executablePath: o.config.chromiumPath,
    pageUrl: () => host.pageUrl,
    log,
    // Unique per server instance, so that tests running several find the right one.
    tag: `${process.pid}-${randomBytes(4).toString('hex')}`,
    onLost: () => service.browserLost(),
  });
  const service: RecordingService = new RecordingService({
    store: o.store,
    storage,
    host,
    browser,
    tools: o.config.ffmpeg,
    livekit: o.livekit ?? o.config.livekit,
    log,
    now: o.now ?? Date.now,
    enabled: async () => (await settings.get()).enabled,
    // A ring lasts the ring timeout; the recorder waits a little longer for the answer.
    ringWaitMs: o.config.ringTimeoutMs + 10_000,
    inCall: async (callId) => (await o.store.calls.get(callId))?.state === 'in-call',
    holder: newServerId(),
    leaseMs: o.config.recorderLeaseMs,
    // Without Redis there are no other servers (ADR 8): nobody else can be recording.
    soleServer: o.config.redisUrl === undefined,
  });
  return {
    service,
    storage,
    async start() {
      await host.start();
      await browser.warm();
      await service.start();
    },
    browserPid: () => browser.pid(),
  };
}
