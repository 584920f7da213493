import type { z } from 'zod';
import { DEFAULT_LOOK, DEFAULT_SERVICE_TARGET, ServiceTargetSchema, ShopOriginsSchema, WidgetLookSchema, type ShopOriginsValue, type WidgetLook } from '../contract/shop.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

/** One validated shop setting in the store: read fresh each time (a change applies at once), defaults when unset or broken. */
export class StoredSetting<S extends z.ZodType> {
  constructor(
    private readonly o: { store: Store; log: Logger; key: string; schema: S; fallback: z.infer<S> },
  ) {}

  async get(): Promise<z.infer<S>> {
    const raw = await this.o.store.settings.get(this.o.key);
    if (raw === undefined) return this.o.fallback;
    const parsed = this.o.schema.safeParse(raw);
    if (parsed.success) return parsed.data as z.infer<S>;
    this.o.log.error('a stored setting is invalid; using the default', { key: this.o.key, issues: parsed.error.issues });
    return this.o.fallback;
  }

  async set(value: z.infer<S>, at: number): Promise<void> {
    await this.o.store.settings.put(this.o.key, value, at);
    this.o.log.info('shop setting changed', { key: this.o.key });
  }
}

export function widgetLookSetting(store: Store, log: Logger): StoredSetting<typeof WidgetLookSchema> {
  return new StoredSetting({ store, log, key: 'widget-look', schema: WidgetLookSchema, fallback: DEFAULT_LOOK as WidgetLook });
}

export function serviceTargetSetting(store: Store, log: Logger): StoredSetting<typeof ServiceTargetSchema> {
  return new StoredSetting({ store, log, key: 'service-target', schema: ServiceTargetSchema, fallback: DEFAULT_SERVICE_TARGET });
}

/**
 * The origins allowed to embed the widget: those the server was started with (always) and
 * those the owner added in the admin page.
 */
export class ShopOrigins {
  readonly setting: StoredSetting<typeof ShopOriginsSchema>;

  constructor(
    store: Store,
    log: Logger,
    private readonly fromEnvironment: readonly string[],
  ) {
    this.setting = new StoredSetting({ store, log, key: 'shop-origins', schema: ShopOriginsSchema, fallback: { origins: [] } as ShopOriginsValue });
  }

  get fixed(): readonly string[] {
    return this.fromEnvironment;
  }

  async allowed(): Promise<ReadonlySet<string>> {
    return new Set([...this.fromEnvironment, ...(await this.setting.get()).origins]);
  }
}
