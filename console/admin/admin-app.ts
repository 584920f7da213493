import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { AgentAccount } from '../../server/contract/admin.js';
import type { AgentView } from '../../server/contract/auth.js';
import { ApiError, ConsoleApi } from '../shared/console-api.js';
import { renderLanguageSwitch } from '../shared/language-switch.js';
import { renderSignIn, signInStyles, submitSignIn } from '../shared/sign-in.js';
import { adminStyles } from './admin.styles.js';
import { formText } from '../../widget/form-text.js';
import { adminStrings } from './i18n/strings.js';

type Route =
  | { view: 'setup'; token: string }
  | { view: 'calls' }
  | { view: 'call'; callId: string }
  | { view: 'analytics' }
  | { view: 'team' }
  | { view: 'settings' }
  | { view: 'webhooks' }
  | { view: 'install' }
  | { view: 'audit' };

function routeOf(hash: string): Route {
  const setup = /^#\/setup\/([A-Za-z0-9_.-]+)$/.exec(hash);
  if (setup) return { view: 'setup', token: setup[1] };
  const call = /^#\/calls\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (call) return { view: 'call', callId: call[1] };
  if (hash === '#/analytics') return { view: 'analytics' };
  if (hash === '#/team') return { view: 'team' };
  if (hash === '#/settings') return { view: 'settings' };
  if (hash === '#/webhooks') return { view: 'webhooks' };
  if (hash === '#/install') return { view: 'install' };
  if (hash === '#/audit') return { view: 'audit' };
  return { view: 'calls' };
}

const NAV: [Exclude<Route['view'], 'call' | 'setup'>, string][] = [
  ['calls', '#/calls'],
  ['analytics', '#/analytics'],
  ['team', '#/team'],
  ['settings', '#/settings'],
  ['webhooks', '#/webhooks'],
  ['install', '#/install'],
  ['audit', '#/audit'],
];

/** The shop owner's pages: sign in as the owner, then calls, consultants and settings. */
export class VitrinaAdmin extends LitElement {
  static override styles = [adminStyles, signInStyles];

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
    this.api.onSessionOver = () => {
      if (!this.me) return;
      this.me = undefined;
      this.agents = [];
      this.loginError = adminStrings(this).sessionOver;
    };
    this.api
      .call('me')
      .then((me) => this.signedIn(me))
      // Not signed in (401) or offline: the sign-in form shows, and signing in says what is wrong.
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
    this.agents = await this.api.call('agents');
  }

  private async signIn(e: SubmitEvent): Promise<void> {
    try {
      this.signedIn(await submitSignIn(this.api, e));
      this.loginError = '';
    } catch (err) {
      this.loginError = err instanceof ApiError ? err.message : adminStrings(this).unreachable;
    }
  }

  /** The one-time set-up link's form: creates the first owner and signs them in. */
  private async createOwner(e: SubmitEvent, token: string): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      this.signedIn(
        await this.api.call('setUpOwner', {
          body: { token, name: formText(form, 'name'), email: formText(form, 'email'), password: formText(form, 'password') },
        }),
      );
      this.loginError = '';
      location.hash = '#/team';
    } catch (err) {
      this.loginError = err instanceof ApiError ? err.message : adminStrings(this).unreachable;
    }
  }

  private renderSetup(token: string): TemplateResult {
    const t = adminStrings(this);
    return html`<main style="max-width:400px;margin:10vh auto;padding:0 16px">
      <form class="card" @submit=${(e: SubmitEvent) => this.createOwner(e, token)} style="display:grid;gap:12px">
        <h1 style="font-size:20px;margin:0">${t.setupTitle}</h1>
        <p class="muted" style="margin:0">${t.setupIntro}</p>
        <label>${t.name} <input name="name" autocomplete="name" required maxlength="80" /></label>
        <label>${t.email} <input name="email" type="email" autocomplete="username" required /></label>
        <label
          >${t.password} <input name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby="password-rule"
        /></label>
        <p id="password-rule" class="muted" style="margin:0">${t.passwordRule}</p>
        ${this.loginError ? html`<p class="error" role="alert">${this.loginError}</p>` : nothing}
        <div style="display:flex;justify-content:space-between;gap:8px">
          ${renderLanguageSwitch(this)}<button type="submit" class="primary">${t.setupSubmit}</button>
        </div>
      </form>
    </main>`;
  }

  private async signOut(): Promise<void> {
    await this.api.call('logout');
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
      case 'webhooks':
        return html`<vitrina-admin-webhooks .api=${this.api}></vitrina-admin-webhooks>`;
      case 'audit':
        return html`<vitrina-admin-audit .api=${this.api}></vitrina-admin-audit>`;
      default:
        return html`<vitrina-admin-calls .api=${this.api} .agents=${this.agents}></vitrina-admin-calls>`;
    }
  }

  protected override render(): TemplateResult {
    if (!this.checked) return html``;
    const t = adminStrings(this);
    if (!this.me && this.route.view === 'setup') return this.renderSetup(this.route.token);
    if (!this.me)
      return renderSignIn(this, {
        t: { title: t.signInTitle, email: t.email, password: t.password, signIn: t.signIn },
        error: this.loginError,
        onSubmit: (e) => void this.signIn(e),
      });
    if (this.me.role !== 'owner') {
      return html`<main style="max-width:480px;margin:10vh auto;padding:0 16px" class="card">
        <h2>${t.notOwnerTitle}</h2>
        <p>${t.notOwner(this.me.name, (text) => html`<a href="/console/agent/">${text}</a>`)}</p>
        <button type="button" @click=${this.signOut}>${t.signOut}</button>
      </main>`;
    }
    return html`
      <header
        style="display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:12px 16px;background:var(--vt-surface);border-bottom:1px solid var(--vt-line)"
      >
        <h1 style="font-size:16px;margin:0">${t.title}</h1>
        <nav style="display:flex;gap:12px;flex-wrap:wrap">
          ${NAV.map(([view, href]) => html`<a href=${href} aria-current=${this.route.view === view || (view === 'calls' && this.route.view === 'call') ? 'page' : 'false'}>${t.nav[view]}</a>`)}
        </nav>
        <span style="margin-left:auto" class="muted">${this.me.name}</span>
        ${renderLanguageSwitch(this)}
        <button type="button" @click=${this.signOut}>${t.signOut}</button>
      </header>
      <main style="padding:16px;max-width:1200px;margin:0 auto">${this.view()}</main>
    `;
  }
}
