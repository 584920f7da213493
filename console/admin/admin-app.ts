import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { AgentAccount } from '../../server/admin/agents-admin-router.js';
import type { AgentView } from '../../server/contract/auth.js';
import { ApiError, ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';

type Route = { view: 'calls' } | { view: 'call'; callId: string } | { view: 'analytics' } | { view: 'team' } | { view: 'settings' } | { view: 'install' };

function routeOf(hash: string): Route {
  const call = /^#\/calls\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (call) return { view: 'call', callId: call[1] as string };
  if (hash === '#/analytics') return { view: 'analytics' };
  if (hash === '#/team') return { view: 'team' };
  if (hash === '#/settings') return { view: 'settings' };
  if (hash === '#/install') return { view: 'install' };
  return { view: 'calls' };
}

const NAV: [Route['view'], string, string][] = [
  ['calls', '#/calls', 'Calls'],
  ['analytics', '#/analytics', 'Analytics'],
  ['team', '#/team', 'Consultants'],
  ['settings', '#/settings', 'Settings'],
  ['install', '#/install', 'Install'],
];

/** The shop owner's pages: sign in as the owner, then calls, consultants and settings. */
export class VitrinaAdmin extends LitElement {
  static override styles = [adminStyles];

  private readonly api = new ConsoleApi();
  @state() private me: AgentView | undefined;
  @state() private checked = false;
  @state() private loginError = '';
  @state() private route: Route = routeOf(location.hash);
  @state() private agents: AgentAccount[] = [];
  private readonly onHash = () => (this.route = routeOf(location.hash));

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHash);
    this.api
      .get<AgentView>('/api/auth/me')
      .then((me) => this.signedIn(me))
      .catch(() => undefined)
      .finally(() => (this.checked = true));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.onHash);
  }

  private signedIn(me: AgentView): void {
    this.me = me;
    if (me.role === 'owner') void this.loadAgents();
  }

  async loadAgents(): Promise<void> {
    this.agents = await this.api.get<AgentAccount[]>('/api/admin/agents');
  }

  private async signIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      this.signedIn(await this.api.post<AgentView>('/api/auth/login', { email: form.get('email'), password: form.get('password') }));
      this.loginError = '';
    } catch (err) {
      this.loginError = err instanceof ApiError ? err.message : 'Could not reach the server.';
    }
  }

  private async signOut(): Promise<void> {
    await this.api.post('/api/auth/logout');
    this.me = undefined;
  }

  private view(): TemplateResult {
    const r = this.route;
    switch (r.view) {
      case 'call':
        return html`<vitrina-admin-call .api=${this.api} .callId=${r.callId}></vitrina-admin-call>`;
      case 'analytics':
        return html`<vitrina-admin-analytics .api=${this.api}></vitrina-admin-analytics>`;
      case 'team':
        return html`<vitrina-admin-team .api=${this.api} .agents=${this.agents} @vitrina-team-changed=${() => void this.loadAgents()}></vitrina-admin-team>`;
      case 'install':
        return html`<vitrina-admin-install .api=${this.api}></vitrina-admin-install>`;
      case 'settings':
        return html`<vitrina-admin-settings .api=${this.api}></vitrina-admin-settings>`;
      default:
        return html`<vitrina-admin-calls .api=${this.api} .agents=${this.agents}></vitrina-admin-calls>`;
    }
  }

  protected override render(): TemplateResult {
    if (!this.checked) return html``;
    if (!this.me) {
      return html`<main style="max-width:360px;margin:10vh auto;padding:0 16px">
        <form class="card" @submit=${this.signIn} style="display:grid;gap:12px">
          <h2>Shop owner sign-in</h2>
          <label>E-mail <input name="email" type="email" autocomplete="username" required /></label>
          <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
          ${this.loginError ? html`<p class="error" role="alert">${this.loginError}</p>` : nothing}
          <button type="submit" class="primary">Sign in</button>
        </form>
      </main>`;
    }
    if (this.me.role !== 'owner') {
      return html`<main style="max-width:480px;margin:10vh auto;padding:0 16px" class="card">
        <h2>This page is for the shop owner</h2>
        <p>You are signed in as ${this.me.name}, a consultant. Your calls are in the <a href="/console/agent/">consultant console</a>.</p>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </main>`;
    }
    return html`
      <header style="display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:12px 16px;border-bottom:1px solid var(--vitrina-admin-border,#d0d7de)">
        <h1 style="font-size:16px;margin:0">Vitrina · Owner</h1>
        <nav style="display:flex;gap:12px;flex-wrap:wrap">
          ${NAV.map(([view, href, label]) => html`<a href=${href} aria-current=${this.route.view === view || (view === 'calls' && this.route.view === 'call') ? 'page' : 'false'}>${label}</a>`)}
        </nav>
        <span style="margin-left:auto" class="muted">${this.me.name}</span>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </header>
      <main style="padding:16px;max-width:1200px;margin:0 auto">${this.view()}</main>
    `;
  }
}
