import type { z } from 'zod';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/** One validated shop setting in the store: read fresh each time (a change applies at once), defaults when unset or broken. */
export class StoredSetting<S extends z.ZodType> {
  constructor(private readonly o: { store: Store; log: Logger; key: string; schema: S; fallback: z.infer<S> }) {}

  /** What a new value must satisfy (the owner's API validates with it). */
  get schema(): S {
    return this.o.schema;
  }

  async get(): Promise<z.infer<S>> {
    const raw = await this.o.store.settings.get(this.o.key);
    if (raw === undefined) return this.o.fallback;
    const parsed = this.o.schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.o.log.error('a stored setting is invalid; using the default', { key: this.o.key, issues: parsed.error.issues });
    return this.o.fallback;
  }

  async set(value: z.infer<S>, at: number): Promise<void> {
    await this.o.store.settings.put(this.o.key, value, at);
    this.o.log.info('shop setting changed', { key: this.o.key });
  }
}
