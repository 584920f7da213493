import type { Logger } from '../server/log.js';
import type { Store } from '../server/store/store.js';
import type { RecordingStorage } from './storage.js';

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 200;

/**
 * Deletes recordings older than the shop's retention setting, files first and then their rows,
 * logging each deletion. Runs at start and then every `everyMs`; a setting changed by the
 * owner applies at the next pass.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: {
      store: Store;
      storage: RecordingStorage;
      log: Logger;
      now: () => number;
      retentionDays: () => Promise<number>;
      /** Also drops what was derived from a recording (its composite download). */
      removed?: (callId: string) => Promise<void>;
      everyMs?: number;
    },
  ) {}

  start(): void {
    const pass = () => void this.sweep().catch((err: unknown) => this.o.log.error('retention pass failed', { err }));
    pass();
    this.timer = setInterval(pass, this.o.everyMs ?? 3600_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; returns how many calls' recordings were deleted. */
  async sweep(): Promise<number> {
    const days = await this.o.retentionDays();
    const before = this.o.now() - days * DAY_MS;
    let deleted = 0;
    for (;;) {
      const calls = await this.o.store.recordings.expired(before, BATCH);
      for (const callId of calls) {
        const tracks = await this.o.store.recordings.tracksOf(callId);
        for (const track of tracks) await this.o.storage.delete(track.id);
        await this.o.store.recordings.remove(callId);
        await this.o.removed?.(callId);
        this.o.log.info('recording deleted: older than the retention period', { callId, files: tracks.length, retentionDays: days });
        deleted++;
      }
      if (calls.length < BATCH) return deleted;
    }
  }
}
