import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { WorkingHours } from '../../server/contract/queue.js';
import { WEEKDAYS } from '../../server/contract/weekdays.js';
import type { RecordingSettingsValue } from '../../server/contract/shop.js';
import { problemText, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/** Reads the hours form: one opening per day in the form (more can be set through the API). */
function hoursFrom(form: FormData): WorkingHours {
  const week = form.get('always')
    ? null
    : Object.fromEntries(WEEKDAYS.map((d) => [d, form.get(`${d}-open`) ? [{ from: formText(form, `${d}-from`), to: formText(form, `${d}-to`) }] : []]));
  const holidays = formText(form, 'holidays')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date = '', ...name] = line.split(/\s+/);
      return { date, name: name.join(' ') };
    });
  return { timeZone: formText(form, 'timeZone').trim(), week: week as WorkingHours['week'], holidays };
}

/** Shop settings that apply at once: the queue's working hours, recording (on/off, notice, retention), and how orders are credited. */
export class VitrinaAdminSettings extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private recording: RecordingSettingsValue | undefined;
  @state() private hours: WorkingHours | undefined;
  @state() private status: Record<'recording' | 'hours', { ok?: string; error?: string }> = { recording: {}, hours: {} };

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.call('recordingSettings').then((r) => (this.recording = r));
    void this.api.call('hours').then((h) => (this.hours = h));
  }

  private async save<T>(key: 'recording' | 'hours', saving: Promise<T>): Promise<T | undefined> {
    try {
      const saved = await saving;
      this.status = { ...this.status, [key]: { ok: adminStrings(this).savedAppliesNow } };
      return saved;
    } catch (err) {
      this.status = { ...this.status, [key]: { error: problemText(err, adminStrings(this).couldNotSave) } };
      return undefined;
    }
  }

  private async saveRecording(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const body = {
      enabled: form.get('enabled') === 'on',
      notice: { en: formText(form, 'notice-en'), ru: formText(form, 'notice-ru') },
      retentionDays: Number(form.get('retentionDays')),
    };
    const saved = await this.save('recording', this.api.call('setRecordingSettings', { body }));
    if (saved) this.recording = saved;
  }

  private async saveHours(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const saved = await this.save('hours', this.api.call('setHours', { body: hoursFrom(new FormData(e.target as HTMLFormElement)) }));
    if (saved) this.hours = saved;
  }

  private outcome(key: 'recording' | 'hours'): TemplateResult {
    const s = this.status[key];
    return html`<span role="status">${s.ok ?? ''}</span>${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}`;
  }

  private recordingForm(t: AdminStrings, r: RecordingSettingsValue): TemplateResult {
    return html`<form class="card" data-form="recording" @submit=${this.saveRecording} style="display:grid;gap:12px">
      <h3 style="margin-top:0">${t.settings.recording}</h3>
      <label style="display:flex;gap:8px;align-items:center;color:inherit;font-size:15px"
        ><input type="checkbox" name="enabled" .checked=${r.enabled} style="min-height:0" /> ${t.settings.recordEvery}</label
      >
      <label>${t.settings.noticeEn} <textarea name="notice-en" rows="2" maxlength="300" .value=${r.notice.en}></textarea></label>
      <label>${t.andInRussian} <textarea name="notice-ru" rows="2" maxlength="300" .value=${r.notice.ru}></textarea></label>
      <label
        >${t.settings.keepDays} <input name="retentionDays" type="number" min="1" max="3650" .value=${String(r.retentionDays)} style="max-width:120px"
      /></label>
      <div><button type="submit" class="primary">${t.settings.saveRecording}</button> ${this.outcome('recording')}</div>
    </form>`;
  }

  private hoursForm(t: AdminStrings, h: WorkingHours): TemplateResult {
    const day = (d: (typeof WEEKDAYS)[number]) => {
      const name = t.settings.days[d];
      const first = h.week?.[d][0];
      return html`<div style="display:flex;gap:8px;align-items:center;flex-wrap:wrap">
        <label style="display:flex;gap:6px;align-items:center;min-width:130px;color:inherit;font-size:15px"
          ><input type="checkbox" name="${d}-open" .checked=${h.week === null || !!first} style="min-height:0" />${name}</label
        >
        <input aria-label=${t.settings.opens(name)} type="time" name="${d}-from" .value=${first?.from ?? '09:00'} />
        <span>–</span>
        <input aria-label=${t.settings.closes(name)} type="time" name="${d}-to" .value=${first?.to ?? '18:00'} />
      </div>`;
    };
    return html`<form class="card" data-form="hours" @submit=${this.saveHours} style="display:grid;gap:12px">
      <h3 style="margin-top:0">${t.settings.hours}</h3>
      <label>${t.settings.timeZone} <input name="timeZone" .value=${h.timeZone} placeholder=${t.settings.timeZonePlaceholder} /></label>
      <label style="display:flex;gap:8px;align-items:center;color:inherit;font-size:15px"
        ><input type="checkbox" name="always" .checked=${h.week === null} style="min-height:0" /> ${t.settings.aroundTheClock}</label
      >
      ${WEEKDAYS.map(day)}
      <label
        >${t.settings.holidays}
        <textarea
          name="holidays"
          rows="3"
          placeholder=${t.settings.holidaysPlaceholder}
          .value=${h.holidays.map((x) => `${x.date} ${x.name}`.trim()).join('\n')}
        ></textarea>
      </label>
      <div><button type="submit" class="primary">${t.settings.saveHours}</button> ${this.outcome('hours')}</div>
    </form>`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    return html`
      <h2>${t.settings.title}</h2>
      <div style="display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr));align-items:start">
        ${this.hours ? this.hoursForm(t, this.hours) : html`<p class="muted">${t.loading}</p>`}
        ${this.recording ? this.recordingForm(t, this.recording) : nothing}
        <vitrina-admin-catalogue .api=${this.api} style="grid-column:1 / -1"></vitrina-admin-catalogue>
        <vitrina-admin-orders .api=${this.api} style="grid-column:1 / -1"></vitrina-admin-orders>
      </div>
    `;
  }
}
