import { z } from 'zod';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';

const notice = z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters');

export const RecordingSettingsSchema = z.strictObject({
  /** Off: no call is recorded and shoppers are not told they would be. */
  enabled: z.boolean(),
  /** Shown to the shopper before a consultant joins, in their language. */
  notice: z.strictObject({ en: notice, ru: notice }),
  /** Recordings older than this are deleted by the server. */
  retentionDays: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1').max(3650, 'must be at most 3650'),
});
export type RecordingSettingsValue = z.infer<typeof RecordingSettingsSchema>;

export const DEFAULT_RECORDING_SETTINGS: RecordingSettingsValue = {
  enabled: true,
  notice: {
    en: 'This call is recorded so that we can keep improving our service.',
    ru: 'Этот звонок записывается, чтобы мы могли улучшать обслуживание.',
  },
  retentionDays: 90,
};

const KEY = 'recording';

/** The shop's recording switch, notice and retention, read fresh each time so a change applies at once. */
export class RecordingSettings {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  async get(): Promise<RecordingSettingsValue> {
    const raw = await this.store.settings.get(KEY);
    if (raw === undefined) return DEFAULT_RECORDING_SETTINGS;
    const parsed = RecordingSettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.log.error('stored recording settings are invalid; using the defaults', { issues: parsed.error.issues });
    return DEFAULT_RECORDING_SETTINGS;
  }

  async set(value: RecordingSettingsValue, at: number): Promise<void> {
    await this.store.settings.put(KEY, value, at);
    this.log.info('recording settings changed', { enabled: value.enabled, retentionDays: value.retentionDays });
  }
}
