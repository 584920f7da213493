import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AuditEntry } from '../../server/contract/admin.js';
import { ApiError, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { when } from './format.js';
import { adminStrings } from './i18n/strings.js';

/** What was changed, in a line: the fields of a change, the origins allowed, the files of a recording. */
function detailOf(detail: string | null): string {
  if (!detail) return '';
  try {
    const parsed = JSON.parse(detail) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return String(parsed);
    return Object.entries(parsed)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
      .join(' · ');
  } catch {
    return detail;
  }
}

/** The owner's actions, newest first: who deleted, changed, added, disabled or removed what, and when. */
export class VitrinaAdminAudit extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private entries: AuditEntry[] = [];
  @state() private olderThan: number | undefined;
  @state() private error = '';
  @state() private loading = true;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(before?: number): Promise<void> {
    this.loading = true;
    try {
      const page = await this.api.call('audit', { query: before ? { before } : {} });
      this.entries = before ? [...this.entries, ...page.entries] : page.entries;
      this.olderThan = page.before;
      this.error = '';
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : adminStrings(this).audit.couldNotLoad;
    } finally {
      this.loading = false;
    }
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this).audit;
    return html`
      <h2>${t.title}</h2>
      <p class="muted">${t.intro}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!this.loading && this.entries.length === 0 && !this.error ? html`<p class="muted">${t.empty}</p>` : nothing}
      ${
        this.entries.length > 0
          ? html`<div style="overflow-x:auto">
              <table>
                <thead>
                  <tr>
                    <th>${t.when}</th>
                    <th>${t.who}</th>
                    <th>${t.what}</th>
                    <th>${t.details}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.entries.map(
                    (e) =>
                      html`<tr data-testid="audit-entry" data-action=${e.action}>
                        <td>${when(e.at)}</td>
                        <td>${e.actor.name}</td>
                        <td>${t.actions[e.action]}${e.target ? html` <strong>${e.target}</strong>` : nothing}</td>
                        <td class="muted">${detailOf(e.detail)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
      ${this.olderThan ? html`<p><button type="button" ?disabled=${this.loading} @click=${() => this.load(this.olderThan)}>${t.older}</button></p>` : nothing}
    `;
  }
}
