import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgentAccount, CallOutcome, CallPage, HistorySort } from '../../server/contract/admin.js';
import type { SalesOutcome } from '../../server/contract/sales-outcome.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { dayStart, minutes, when } from './format.js';
import { adminStrings } from './i18n/strings.js';

/** Every call, newest first: filter by consultant, dates and outcome, sort by any column, page through. */
export class VitrinaAdminCalls extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) agents: AgentAccount[] = [];
  @state() private filter: { agentId: string; from: string; to: string; outcome: CallOutcome | '' } = { agentId: '', from: '', to: '', outcome: '' };
  @state() private sort: HistorySort = 'date';
  @state() private order: 'asc' | 'desc' = 'desc';
  @state() private page = 1;
  @state() private result: CallPage | undefined;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const query = {
      sort: this.sort,
      order: this.order,
      page: this.page,
      pageSize: 25,
      ...(this.filter.agentId ? { agentId: this.filter.agentId } : {}),
      ...(this.filter.outcome ? { outcome: this.filter.outcome } : {}),
      from: dayStart(this.filter.from),
      to: dayStart(this.filter.to, true),
    };
    try {
      this.result = await this.api.call('callList', { query });
      this.error = '';
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).calls.couldNotLoad;
    }
  }

  private setFilter(key: keyof VitrinaAdminCalls['filter'], value: string): void {
    this.filter = { ...this.filter, [key]: value };
    this.page = 1;
    void this.load();
  }

  private sortBy(column: HistorySort): void {
    this.order = this.sort === column && this.order === 'desc' ? 'asc' : 'desc';
    this.sort = column;
    void this.load();
  }

  private header(label: string, column: HistorySort): TemplateResult {
    const sorted = this.sort === column;
    return html`<th aria-sort=${sorted ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" @click=${() => this.sortBy(column)}>${label}${sorted ? (this.order === 'asc' ? ' ↑' : ' ↓') : ''}</button>
    </th>`;
  }

  /** The consultant's word: a badge, and the start of their note (the call's page has all of it). */
  private agentResult(outcome: SalesOutcome, note: string | null): TemplateResult {
    const t = adminStrings(this);
    return html`<span class="badge ${outcome}">${t.sale[outcome]}</span>
      ${note ? html`<div class="muted" style="max-width:24ch;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">${note}</div>` : nothing}`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const r = this.result;
    const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
    const change = (key: keyof VitrinaAdminCalls['filter']) => (e: Event) => this.setFilter(key, (e.target as HTMLInputElement).value);
    return html`
      <h2>${t.calls.title}</h2>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()} style="display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px">
        <label
          >${t.calls.consultant}
          <select name="agentId" @change=${change('agentId')}>
            <option value="">${t.calls.everyone}</option>
            ${this.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select>
        </label>
        <label>${t.from} <input type="date" name="from" @change=${change('from')} /></label>
        <label>${t.to} <input type="date" name="to" @change=${change('to')} /></label>
        <label
          >${t.calls.outcome}
          <select name="outcome" @change=${change('outcome')}>
            <option value="">${t.calls.any}</option>
            ${Object.entries(t.outcome).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
        </label>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        r
          ? html`<div style="overflow-x:auto">
                <table>
                  <thead>
                    <tr>
                      ${this.header(t.calls.date, 'date')} ${this.header(t.calls.consultant, 'consultant')}
                      <th>${t.calls.page}</th>
                      ${this.header(t.calls.wait, 'wait')} ${this.header(t.calls.talk, 'talk')}
                      <th>${t.calls.outcome}</th>
                      ${this.header(t.calls.score, 'score')}
                      <th>${t.calls.rating}</th>
                      <th>${t.calls.result}</th>
                      <th>${t.calls.recording}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${r.calls.map(
                      (c) =>
                        html`<tr data-call-id=${c.id}>
                          <td><a href="#/calls/${c.id}">${when(c.createdAt)}</a></td>
                          <td>
                            ${c.outcome === 'unanswered' && c.agentName ? html`<span class="muted">${t.calls.rang(c.agentName)}</span>` : (c.agentName ?? '—')}
                          </td>
                          <td>
                            ${c.page.title || c.page.url}
                            ${
                              c.kind === 'chat'
                                ? html`<span class="badge chat" data-testid="call-kind"
                                    >${c.videoSince === null ? t.calls.kindChat : t.calls.kindChatVideo}</span
                                  >`
                                : nothing
                            }
                          </td>
                          <td>${minutes(c.waitMs)}</td>
                          <td>${minutes(c.talkMs)}</td>
                          <td><span class="badge ${c.outcome}">${t.outcome[c.outcome]}</span></td>
                          <td>${c.ownerScore ?? '—'}</td>
                          <td>${c.shopperRating ?? '—'}</td>
                          <td data-testid="agent-outcome">${c.agentOutcome ? this.agentResult(c.agentOutcome, c.agentNote) : '—'}</td>
                          <td>${c.recording ? html`<span class="badge ${c.recording}">${t.recording[c.recording]}</span>` : '—'}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
              <p class="pager" style="display:flex;gap:12px;align-items:center">
                <button type="button" ?disabled=${this.page <= 1} @click=${() => ((this.page -= 1), void this.load())}>${t.calls.previous}</button>
                <span>${t.calls.pageOf(this.page, pages, r.total)}</span>
                <button type="button" ?disabled=${this.page >= pages} @click=${() => ((this.page += 1), void this.load())}>${t.calls.next}</button>
              </p>`
          : html`<p class="muted">${t.loading}</p>`
      }
    `;
  }
}
