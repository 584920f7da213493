import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CompositeState } from '../server/contract/admin.js';
import type { Logger } from '../server/log.js';
import type { Store } from '../server/store/store.js';
import { makeComposite, type CompositeInput } from './composite.js';
import type { FfmpegTools } from './ffmpeg.js';
import type { RecordingStorage } from './storage.js';

/**
 * The "Download" of a recording: one MP4 of the whole call, made on request, one at a time at
 * low priority, and kept next to the recording until the recording is deleted.
 */
export class CompositeService {
  private readonly jobs = new Map<string, CompositeState>();
  private line: Promise<void> = Promise.resolve();

  constructor(private readonly o: { store: Store; storage: RecordingStorage; tools: FfmpegTools; dir: string; log: Logger }) {
    mkdirSync(o.dir, { recursive: true });
  }

  /** Where a call's composite is kept; `callId` must already be validated as a call id. */
  fileOf(callId: string): string {
    return path.join(this.o.dir, `${callId}.mp4`);
  }

  async status(callId: string): Promise<CompositeState> {
    const job = this.jobs.get(callId);
    if (job && job.state !== 'ready') return job;
    try {
      return { state: 'ready', bytes: (await stat(this.fileOf(callId))).size };
    } catch {
      return { state: 'none' };
    }
  }

  /** Starts making the composite unless it exists or is being made; returns the state after asking. */
  async request(callId: string): Promise<CompositeState> {
    const now = await this.status(callId);
    if (now.state === 'ready' || now.state === 'working') return now;
    const inputs = await this.inputsOf(callId);
    if (inputs.length === 0) return { state: 'failed', error: 'This call has no recording to put together.' };
    const job: CompositeState = { state: 'working', progress: 0 };
    this.jobs.set(callId, job);
    this.line = this.line.then(async () => {
      const started = Date.now();
      try {
        const bytes = await makeComposite(this.o.tools, inputs, this.fileOf(callId), (p) => (job.progress = p));
        this.jobs.delete(callId);
        this.o.log.info('composite made', { callId, bytes, ms: Date.now() - started });
      } catch (err) {
        this.o.log.error('could not make the composite', { callId, err });
        this.jobs.set(callId, { state: 'failed', error: 'The download could not be made; please try again.' });
      }
    });
    return job;
  }

  async remove(callId: string): Promise<void> {
    this.jobs.delete(callId);
    await rm(this.fileOf(callId), { force: true });
  }

  private async inputsOf(callId: string): Promise<CompositeInput[]> {
    const inputs: CompositeInput[] = [];
    for (const t of await this.o.store.recordings.tracksOf(callId)) {
      const file = t.status === 'writing' ? undefined : await this.o.storage.open(t.id);
      if (!file || t.offsetMs === null || !t.durationMs) continue;
      inputs.push({ path: file.path, kind: t.kind, source: t.source, participant: t.participant, offsetMs: t.offsetMs, durationMs: t.durationMs });
    }
    return inputs;
  }
}
