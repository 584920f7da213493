import type { CallRecord } from '../store.js';

const byArrival = (a: CallRecord, b: CallRecord): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What a pass over the line reads, worked out once per change. */
interface Views {
  open: readonly CallRecord[];
  waiting: readonly CallRecord[];
  queued: number;
  busy: readonly string[];
}

/** The database's own answers, each narrowed to what it is asked. */
export interface OpenCallReads {
  open(): Promise<CallRecord[]>;
  waiting(): Promise<CallRecord[]>;
  countQueued(): Promise<number>;
  busyAgentIds(): Promise<string[]>;
  call(id: string): Promise<CallRecord | undefined>;
}

/**
 * The calls not yet ended, read on every pass over the line (the line itself, and who is busy)
 * and on nearly every request about a call. Like `KeptRead`, only for a database this process
 * alone writes (one server on its SQLite file); otherwise each question goes to the database.
 * Reading the line on every pass made each new call cost O(line); kept, a write to a call hands
 * over the row it wrote (`RETURNING`), and reading one call costs no statement while it is open.
 */
export class KeptOpenCalls {
  private kept: Map<string, CallRecord> | undefined;
  private views: Views | undefined;
  /** Bumped by every change, so a read that was under way across one is not kept. */
  private generation = 0;

  constructor(
    private readonly read: OpenCallReads,
    /** False: every question goes to the database (other processes write it too). */
    readonly keeps: boolean,
  ) {}

  /** Every call not ended, oldest first. Kept calls are frozen: they are shared with the next caller. */
  async open(): Promise<CallRecord[]> {
    return this.keeps ? [...(await this.current()).open] : this.read.open();
  }

  /** The line: queued or ringing, oldest first. */
  async waiting(): Promise<CallRecord[]> {
    return this.keeps ? [...(await this.current()).waiting] : this.read.waiting();
  }

  /** How many calls are queued (not ringing): a newcomer's place. */
  async countQueued(): Promise<number> {
    return this.keeps ? (await this.current()).queued : this.read.countQueued();
  }

  /** Consultants with a call ringing for them or in progress. */
  async busyAgentIds(): Promise<string[]> {
    return this.keeps ? [...(await this.current()).busy] : this.read.busyAgentIds();
  }

  /** One call: an open one as kept (frozen, shared), an ended or unknown one from the database. */
  async call(id: string): Promise<CallRecord | undefined> {
    return (this.keeps ? this.kept?.get(id) : undefined) ?? this.read.call(id);
  }

  /** A write to this call's row has committed, and this is the row it left. */
  changed(call: CallRecord): void {
    this.generation++;
    const kept = this.kept;
    if (!kept) return;
    if (call.state !== 'ended') kept.set(call.id, Object.freeze(call));
    else if (!kept.delete(call.id)) return;
    this.views = undefined;
  }

  /** A write that did not hand its row over (a chat line moving the page): the row is read again. */
  async reread(id: string): Promise<void> {
    this.generation++;
    const generation = this.generation;
    const call = await this.read.call(id);
    // Another change landed during the read, perhaps to this call: start afresh rather than keep an older row.
    if (generation !== this.generation) this.forget();
    else if (call) this.changed(call);
  }

  private forget(): void {
    this.kept = undefined;
    this.views = undefined;
  }

  private async current(): Promise<Views> {
    if (this.kept) return (this.views ??= viewsOf([...this.kept.values()].sort(byArrival)));
    const generation = this.generation;
    const open = await this.read.open();
    if (generation !== this.generation) return viewsOf(open);
    this.kept = new Map(open.map((c) => [c.id, Object.freeze(c)]));
    return (this.views = viewsOf(open));
  }
}

function viewsOf(open: readonly CallRecord[]): Views {
  const waiting = open.filter((c) => c.state === 'queued' || c.state === 'ringing');
  const busy = open.flatMap((c) => ((c.state === 'ringing' || c.state === 'in-call') && c.agentId !== null ? [c.agentId] : []));
  return { open, waiting, queued: waiting.filter((c) => c.state === 'queued').length, busy };
}
