import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgentAccount } from '../../server/admin/agents-admin-router.js';
import type { ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';

const languagesOf = (value: FormDataEntryValue | null) =>
  String(value ?? '')
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
          border-bottom: 1px solid var(--vitrina-admin-border, #d0d7de);
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
    this.error = err instanceof Error ? err.message : 'Something went wrong.';
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      await this.api.post('/api/admin/agents', {
        name: data.get('name'),
        email: data.get('email'),
        password: data.get('password'),
        languages: languagesOf(data.get('languages')),
      });
      form.reset();
      this.changed('Consultant added.');
    } catch (err) {
      this.failed(err);
    }
  }

  private async patch(agent: AgentAccount, change: Partial<Pick<AgentAccount, 'languages' | 'disabled'>>, message: string): Promise<void> {
    try {
      await this.api.send('PATCH', `/api/admin/agents/${agent.id}`, change);
      this.changed(message);
    } catch (err) {
      this.failed(err);
    }
  }

  private async removeAccount(agent: AgentAccount): Promise<void> {
    if (!confirm(`Remove ${agent.name} for good? They can no longer sign in; their calls stay in the history.`)) return;
    try {
      await this.api.delete(`/api/admin/agents/${agent.id}`);
      this.changed(`${agent.name} was removed.`);
    } catch (err) {
      this.failed(err);
    }
  }

  private async resetPassword(agent: AgentAccount): Promise<void> {
    const password = prompt(`New password for ${agent.name} (at least 10 characters):`);
    if (!password) return;
    try {
      await this.api.post(`/api/admin/agents/${agent.id}/password`, { password });
      this.changed(`${agent.name}'s password was changed.`);
    } catch (err) {
      this.failed(err);
    }
  }

  private row(a: AgentAccount): TemplateResult {
    return html`<tr data-agent-id=${a.id}>
      <td>${a.name}<br /><span class="muted">${a.email}</span></td>
      <td>${a.role === 'owner' ? 'Owner' : 'Consultant'}</td>
      <td>
        <input
          aria-label="Languages of ${a.name}"
          .value=${a.languages.join(', ')}
          size="8"
          @change=${(e: Event) => this.patch(a, { languages: languagesOf((e.target as HTMLInputElement).value) }, 'Languages saved.')}
        />
      </td>
      <td>${a.disabled ? html`<span class="badge failed">Disabled</span>` : html`<span class="badge complete">Active</span>`}</td>
      <td style="display:flex;gap:8px;flex-wrap:wrap">
        <button type="button" @click=${() => this.patch(a, { disabled: !a.disabled }, a.disabled ? `${a.name} can sign in again.` : `${a.name} can no longer sign in.`)}>
          ${a.disabled ? 'Enable' : 'Disable'}
        </button>
        <button type="button" @click=${() => this.resetPassword(a)}>Reset password</button>
        <button type="button" class="danger" @click=${() => this.removeAccount(a)}>Remove</button>
      </td>
    </tr>`;
  }

  protected override render(): TemplateResult {
    return html`
      <h2>Consultants</h2>
      <div style="overflow-x:auto">
        <table>
          <thead>
            <tr><th>Name</th><th>Role</th><th>Languages</th><th>Account</th><th></th></tr>
          </thead>
          <tbody>${this.agents.map((a) => this.row(a))}</tbody>
        </table>
      </div>
      <p role="status">${this.message}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <h3>Add a consultant</h3>
      <form class="card" @submit=${this.add} style="display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));align-items:end">
        <label>Name <input name="name" required maxlength="80" /></label>
        <label>E-mail <input name="email" type="email" required /></label>
        <label>Password <input name="password" type="password" required minlength="10" autocomplete="new-password" /></label>
        <label>Languages <input name="languages" value="en" placeholder="en, ru" /></label>
        <button type="submit" class="primary">Add</button>
      </form>
    `;
  }
}
