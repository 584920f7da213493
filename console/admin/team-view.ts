import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgentAccount } from '../../server/contract/admin.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { formText } from '../../widget/form-text.js';
import { adminStrings, type AdminStrings } from './i18n/strings.js';

const languagesOf = (value: FormDataEntryValue | null) =>
  (typeof value === 'string' ? value : '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/**
 * The owner's team: add a consultant, change languages, disable or enable, remove, reset a password.
 * @fires vitrina-team-changed - an account was added or changed
 */
export class VitrinaAdminTeam extends LitElement {
  static override styles = [
    adminStyles,
    // On a phone each person is a block with the actions under the name, not a wide row.
    css`
      @media (max-width: 640px) {
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        thead {
          display: none;
        }
        tr {
          padding: 8px 0;
          border-bottom: 1px solid var(--vt-line);
        }
        td {
          border: none;
          padding: 4px 0;
        }
      }
    `,
  ];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) agents: AgentAccount[] = [];
  @state() private message = '';
  @state() private error = '';

  private changed(message: string): void {
    this.message = message;
    this.error = '';
    this.dispatchEvent(new CustomEvent('vitrina-team-changed', { bubbles: true, composed: true }));
  }

  private failed(err: unknown): void {
    this.error = err instanceof Error ? err.message : adminStrings(this).somethingWrong;
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await this.api.call('addAgent', {
        body: {
          name: formText(data, 'name'),
          email: formText(data, 'email'),
          password: formText(data, 'password'),
          languages: languagesOf(data.get('languages')),
        },
      });
      form.reset();
      this.changed(adminStrings(this).team.added);
    } catch (err) {
      this.failed(err);
    }
  }

  private async patch(agent: AgentAccount, change: Partial<Pick<AgentAccount, 'languages' | 'disabled'>>, message: string): Promise<void> {
    try {
      await this.api.call('changeAgent', { params: { agentId: agent.id }, body: change });
      this.changed(message);
    } catch (err) {
      this.failed(err);
    }
  }

  private async removeAccount(agent: AgentAccount): Promise<void> {
    const t = adminStrings(this).team;
    if (!confirm(t.confirmRemove(agent.name))) return;
    try {
      await this.api.call('removeAgent', { params: { agentId: agent.id } });
      this.changed(t.removed(agent.name));
    } catch (err) {
      this.failed(err);
    }
  }

  private async resetPassword(agent: AgentAccount): Promise<void> {
    const t = adminStrings(this).team;
    const password = prompt(t.newPassword(agent.name));
    if (!password) return;
    try {
      await this.api.call('resetPassword', { params: { agentId: agent.id }, body: { password } });
      this.changed(t.passwordChanged(agent.name));
    } catch (err) {
      this.failed(err);
    }
  }

  private async endSessions(agent: AgentAccount): Promise<void> {
    try {
      await this.api.call('endSessions', { params: { agentId: agent.id } });
      this.changed(adminStrings(this).team.sessionsEnded(agent.name));
    } catch (err) {
      this.failed(err);
    }
  }

  private row(t: AdminStrings, a: AgentAccount): TemplateResult {
    return html`<tr data-agent-id=${a.id}>
      <td>${a.name}<br /><span class="muted">${a.email}</span></td>
      <td>${a.role === 'owner' ? t.team.owner : t.team.consultant}</td>
      <td>
        <input
          aria-label=${t.team.languagesOf(a.name)}
          .value=${a.languages.join(', ')}
          size="8"
          @change=${(e: Event) => this.patch(a, { languages: languagesOf((e.target as HTMLInputElement).value) }, t.team.languagesSaved)}
        />
      </td>
      <td>${a.disabled ? html`<span class="badge failed">${t.team.disabled}</span>` : html`<span class="badge complete">${t.team.active}</span>`}</td>
      <td style="display:flex;gap:8px;flex-wrap:wrap">
        <button
          type="button"
          @click=${() => this.patch(a, { disabled: !a.disabled }, a.disabled ? t.team.canSignInAgain(a.name) : t.team.canNoLongerSignIn(a.name))}
        >
          ${a.disabled ? t.team.enable : t.team.disable}
        </button>
        <button type="button" @click=${() => this.resetPassword(a)}>${t.team.resetPassword}</button>
        ${a.disabled ? nothing : html`<button type="button" @click=${() => this.endSessions(a)}>${t.team.endSessions}</button>`}
        <button type="button" class="danger" @click=${() => this.removeAccount(a)}>${t.remove}</button>
      </td>
    </tr>`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    return html`
      <h2>${t.team.title}</h2>
      <div style="overflow-x:auto">
        <table>
          <thead>
            <tr>
              <th>${t.name}</th>
              <th>${t.team.role}</th>
              <th>${t.languages}</th>
              <th>${t.team.account}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${this.agents.map((a) => this.row(t, a))}
          </tbody>
        </table>
      </div>
      <p role="status">${this.message}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <h3>${t.team.addTitle}</h3>
      <form class="card" @submit=${this.add} style="display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));align-items:end">
        <label>${t.name} <input name="name" required maxlength="80" /></label>
        <label>${t.email} <input name="email" type="email" required /></label>
        <label>${t.password} <input name="password" type="password" required minlength="10" autocomplete="new-password" /></label>
        <label>${t.languages} <input name="languages" value="en" placeholder=${t.team.languagesPlaceholder} /></label>
        <button type="submit" class="primary">${t.add}</button>
      </form>
    `;
  }
}
