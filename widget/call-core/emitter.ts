/** A tiny emitter typed by a map of event name → handler signature. */
// Handlers are compared by identity only; `never[]` lets any handler signature in.
type Handler = (...args: never[]) => void;

export class Emitter<Events extends { [K in keyof Events]: Handler }> {
  private readonly handlers = new Map<keyof Events, Set<Handler>>();

  on<K extends keyof Events>(event: K, handler: Events[K]): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => void set.delete(handler);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const handler of this.handlers.get(event) ?? []) (handler as (...a: Parameters<Events[K]>) => void)(...args);
  }
}
