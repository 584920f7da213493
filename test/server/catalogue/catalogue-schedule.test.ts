import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CatalogueService } from '../../../server/catalogue/catalogue-service.js';
import { silentLogger } from '../../../server/log.js';
import { catalogueSetting } from '../../../server/settings/shop-settings.js';
import type { Store } from '../../../server/store/store.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-store.js';

const HOUR = 3600_000;

describe("the catalogue's schedule", () => {
  let db: TestDatabase;
  let store: Store;
  let fetched = 0;
  let answer = 200;
  const feed = createServer((_req, res) => {
    fetched++;
    res.writeHead(answer, { 'Content-Type': 'text/csv' }).end(`id,title,url\nA-${fetched},Chair ${fetched},https://shop.test/a\n`);
  });

  before(async () => {
    db = await createTestDatabase(mkdtempSync(path.join(tmpdir(), 'vitrina-catalogue-')));
    store = await db.open();
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await store?.close();
    await db?.drop();
    feed.close();
  });

  it('fetches the feed when its hours are up, and ten minutes after a failed try, never in between', async () => {
    let now = Date.UTC(2026, 11, 5, 9);
    const settings = catalogueSetting(store, silentLogger);
    const catalogue = new CatalogueService({ store, settings, log: silentLogger, now: () => now });
    await settings.set({ feedUrl: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/feed.csv`, format: 'csv', everyHours: 6 }, now);

    await catalogue.importIfDue();
    assert.equal(fetched, 1, 'never fetched: due at once');
    now += 5 * HOUR;
    await catalogue.importIfDue();
    assert.equal(fetched, 1, 'within the six hours');
    now += HOUR;
    answer = 503;
    await catalogue.importIfDue();
    assert.equal(fetched, 2, 'six hours on');
    assert.equal((await catalogue.status()).products, 1, 'the failed fetch kept the catalogue');
    assert.match((await catalogue.status()).lastError?.message ?? '', /HTTP 503/);

    now += 9 * 60_000;
    await catalogue.importIfDue();
    assert.equal(fetched, 2, 'not yet ten minutes after the failure');
    answer = 200;
    now += 60_000;
    await catalogue.importIfDue();
    assert.equal(fetched, 3);
    const status = await catalogue.status();
    assert.deepEqual([status.products, status.lastError], [1, null]);
    assert.deepEqual(
      (await store.catalogue.search('chair', 5)).map((p) => p.title),
      ['Chair 3'],
    );
  });
});
