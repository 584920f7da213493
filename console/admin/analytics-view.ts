import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Analytics, DayFigures } from '../../server/contract/admin.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { dayStart, minutes, money, percent } from './format.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';
import { salesFigures } from './sales-figures.js';

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Calls per day, answered and not, as stacked bars. */
function dayChart(t: AdminStrings['analytics'], days: DayFigures[]): TemplateResult {
  if (days.length === 0) return html`<p class="muted">${t.noCalls}</p>`;
  const max = Math.max(...days.map((d) => d.calls), 1);
  const barW = 100 / days.length;
  return html`<svg viewBox="0 0 100 42" preserveAspectRatio="none" role="img" aria-label=${t.callsPerDay} style="width:100%;height:180px">
      ${days.map((d, i) => {
        const h = (d.answered / max) * 40;
        const u = (d.unanswered / max) * 40;
        return svg`<g><title>${t.dayTitle(d.day, d.calls, d.answered, d.orders, money(d.revenue))}</title>
          <rect x=${i * barW + barW * 0.1} y=${42 - h} width=${barW * 0.8} height=${h} fill="var(--vt-primary)"></rect>
          <rect x=${i * barW + barW * 0.1} y=${42 - h - u} width=${barW * 0.8} height=${u} fill="var(--vt-warning)"></rect></g>`;
      })}
    </svg>
    <p class="muted" style="display:flex;justify-content:space-between;margin:0">
      <span>${days[0]?.day}</span
      ><span><span style="color:var(--vt-primary)">■</span> ${t.legendAnswered} <span style="color:var(--vt-warning)">■</span> ${t.legendUnanswered}</span
      ><span>${days.at(-1)?.day}</span>
    </p>`;
}

