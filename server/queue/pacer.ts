/**
 * Sends the newest of a run of values: the first at once, then at most one every `everyMs`, and
 * then only the newest one waiting. For what a person reads (the consoles' line, a shopper's
 * place): in a busy shop it changes with every event, and each copy goes to many streams.
 * `send` says whether anything went out; an unchanged value does not hold the next one back.
 */
export class Pacer<T> {
  private pending: { value: T } | undefined;
  private sentAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly everyMs: number,
    private readonly send: (value: T) => boolean,
  ) {}

  offer(value: T): void {
    this.pending = { value };
    this.flush();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (this.timer !== undefined || this.pending === undefined || this.stopped) return;
    const waitMs = this.sentAt + this.everyMs - performance.now();
    if (waitMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, waitMs);
      return;
    }
    const { value } = this.pending;
    this.pending = undefined;
    if (this.send(value)) this.sentAt = performance.now();
  }
}
