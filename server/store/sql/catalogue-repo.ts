import type { CatalogueProduct } from '../../contract/catalogue.js';
import type { CatalogueRepo } from '../store.js';
import type { SqlDb } from './sql-db.js';

interface ProductRow {
  sku: string;
  title: string;
  price: string | null;
  url: string;
  image_url: string | null;
  available: number | string;
}

/** What a search compares: lower case, ё as е (shoppers and consultants type either). */
export const searchable = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
/** Text for a LIKE pattern, its own wildcards (and the escape) taken literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const ROWS_PER_INSERT = 200;

const toProduct = (r: ProductRow): CatalogueProduct => ({
  sku: r.sku,
  title: r.title,
  url: r.url,
  ...(r.price ? { price: r.price } : {}),
  ...(r.image_url ? { imageUrl: r.image_url } : {}),
  available: Number(r.available) === 1,
});

export function sqlCatalogueRepo(db: SqlDb): CatalogueRepo {
  return {
    async replace(products) {
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM catalogue_products');
        // Many rows a statement: a feed of 100,000 products is 500 round trips to PostgreSQL, not 100,000.
        for (let start = 0; start < products.length; start += ROWS_PER_INSERT) {
          const chunk = products.slice(start, start + ROWS_PER_INSERT);
          await tx.run(
            `INSERT INTO catalogue_products (sku, position, title, price, url, image_url, available, search) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            chunk.flatMap((p, i) => [
              p.sku,
              start + i,
              p.title,
              p.price ?? null,
              p.url,
              p.imageUrl ?? null,
              p.available ? 1 : 0,
              searchable(`${p.title} ${p.sku}`),
            ]),
          );
        }
      });
    },
    async search(query, limit) {
      const words = searchable(query).split(/\s+/).filter(Boolean).slice(0, 8);
      if (words.length === 0) return [];
      const rows = await db.all<ProductRow>(
        `SELECT sku, title, price, url, image_url, available FROM catalogue_products
          WHERE ${words.map(() => "search LIKE ? ESCAPE '\\'").join(' AND ')}
          ORDER BY CASE WHEN search LIKE ? ESCAPE '\\' THEN 0 ELSE 1 END, available DESC, position
          LIMIT ?`,
        [...words.map((word) => `%${literal(word)}%`), `${literal(searchable(query).trim())}%`, limit],
      );
      return rows.map(toProduct);
    },
    async count() {
      return Number((await db.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM catalogue_products'))?.n ?? 0);
    },
  };
}
