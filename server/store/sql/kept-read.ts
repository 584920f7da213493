/**
 * A read that is made often and changes rarely, kept from one change to the next. Only for a
 * database that this process alone writes (one server on its SQLite file): a change made by
 * another process would not be seen.
 */
export class KeptRead<T> {
  private kept: T | undefined;
  /** Bumped by every change, so a read that was under way across one is not kept. */
  private generation = 0;

  constructor(
    private readonly read: () => Promise<T>,
    /** False: every `get` reads (a database other processes write too). */
    readonly keeps: boolean,
  ) {}

  async get(): Promise<T> {
    if (this.kept !== undefined) return this.kept;
    const generation = this.generation;
    const value = await this.read();
    if (this.keeps && generation === this.generation) this.kept = value;
    return value;
  }

  /**
   * Runs a write that may change what `read` returns. With `patch`, what is kept is brought up to
   * date in place (the frequent, small changes); without, the next `get` reads again.
   */
  async changing<R>(write: Promise<R>, patch?: (kept: T, written: R) => void): Promise<R> {
    let written: R | undefined;
    let wrote = false;
    try {
      written = await write;
      wrote = true;
      return written;
    } finally {
      this.generation++;
      if (wrote && patch && this.kept !== undefined) patch(this.kept, written as R);
      else this.kept = undefined;
    }
  }
}
