import { RecordingSettingsSchema, type RecordingSettingsValue } from '../contract/shop.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { StoredSetting } from './stored-setting.js';

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
