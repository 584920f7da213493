import { DEFAULT_LOOK, DEFAULT_SERVICE_TARGET, ServiceTargetSchema, ShopOriginsSchema, WidgetLookSchema } from '../contract/shop.js';
import { AttributionSettingsSchema, DEFAULT_ATTRIBUTION } from '../contract/sales.js';
import { CatalogueSettingsSchema, DEFAULT_CATALOGUE_SETTINGS } from '../contract/catalogue.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { StoredSetting } from './stored-setting.js';

export { StoredSetting };

export function widgetLookSetting(store: Store, log: Logger): StoredSetting<typeof WidgetLookSchema> {
  return new StoredSetting({ store, log, key: 'widget-look', schema: WidgetLookSchema, fallback: DEFAULT_LOOK });
}

export function serviceTargetSetting(store: Store, log: Logger): StoredSetting<typeof ServiceTargetSchema> {
  return new StoredSetting({ store, log, key: 'service-target', schema: ServiceTargetSchema, fallback: DEFAULT_SERVICE_TARGET });
}

/** How long after a call its orders count, and whose reports count. */
export function attributionSetting(store: Store, log: Logger): StoredSetting<typeof AttributionSettingsSchema> {
  return new StoredSetting({ store, log, key: 'attribution', schema: AttributionSettingsSchema, fallback: DEFAULT_ATTRIBUTION });
}

/** Where the shop's product feed is and how often it is fetched. */
export function catalogueSetting(store: Store, log: Logger): StoredSetting<typeof CatalogueSettingsSchema> {
  return new StoredSetting({ store, log, key: 'catalogue', schema: CatalogueSettingsSchema, fallback: DEFAULT_CATALOGUE_SETTINGS });
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
    this.setting = new StoredSetting({ store, log, key: 'shop-origins', schema: ShopOriginsSchema, fallback: { origins: [] } });
  }

  get fixed(): readonly string[] {
    return this.fromEnvironment;
  }

  async allowed(): Promise<ReadonlySet<string>> {
    return new Set([...this.fromEnvironment, ...(await this.setting.get()).origins]);
  }
}
