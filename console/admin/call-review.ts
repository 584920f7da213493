import { pageLink } from '../shared/page-link.js';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallDetail, TimelineEntry } from '../../server/contract/admin.js';
import type { ChatMessage } from '../../server/contract/chat.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { minutes, when } from './format.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/** One call: the player, what happened when, the page the shopper was on, the owner's note and score. */
export class VitrinaAdminCall extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property() callId = '';
  @state() private detail: CallDetail | undefined;
  @state() private error = '';
  @state() private saved = '';
  /** The shop's origins: only pages on them are links. */
  @state() private shopOrigins: ReadonlySet<string> = new Set();
  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [detail, origins] = await Promise.all([this.api.call('callDetail', { params: { callId: this.callId } }), this.api.call('origins')]);
      this.shopOrigins = new Set([...origins.fixed, ...origins.origins]);
      this.detail = detail;
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).call.couldNotLoad;
    }
  }

  private async saveReview(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const score = form.get('score');
    try {
      const call = await this.api.call('reviewCall', {
        params: { callId: this.callId },
        body: { note: formText(form, 'note').trim() || null, score: score ? Number(score) : null },
      });
      if (this.detail) this.detail = { ...this.detail, call };
      this.saved = adminStrings(this).saved;
      this.error = '';
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).couldNotSave;
    }
  }

  private async deleteRecording(): Promise<void> {
    if (!confirm(adminStrings(this).call.confirmDelete)) return;
    try {
      await this.api.call('deleteRecording', { params: { callId: this.callId } });
      await this.load();
    } catch (err) {
      this.error = err instanceof Error ? err.message : adminStrings(this).call.couldNotDelete;
    }
  }

  /** A chat line, a product sent, or the shopper moving to another page, at its time in the call. */
  private message(t: AdminStrings, m: ChatMessage, start: number): TemplateResult {
    const who = m.from === 'agent' ? (m.name ?? t.call.consultant) : t.call.shopper;
    const what =
      m.kind === 'text'
        ? m.text
        : m.kind === 'product'
          ? html`${t.call.sent}
              <a href=${m.product.url} target="_blank" rel="noopener noreferrer">${m.product.title}</a>${m.product.price ? ` (${m.product.price})` : ''}`
          : html`${t.call.opened} ${pageLink(m.page, this.shopOrigins, { offShop: t.offShop })}`;
    return html`<li><span class="muted">+${minutes(m.at - start)}</span> <strong>${who}</strong>: ${what}</li>`;
  }

  private timelineEntry(t: AdminStrings, e: TimelineEntry, start: number): TemplateResult {
    // Kinds and reasons come from the server; one added there shows as its key until it has words here.
    const events: Record<string, string> = t.call.event;
    const reasons: Record<string, string> = t.call.endReason;
    const label = events[e.kind] ?? e.kind;
    return html`<li>
      <span class="muted">+${minutes(e.at - start)}</span>
      ${label}${e.agentName && e.kind !== 'ended' && e.kind !== 'requeued' ? html` <strong>${e.agentName}</strong>` : nothing}${e.detail && e.kind !== 'transferred' ? html` <span class="muted">(${reasons[e.detail] ?? e.detail})</span>` : nothing}
    </li>`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const d = this.detail;
    if (!d) return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p class="muted">${t.loading}</p>`}`;
    const { call } = d;
    return html`
      <p><a href="#/calls">${t.call.allCalls}</a></p>
      <h2>${t.call.heading(call.agentName, when(call.createdAt))}</h2>
      <div style="display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(min(100%,420px),1fr))">
        <section class="card" aria-label=${t.call.recording}>
          <vitrina-synced-player .files=${d.files}></vitrina-synced-player>
          <p style="display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-top:12px">
            ${call.recording ? html`<span class="badge ${call.recording}" data-testid="recording-status">${t.recording[call.recording]}</span>` : nothing}
            ${d.files.length > 0 && call.recording !== 'recording' ? html`<vitrina-composite-download .api=${this.api} .callId=${this.callId}></vitrina-composite-download>` : nothing}
            ${
              d.files.length > 0 && call.recording !== 'recording'
                ? html`<button type="button" class="danger" data-action="delete-recording" @click=${this.deleteRecording}>${t.call.deleteRecording}</button>`
                : nothing
            }
          </p>
        </section>
        <section class="card" aria-label=${t.call.about}>
          <dl style="display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0">
            <dt class="muted">${t.call.page}</dt>
            <dd style="margin:0">${pageLink(call.page, this.shopOrigins, { offShop: t.offShop })}</dd>
            <dt class="muted">${t.call.outcome}</dt>
            <dd style="margin:0">${t.outcome[call.outcome]}</dd>
            <dt class="muted">${t.call.waited}</dt>
            <dd style="margin:0">${minutes(call.waitMs)}</dd>
            <dt class="muted">${t.call.talked}</dt>
            <dd style="margin:0">${minutes(call.talkMs)}</dd>
            <dt class="muted">${t.call.shopperRating}</dt>
            <dd style="margin:0">${call.shopperRating ?? '—'}</dd>
            ${
              call.shopperComment
                ? html`<dt class="muted">${t.call.shopperWords}</dt>
                    <dd style="margin:0;white-space:pre-wrap">${call.shopperComment}</dd>`
                : nothing
            }
            <dt class="muted">${t.call.consultantResult}</dt>
            <dd style="margin:0" data-testid="agent-outcome">
              ${call.agentOutcome ? html`<span class="badge ${call.agentOutcome}">${t.sale[call.agentOutcome]}</span>` : '—'}
            </dd>
            ${
              call.agentNote
                ? html`<dt class="muted">${t.call.consultantNote}</dt>
                    <dd style="margin:0;white-space:pre-wrap" data-testid="agent-note">${call.agentNote}</dd>`
                : nothing
            }
          </dl>
          <h3>${t.call.whatHappened}</h3>
          <ol style="padding-left:18px;margin:0">
            ${d.timeline.map((e) => this.timelineEntry(t, e, call.createdAt))}
          </ol>
          ${
            d.messages.length > 0
              ? html`<h3>${t.call.conversation}</h3>
                  <ol style="padding-left:18px;margin:0" data-testid="conversation">
                    ${d.messages.map((m) => this.message(t, m, call.createdAt))}
                  </ol>`
              : nothing
          }
          <h3>${t.call.yourReview}</h3>
          <form @submit=${this.saveReview} style="display:grid;gap:8px">
            <fieldset style="border:none;padding:0;margin:0;display:flex;gap:12px;flex-wrap:wrap">
              <legend class="muted" style="font-size:13px">${t.call.scoreForConsultant}</legend>
              ${[1, 2, 3, 4, 5].map((n) => html`<label style="display:flex;gap:4px;align-items:center"><input type="radio" name="score" value=${n} .checked=${call.ownerScore === n} />${n}</label>`)}
            </fieldset>
            <label>${t.call.note} <textarea name="note" rows="4" maxlength="4000" .value=${call.ownerNote ?? ''}></textarea></label>
            <div style="display:flex;gap:12px;align-items:center">
              <button type="submit" class="primary">${t.call.saveReview}</button>
              <span role="status">${this.saved}</span>
            </div>
          </form>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </section>
      </div>
    `;
  }
}
