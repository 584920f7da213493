import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Page } from '../../server/contract/calls.js';
import { FieldError, requestCallback } from '../api/queue-api.js';
import { fire } from '../events.js';
import { languageOf, stringsFor } from '../i18n/strings.js';
import { callbackFormStyles } from './callback-form.styles.js';
import { formText } from '../form-text.js';
import { PHONE_PATTERN } from '../../server/contract/people.js';

/**
 * Name, phone or e-mail, a preferred time and a note: what a shopper leaves when nobody can
 * take a call. Every wrong field says what is wrong with it, next to it, in the shopper's
 * language, the form's own checks and the server's alike.
 *
 * @fires vitrina-callback-sent - the request reached the shop
 * @csspart form - the form
 * @csspart submit - the send button
 */
/** The fields that can be wrong, in the order the shopper meets them. */
const FIELDS = ['name', 'phone', 'email'] as const;
type Field = (typeof FIELDS)[number];
type Problems = Partial<Record<Field, string>> & { other?: string };

export class VitrinaCallbackForm extends LitElement {
  static override styles = callbackFormStyles;

  @property() server = '';
  @property({ attribute: false }) page: Page = { url: location.href, title: document.title };
  @state() private sending = false;
  @state() private sent = false;
  @state() private problems: Problems = {};

  protected override render() {
    const t = stringsFor(this);
    if (this.sent) return html`<p class="sent" role="status">${t.callbackSent}</p>`;
    const err = (field: Field) => (this.problems[field] ? html`<span class="error" id="err-${field}">${this.problems[field]}</span>` : nothing);
    // A field that can be wrong: marked invalid and tied to its error while it is.
    const input = (field: Field, label: unknown, o: { type: string; autocomplete: string; maxlength: number; required?: boolean }) =>
      html`<label
          >${label}<input
            name=${field}
            type=${o.type}
            autocomplete=${o.autocomplete}
            maxlength=${o.maxlength}
            ?required=${o.required ?? false}
            aria-invalid=${this.problems[field] ? 'true' : 'false'}
            aria-describedby=${this.problems[field] ? `err-${field}` : nothing}
        /></label>
        ${err(field)}`;
    const required = html`<span class="required" aria-hidden="true">*</span>`;
    return html`
      <form part="form" @submit=${this.submit} @input=${this.mended} novalidate>
        <p>${t.callbackIntro} <span class="hint">${t.callbackRequiredNote}</span></p>
        ${input('name', html`<span>${t.callbackName} ${required}</span>`, { type: 'text', autocomplete: 'name', maxlength: 100, required: true })}
        <fieldset aria-describedby="contact-hint">
          <legend>${t.callbackContact} ${required}</legend>
          <span class="hint" id="contact-hint">${t.callbackContactHint}</span>
          ${input('phone', t.callbackPhone, { type: 'tel', autocomplete: 'tel', maxlength: 40 })}
          ${input('email', t.callbackEmail, { type: 'email', autocomplete: 'email', maxlength: 254 })}
        </fieldset>
        <label>${t.callbackTime}<input name="preferredTime" maxlength="100" placeholder=${t.callbackTimeHint} /></label>
        <label>${t.callbackNote}<textarea name="note" rows="2" maxlength="1000"></textarea></label>
        ${this.problems.other ? html`<span class="error" role="alert">${this.problems.other}</span>` : nothing}
        <p class="sr-only" role="alert">
          ${FIELDS.map((f) => this.problems[f])
            .filter(Boolean)
            .join(' ')}
        </p>
        <button part="submit" class="primary" type="submit" ?disabled=${this.sending}>${this.sending ? t.callbackSending : t.callbackSend}</button>
      </form>
    `;
  }

  /** A field being mended drops its error; an e-mail also answers "give a phone or an e-mail". */
  private mended(e: Event): void {
    const field = (e.target as HTMLInputElement).name as Field;
    const problems = { ...this.problems };
    delete problems[field];
    if (field === 'email' && problems.phone === stringsFor(this).callbackContactNeeded) delete problems.phone;
    if (Object.keys(problems).length !== Object.keys(this.problems).length) this.problems = problems;
  }

  /** Every field's problem at once, in the shopper's language, before anything is sent. */
  private check(form: HTMLFormElement): Problems {
    const t = stringsFor(this);
    const data = new FormData(form);
    const text = (key: string) => formText(data, key).trim();
    const problems: Problems = {};
    if (!text('name')) problems.name = t.callbackNameNeeded;
    if (!text('phone') && !text('email')) problems.phone = t.callbackContactNeeded;
    if (text('phone') && !PHONE_PATTERN.test(text('phone'))) problems.phone = t.callbackPhoneInvalid;
    if (text('email') && form.querySelector<HTMLInputElement>('input[name=email]')?.validity.typeMismatch) problems.email = t.callbackEmailInvalid;
    return problems;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this.problems = this.check(form);
    if (Object.keys(this.problems).length > 0) return this.focusFirstProblem();
    this.sending = true;
    const data = new FormData(form);
    const text = (key: string) => formText(data, key).trim();
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
      this.problems = this.serverProblem(err);
      await this.focusFirstProblem();
    } finally {
      this.sending = false;
    }
  }

  /** The server checks more strictly than the browser (an e-mail like "a@b"): its verdict lands at the field, in our words. */
  private serverProblem(err: unknown): Problems {
    const t = stringsFor(this);
    if (!(err instanceof FieldError)) return { other: t.errors['server-unreachable'] };
    const ours: Partial<Record<string, [Field, string]>> = {
      name: ['name', t.callbackNameNeeded],
      phone: ['phone', t.callbackPhoneInvalid],
      email: ['email', t.callbackEmailInvalid],
    };
    const known = err.field ? ours[err.field] : undefined;
    if (known) return { [known[0]]: known[1] };
    return { other: err.status === 429 ? t.errors['rate-limited'] : t.errors.unknown };
  }

  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    const first = FIELDS.find((f) => this.problems[f]);
    if (first) this.renderRoot.querySelector<HTMLInputElement>(`input[name=${first}]`)?.focus();
  }
}
