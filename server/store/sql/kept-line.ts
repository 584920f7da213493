import type { CallRecord } from '../store.js';

const isWaiting = (c: CallRecord): boolean => c.state === 'queued' || c.state === 'ringing';
const byArrival = (a: CallRecord, b: CallRecord): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The calls in line (queued or ringing), read on every pass over it. Like `KeptRead`, only for a
 * database this process alone writes (one server on its SQLite file). Reading the whole line on
 * every pass made each new call cost O(line); kept, each write to a call costs one read of that
 * call's row instead.
 */
export class KeptLine {
  private kept: Map<string, CallRecord> | undefined;
  /** The kept calls in arrival order, until the next change. */
  private sorted: readonly CallRecord[] | undefined;
  /** Bumped by every change, so a whole-line read that was under way across one is not kept. */
  private generation = 0;

  constructor(
    private readonly readLine: () => Promise<CallRecord[]>,
    private readonly readCall: (id: string) => Promise<CallRecord | undefined>,
    /** False: every `list` reads (a database other processes write too). */
    readonly keeps: boolean,
  ) {}

  /** The line in arrival order. The calls are frozen: they are shared with the next caller. */
  async list(): Promise<CallRecord[]> {
    if (this.kept) return [...(this.sorted ??= [...this.kept.values()].sort(byArrival))];
    const generation = this.generation;
    const line = await this.readLine();
    if (this.keeps && generation === this.generation) {
      this.kept = new Map(line.map((c) => [c.id, Object.freeze(c)]));
      this.sorted = [...line];
    }
    return line;
  }

  /** After a write to this call's row has committed: the kept line takes the row as it is now. */
  async changed(id: string): Promise<void> {
    this.generation++;
    const kept = this.kept;
    if (!kept) return;
    const call = await this.readCall(id);
    // Reads of one row run in the order they were asked, so the last one to land is the newest.
    if (this.kept !== kept) return;
    if (call && isWaiting(call)) kept.set(id, Object.freeze(call));
    else if (!kept.delete(id)) return;
    this.sorted = undefined;
  }
}
