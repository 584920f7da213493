import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Page } from '../../server/contract/calls.js';
import { FieldError, requestCallback } from '../api/queue-api.js';
import { fire } from '../events.js';
import { languageOf, stringsFor } from '../i18n/strings.js';
import { callbackFormStyles } from './callback-form.styles.js';
import { formText } from '../form-text.js';

/**
 * Name, phone or e-mail, a preferred time and a note: what a shopper leaves when nobody can
 * take a call. Errors from the server land next to the field they name.
 *
 * @fires vitrina-callback-sent - the request reached the shop
 * @csspart form - the form
 * @csspart submit - the send button
 */
export class VitrinaCallbackForm extends LitElement {
  static override styles = callbackFormStyles;

  @property() server = '';
  @property({ attribute: false }) page: Page = { url: location.href, title: document.title };
  @state() private sending = false;
  @state() private sent = false;
  @state() private problem: { field: string | undefined; message: string } | undefined;

  protected override render() {
    const t = stringsFor(this);
    if (this.sent) return html`<p class="sent" role="status">${t.callbackSent}</p>`;
    const err = (field: string) =>
      this.problem?.field === field ? html`<span class="error" id="err-${field}" role="alert">${this.problem.message}</span>` : nothing;
    const described = (field: string) => (this.problem?.field === field ? `err-${field}` : nothing);
    return html`
      <form part="form" @submit=${this.submit} novalidate>
        <p>${t.callbackIntro}</p>
        <label>${t.callbackName}<input name="name" autocomplete="name" required maxlength="100" aria-describedby=${described('name')} /></label>
        ${err('name')}
        <label>${t.callbackPhone}<input name="phone" type="tel" autocomplete="tel" maxlength="40" aria-describedby=${described('phone')} /></label>
        ${err('phone')}
        <label>${t.callbackEmail}<input name="email" type="email" autocomplete="email" maxlength="254" aria-describedby=${described('email')} /></label>
        ${err('email')}
        <label>${t.callbackTime}<input name="preferredTime" maxlength="100" placeholder=${t.callbackTimeHint} /></label>
        <label>${t.callbackNote}<textarea name="note" rows="2" maxlength="1000"></textarea></label>
        ${
          this.problem && !['name', 'phone', 'email'].includes(this.problem.field ?? '')
            ? html`<span class="error" role="alert">${this.problem.message}</span>`
            : nothing
        }
        <button part="submit" class="primary" type="submit" ?disabled=${this.sending}>${this.sending ? t.callbackSending : t.callbackSend}</button>
      </form>
    `;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const t = stringsFor(this);
    const data = new FormData(e.target as HTMLFormElement);
    const text = (key: string) => formText(data, key).trim();
    if (!text('name')) {
      this.problem = { field: 'name', message: t.callbackName };
      return;
    }
    if (!text('phone') && !text('email')) {
      this.problem = { field: 'phone', message: t.callbackContactNeeded };
      return;
    }
    this.sending = true;
    this.problem = undefined;
    const language = languageOf(this);
    try {
      await requestCallback(this.server, {
        name: text('name'),
        phone: text('phone'),
        email: text('email'),
        preferredTime: text('preferredTime'),
        note: text('note'),
        page: this.page,
        ...(language ? { language } : {}),
      });
      this.sent = true;
      fire(this, 'vitrina-callback-sent', {});
    } catch (err) {
      // The server names the field as it knows it (`page.url`, `phone`); show its message as is.
      this.problem = err instanceof FieldError ? { field: err.field, message: err.message } : { field: undefined, message: t.errors['server-unreachable'] };
    } finally {
      this.sending = false;
    }
  }
}
