import { sseFrame, type SseStream } from './sse.js';

/** Open event streams grouped by a key (an agent, a call); a key may have several (tabs). */
export class StreamGroups {
  private readonly groups = new Map<string, Set<SseStream>>();

  /** Adds a stream; the returned function removes it and says whether its group is now empty. */
  add(key: string, stream: SseStream): () => boolean {
    let set = this.groups.get(key);
    if (!set) this.groups.set(key, (set = new Set()));
    set.add(stream);
    return () => {
      const current = this.groups.get(key);
      if (!current?.delete(stream) || current.size > 0) return false;
      this.groups.delete(key);
      return true;
    };
  }

  has(key: string): boolean {
    return this.groups.has(key);
  }

  keys(): Iterable<string> {
    return this.groups.keys();
  }

  send(key: string, event: unknown): void {
    const set = this.groups.get(key);
    if (!set) return;
    const frame = sseFrame(event);
    for (const stream of set) stream.sendFrame(frame);
  }

  /** Serialises the event once, however many streams there are (the line to a hundred consoles). */
  broadcast(event: unknown): void {
    if (this.groups.size === 0) return;
    const frame = sseFrame(event);
    for (const set of this.groups.values()) for (const stream of set) stream.sendFrame(frame);
  }

  /** Removes a whole group and hands its streams over (to say goodbye and close them). */
  take(key: string): SseStream[] {
    const set = this.groups.get(key);
    this.groups.delete(key);
    return [...(set ?? [])];
  }

  closeAll(): void {
    for (const key of [...this.groups.keys()]) for (const stream of this.take(key)) stream.close();
  }
}
