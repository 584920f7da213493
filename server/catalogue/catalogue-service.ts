import {
  ImportRecordSchema,
  NO_IMPORT,
  type CatalogueSettingsSchema,
  type CatalogueStatus,
  type FeedFormat,
  type ImportRecord,
} from '../contract/catalogue.js';
import { HttpError } from '../http/errors.js';
import type { Logger } from '../log.js';
import { StoredSetting } from '../settings/stored-setting.js';
import type { Store } from '../store/store.js';
import { FeedError, parseFeed } from './feed-parsers.js';

/** The largest feed read, fetched or uploaded. */
export const MAX_FEED_BYTES = 50 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;
const SCHEDULE_CHECK_MS = 60_000;
const RETRY_FAILED_MS = 10 * 60_000;

/** A feed's bytes as text: the charset its XML declaration or its server names (Russian YML feeds are often windows-1251). */
export function decodeFeed(bytes: Uint8Array, contentType?: string | null): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = /encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? /charset=([\w-]+)/i.exec(contentType ?? '')?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * The shop's catalogue: imported from its feed on the owner's schedule, from an upload, or when
 * asked; searched by consultants. A feed that cannot be read changes nothing but the note of
 * what went wrong, so consultants keep the catalogue they had.
 */
export class CatalogueService {
  private readonly record: StoredSetting<typeof ImportRecordSchema>;
  private timer: NodeJS.Timeout | undefined;
  private importing: Promise<CatalogueStatus> | undefined;

  constructor(
    private readonly o: {
      store: Store;
      settings: StoredSetting<typeof CatalogueSettingsSchema>;
      log: Logger;
      now: () => number;
    },
  ) {
    this.record = new StoredSetting({ store: o.store, log: o.log, key: 'catalogue-import', schema: ImportRecordSchema, fallback: NO_IMPORT });
  }

  start(): void {
    this.timer = setInterval(() => void this.importIfDue(), SCHEDULE_CHECK_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async status(): Promise<CatalogueStatus> {
    const [record, products] = await Promise.all([this.record.get(), this.o.store.catalogue.count()]);
    return { ...record, products };
  }

  /** Fetches the owner's feed now; one import at a time (a second ask shares the first). */
  importFromFeed(): Promise<CatalogueStatus> {
    this.importing ??= this.fetchAndImport().finally(() => (this.importing = undefined));
    return this.importing;
  }

  /** An uploaded feed. */
  async importUpload(bytes: Uint8Array, contentType: string | undefined, format: FeedFormat, name: string): Promise<CatalogueStatus> {
    return this.importText(decodeFeed(bytes, contentType), format, `upload: ${name}`);
  }

  /** The owner's schedule: due every `everyHours`, and ten minutes after a failed try (the shop's server may be back). */
  async importIfDue(): Promise<void> {
    const settings = await this.o.settings.get();
    if (!settings.feedUrl || settings.everyHours === 0) return;
    const { lastAttemptAt, lastError } = await this.record.get();
    const failed = lastError !== null && lastError.at === lastAttemptAt;
    const waitMs = Math.min(settings.everyHours * 3600_000, failed ? RETRY_FAILED_MS : Infinity);
    if (lastAttemptAt !== null && this.o.now() - lastAttemptAt < waitMs) return;
    await this.importFromFeed().catch(() => undefined);
  }

  private async fetchAndImport(): Promise<CatalogueStatus> {
    const settings = await this.o.settings.get();
    if (!settings.feedUrl) throw new HttpError(409, 'catalogue-no-feed', 'Set the address of your product feed first, or upload the file.', 'feedUrl');
    let text: string;
    try {
      text = await this.fetchFeed(settings.feedUrl);
    } catch (err) {
      const message = `could not fetch ${settings.feedUrl}: ${err instanceof Error ? err.message : String(err)}`;
      await this.failed({ message });
      throw new HttpError(502, 'feed-unreachable', message, 'feedUrl');
    }
    return this.importText(text, settings.format, settings.feedUrl);
  }

  private async fetchFeed(url: string): Promise<string> {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { 'User-Agent': 'Vitrina-Catalogue/1' } });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > MAX_FEED_BYTES) throw new Error(`larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      size += part.value.byteLength;
      if (size > MAX_FEED_BYTES) {
        await reader.cancel();
        throw new Error(`larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
      }
      chunks.push(part.value);
    }
    return decodeFeed(Buffer.concat(chunks), res.headers.get('content-type'));
  }

  private async importText(text: string, format: FeedFormat, source: string): Promise<CatalogueStatus> {
    let parsed;
    try {
      parsed = parseFeed(text, format);
    } catch (err) {
      if (!(err instanceof FeedError)) throw err;
      await this.failed({ message: err.message, ...(err.line === undefined ? {} : { line: err.line }) });
      throw new HttpError(
        422,
        'feed-invalid',
        `The feed was not imported; the catalogue is as it was. ${err.message}`,
        err.line === undefined ? 'body' : `line ${err.line}`,
      );
    }
    await this.o.store.catalogue.replace(parsed.products);
    const at = this.o.now();
    const record: ImportRecord = { importedAt: at, source, skipped: parsed.skipped, lastError: null, lastAttemptAt: at };
    await this.record.set(record, at);
    this.o.log.info('catalogue imported', { source, products: parsed.products.length, skipped: parsed.skipped?.count ?? 0 });
    return { ...record, products: parsed.products.length };
  }

  private async failed(lastError: Omit<NonNullable<ImportRecord['lastError']>, 'at'>): Promise<void> {
    const at = this.o.now();
    const before = await this.record.get();
    await this.record.set({ ...before, lastError: { ...lastError, at }, lastAttemptAt: at }, at);
    this.o.log.warn('catalogue import failed; the catalogue stays as it was', lastError);
  }
}
