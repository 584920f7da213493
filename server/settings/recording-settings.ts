import { z } from 'zod';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { StoredSetting } from './stored-setting.js';

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

/** The shop's recording switch, notice and retention. */
export type RecordingSettings = StoredSetting<typeof RecordingSettingsSchema>;

export function recordingSettings(store: Store, log: Logger): RecordingSettings {
  return new StoredSetting({ store, log, key: 'recording', schema: RecordingSettingsSchema, fallback: DEFAULT_RECORDING_SETTINGS });
}
