import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgentAccount } from '../../server/admin/agents-admin-router.js';
import type { CallSummary, HistorySort } from '../../server/store/store.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { dayStart, minutes, OUTCOME_LABEL, RECORDING_LABEL, when } from './format.js';

interface Page {
  total: number;
  page: number;
  pageSize: number;
  calls: CallSummary[];
}

/** Every call, newest first: filter by consultant, dates and outcome, sort by any column, page through. */
export class VitrinaAdminCalls extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) agents: AgentAccount[] = [];
  @state() private filter = { agentId: '', from: '', to: '', outcome: '' };
  @state() private sort: HistorySort = 'date';
  @state() private order: 'asc' | 'desc' = 'desc';
  @state() private page = 1;
  @state() private result: Page | undefined;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const q = new URLSearchParams({ sort: this.sort, order: this.order, page: String(this.page), pageSize: '25' });
    if (this.filter.agentId) q.set('agentId', this.filter.agentId);
    if (this.filter.outcome) q.set('outcome', this.filter.outcome);
    const from = dayStart(this.filter.from);
    const to = dayStart(this.filter.to, true);
    if (from !== undefined) q.set('from', String(from));
    if (to !== undefined) q.set('to', String(to));
    try {
      this.result = await this.api.get<Page>(`/api/admin/calls?${q}`);
      this.error = '';
    } catch (err) {
      this.error = err instanceof Error ? err.message : 'Could not load the calls.';
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

  protected override render(): TemplateResult {
    const r = this.result;
    const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
    const change = (key: keyof VitrinaAdminCalls['filter']) => (e: Event) => this.setFilter(key, (e.target as HTMLInputElement).value);
    return html`
      <h2>Calls</h2>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()} style="display:flex;flex-wrap:wrap;gap:12px;margin-bottom:12px">
        <label
          >Consultant
          <select name="agentId" @change=${change('agentId')}>
            <option value="">Everyone</option>
            ${this.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select>
        </label>
        <label>From <input type="date" name="from" @change=${change('from')} /></label>
        <label>To <input type="date" name="to" @change=${change('to')} /></label>
        <label
          >Outcome
          <select name="outcome" @change=${change('outcome')}>
            <option value="">Any</option>
            ${Object.entries(OUTCOME_LABEL).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
        </label>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${r
        ? html`<div style="overflow-x:auto">
              <table>
                <thead>
                  <tr>
                    ${this.header('Date', 'date')} ${this.header('Consultant', 'consultant')}
                    <th>Page</th>
                    ${this.header('Wait', 'wait')} ${this.header('Talk', 'talk')}
                    <th>Outcome</th>
                    ${this.header('Score', 'score')}
                    <th>Rating</th>
                    <th>Recording</th>
                  </tr>
                </thead>
                <tbody>
                  ${r.calls.map(
                    (c) => html`<tr data-call-id=${c.id}>
                      <td><a href="#/calls/${c.id}">${when(c.createdAt)}</a></td>
                      <td>${c.outcome === 'unanswered' && c.agentName ? html`<span class="muted">rang ${c.agentName}</span>` : (c.agentName ?? '—')}</td>
                      <td>${c.page.title || c.page.url}</td>
                      <td>${minutes(c.waitMs)}</td>
                      <td>${minutes(c.talkMs)}</td>
                      <td><span class="badge ${c.outcome}">${OUTCOME_LABEL[c.outcome]}</span></td>
                      <td>${c.ownerScore ?? '—'}</td>
                      <td>${c.shopperRating ?? '—'}</td>
                      <td>${c.recording ? html`<span class="badge ${c.recording}">${RECORDING_LABEL[c.recording]}</span>` : '—'}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <p class="pager" style="display:flex;gap:12px;align-items:center">
              <button type="button" ?disabled=${this.page <= 1} @click=${() => ((this.page -= 1), void this.load())}>Previous</button>
              <span>Page ${this.page} of ${pages} · ${r.total} calls</span>
              <button type="button" ?disabled=${this.page >= pages} @click=${() => ((this.page += 1), void this.load())}>Next</button>
            </p>`
        : html`<p class="muted">Loading…</p>`}
    `;
  }
}
