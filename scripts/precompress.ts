import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { CODINGS, type Coding } from '../server/http/content-coding.js';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What a browser downloads and reads as text. Source maps are not here: only a developer's tools fetch them. */
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);

/** Below this, headers and a round trip cost more than the bytes saved (Caddy's `encode` uses the same floor). */
export const MIN_COMPRESS_BYTES = 512;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map(async (e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

/**
 * Writes `.br` (brotli, quality 11 unless told) and `.gz` (gzip -9) beside every text file of a
 * built folder, once at build time, so a request costs the server a file read and never a
 * compression. A variant that would not be smaller is not written.
 */
export async function precompressFolder(dir: string, o: { brotliQuality?: number } = {}): Promise<number> {
  const files = (await filesUnder(dir)).filter((f) => COMPRESSIBLE.has(path.extname(f)));
  let written = 0;
  await Promise.all(
    files.map(async (file) => {
      if ((await stat(file)).size < MIN_COMPRESS_BYTES) return;
      const raw = await readFile(file);
      const [br, gzipped] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: o.brotliQuality ?? constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
          },
        }),
        gzipAsync(raw, { level: 9 }),
      ]);
      const encoded: Record<Coding, Buffer> = { br, gzip: gzipped };
      for (const { name, suffix } of CODINGS) {
        if (encoded[name].byteLength >= raw.byteLength) continue;
        await writeFile(file + suffix, encoded[name]);
        written++;
      }
    }),
  );
  return written;
}