/** The owner's numbers: per consultant and in total for a chosen period, with a per-day chart. */
export class VitrinaAdminAnalytics extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private from = isoDay(new Date(Date.now() - 29 * 24 * 3600 * 1000));
  @state() private to = isoDay(new Date());
  /** Chosen on this page; the shop's own target until then. */
  @state() private targetS: number | undefined;
  @state() private targetNote = '';
  @state() private data: Analytics | undefined;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get period() {
    return { from: dayStart(this.from), to: dayStart(this.to, true) };
  }

  private async load(): Promise<void> {
    const query = { targetS: this.targetS, ...this.period };
    try {
      this.data = await this.api.call('analytics', { query });
      this.error = '';
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).analytics.couldNotLoad;
    }
  }

  private async saveTarget(): Promise<void> {
    const answerWithinS = this.targetS ?? (this.data ? this.data.targetMs / 1000 : 120);
    try {
      await this.api.call('setServiceTarget', { body: { answerWithinS } });
      this.targetNote = adminStrings(this).saved;
    } catch (err) {
      this.targetNote = err instanceof Error ? err.message : adminStrings(this).couldNotSave;
    }
  }

  private set(key: 'from' | 'to' | 'targetS', value: string): void {
    if (key === 'targetS') this.targetS = Number(value);
    else this[key] = value;
    void this.load();
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const a = t.analytics;
    const d = this.data;
    const total = d?.total;
    const rings = total?.rings ?? { offered: 0, answered: 0, missed: 0, declined: 0, left: 0 };
    const tile = (label: string, value: string) =>
      html`<div class="card">
        <div class="muted" style="font-size:13px">${label}</div>
        <div style="font-size:24px;font-weight:600">${value}</div>
      </div>`;
    return html`
      <h2>${a.title}</h2>
      <form @submit=${(e: Event) => e.preventDefault()} style="display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px">
        <label>${t.from} <input type="date" .value=${this.from} @change=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} /></label>
        <label>${t.to} <input type="date" .value=${this.to} @change=${(e: Event) => this.set('to', (e.target as HTMLInputElement).value)} /></label>
        <label
          >${a.answerWithin}
          <input
            type="number"
            name="targetS"
            min="5"
            max="3600"
            .value=${String(this.targetS ?? (d ? d.targetMs / 1000 : ''))}
            @change=${(e: Event) => this.set('targetS', (e.target as HTMLInputElement).value)}
            style="max-width:110px"
        /></label>
        <button type="button" style="align-self:end" @click=${this.saveTarget}>${a.makeTarget}</button>
        <span role="status" style="align-self:end">${this.targetNote}</span>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        d && total
          ? html`<div style="display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(150px,1fr))" data-testid="totals">
                ${tile(a.calls, String(total.calls))} ${tile(a.answered, `${total.answered} (${percent(total.answerRate)})`)}
                ${tile(a.unanswered, String(total.unanswered))} ${tile(a.waiting, String(total.waiting))} ${tile(a.medianWait, minutes(total.medianWaitMs))}
                ${tile(a.p90Tile, minutes(total.p90WaitMs))}
                ${tile(a.answeredWithin(minutes(d.targetMs)), `${percent(total.withinTarget)} (${total.answeredWithinTarget})`)}
                ${tile(a.medianTalk, minutes(total.medianTalkMs))} ${tile(a.ownerScore, total.ownerScore?.toString() ?? '—')}
                ${tile(a.shopperRating, total.shopperRating?.toString() ?? '—')}
              </div>
              <details class="card" style="margin-top:12px" data-testid="definitions">
                <summary>${a.whatTheseMean}</summary>
                <dl style="display:grid;grid-template-columns:minmax(120px,max-content) 1fr;gap:6px 16px;margin:12px 0 0">
                  ${a.definitions(minutes(d.targetMs)).map(
                    ([term, meaning]) =>
                      html`<dt><strong>${term}</strong></dt>
                        <dd style="margin:0">${meaning}</dd>`,
                  )}
                </dl>
              </details>
              <h3>${a.callsPerDay}</h3>
              <div class="card">${dayChart(a, d.days)}</div>
              <h3>${a.perConsultant}</h3>
              <div style="overflow-x:auto">
                <table>
                  <thead>
                    <tr>
                      <th>${a.consultant}</th>
                      <th>${a.offered}</th>
                      <th>${a.answered}</th>
                      <th>${a.missed}</th>
                      <th>${a.declined}</th>
                      <th>${a.left}</th>
                      <th>${a.answerRate}</th>
                      <th>${a.medianWait}</th>
                      <th>${a.p90Wait}</th>
                      <th>${a.withinTarget}</th>
                      <th>${a.medianTalk}</th>
                      <th>${a.ownerScore}</th>
                      <th>${a.shopperRating}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${d.consultants.map(
                      (c) =>
                        html`<tr data-agent-id=${c.agentId}>
                          <td>${c.name}</td>
                          <td>${c.offered}</td>
                          <td>${c.answered}</td>
                          <td>${c.missed}</td>
                          <td>${c.declined}</td>
                          <td>${c.left}</td>
                          <td>${percent(c.answerRate)}</td>
                          <td>${minutes(c.medianWaitMs)}</td>
                          <td>${minutes(c.p90WaitMs)}</td>
                          <td>${percent(c.withinTarget)}</td>
                          <td>${minutes(c.medianTalkMs)}</td>
                          <td>${c.ownerScore ?? '—'}</td>
                          <td>${c.shopperRating ?? '—'}</td>
                        </tr>`,
                    )}
                  </tbody>
                  <tfoot>
                    <tr data-testid="all-consultants">
                      <th scope="row">${a.allConsultants}</th>
                      <td>${rings.offered}</td>
                      <td>${rings.answered}</td>
                      <td>${rings.missed}</td>
                      <td>${rings.declined}</td>
                      <td>${rings.left}</td>
                      <td>${percent(rings.offered > 0 ? rings.answered / rings.offered : null)}</td>
                      <td colspan="6"></td>
                    </tr>
                  </tfoot>
                </table>
              </div>
              ${salesFigures(a, d, this.period)}`
          : html`<p class="muted">${t.loading}</p>`
      }
    `;
  }
}
