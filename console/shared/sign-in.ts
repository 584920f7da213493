import { css, html, nothing, type TemplateResult } from 'lit';
import type { AgentView } from '../../server/contract/auth.js';
import type { ConsoleApi } from './console-api.js';
import { renderLanguageSwitch } from './language-switch.js';

export interface SignInStrings {
  title: string;
  email: string;
  password: string;
  signIn: string;
}

/** The consoles' one sign-in: the same form, fields and request for the consultant's console and the owner's page. */
export function renderSignIn(host: Element, o: { t: SignInStrings; error: string; onSubmit: (e: SubmitEvent) => void }): TemplateResult {
  return html`<main class="sign-in-page">
    <form class="sign-in card" @submit=${o.onSubmit}>
      <h1>${o.t.title}</h1>
      <label>${o.t.email} <input name="email" type="email" autocomplete="username" required /></label>
      <label>${o.t.password} <input name="password" type="password" autocomplete="current-password" required /></label>
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : nothing}
      <div class="sign-in-row">${renderLanguageSwitch(host)}<button class="primary" type="submit">${o.t.signIn}</button></div>
    </form>
  </main>`;
}

/** Sends the sign-in form: the account, or the server's ApiError (wrong password, too many attempts). */
export function submitSignIn(api: ConsoleApi, e: SubmitEvent): Promise<AgentView> {
  e.preventDefault();
  const form = new FormData(e.target as HTMLFormElement);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return api.call('login', { body: { email: field('email'), password: field('password') } });
}

/** The form's layout; colours, cards, fields and buttons come from the shared controls (widget/design/controls.ts). */
export const signInStyles = css`
  /* Padding all round: the form's top margin must not collapse through the page's background. */
  main.sign-in-page {
    padding: var(--vt-space-4);
  }
  form.sign-in {
    display: grid;
    gap: var(--vt-space-3);
    max-width: 360px;
    margin: 10vh auto;
    padding: var(--vt-space-6) var(--vt-space-5) var(--vt-space-5);
  }
  form.sign-in h1 {
    font-size: var(--vt-text-xl);
    margin: 0 0 var(--vt-space-1);
  }
  .sign-in-row {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--vt-space-2);
    margin-top: var(--vt-space-1);
  }
`;
