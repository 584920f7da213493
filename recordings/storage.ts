import { mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Recording files are named by id only; an id is never a path. */
export const FILE_ID = /^trk_[A-Za-z0-9_-]{16,40}$/;

/**
 * Where finished recording files live. Writers record into a local working file first (the
 * muxer appends to it as frames arrive); `commit` makes the finished file available under its
 * id. The local folder is the only backend shipped; an object store would upload in `commit`
 * and hand out ranges in `open`.
 */
export interface RecordingStorage {
  /** A local file to record into; it survives a crash so it can be repaired. */
  workingPath(fileId: string): string;
  commit(fileId: string, finishedLocalFile: string): Promise<void>;
  /** The finished file, for serving with Range; undefined if there is none. */
  open(fileId: string): Promise<{ path: string; size: number } | undefined>;
  delete(fileId: string): Promise<void>;
}

export class LocalFolderStorage implements RecordingStorage {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  workingPath(fileId: string): string {
    return this.file(fileId, '.part.webm');
  }

  async commit(fileId: string, finishedLocalFile: string): Promise<void> {
    await rename(finishedLocalFile, this.file(fileId, '.webm'));
    await rm(this.workingPath(fileId), { force: true });
  }

  async open(fileId: string): Promise<{ path: string; size: number } | undefined> {
    const file = this.file(fileId, '.webm');
    try {
      return { path: file, size: (await stat(file)).size };
    } catch {
      return undefined;
    }
  }

  async delete(fileId: string): Promise<void> {
    await rm(this.file(fileId, '.webm'), { force: true });
    await rm(this.workingPath(fileId), { force: true });
  }

  private file(fileId: string, suffix: string): string {
    if (!FILE_ID.test(fileId)) throw new Error(`not a recording file id: ${fileId}`);
    return path.join(this.dir, `${fileId}${suffix}`);
  }
}
