import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OutcomeRequest } from '../../server/contract/agent.js';
import { OUTCOME_NOTE_MAX, SALES_OUTCOMES, type CallOutcomeView, type SalesOutcome } from '../../server/contract/sales-outcome.js';
import { formText } from '../../widget/form-text.js';
import { ApiError } from '../shared/console-api.js';
import { agentStrings } from './i18n/strings.js';

/** What the form needs of a call: the console's AgentCall, or a test's stand-in. */
export interface OutcomeTarget {
  readonly callId: string;
  recordOutcome(outcome: OutcomeRequest): Promise<CallOutcomeView>;
}

/** Fired once the server kept what came of the call. */
export type VitrinaOutcomeSavedEvent = CustomEvent<CallOutcomeView & { callId: string }>;

/** Focus sits on nothing: it was on a control the call's end took away, so the form may have it. */
const nothingFocused = (): boolean => document.activeElement === null || document.activeElement === document.body;

/**
 * "How did it go?" after a call: sold, follow-up or no sale, and a note for the owner. It never
 * stands in the way: the console's Next, or the next ring, leaves it unsaved. Saved again, it
 * replaces what was saved.
 *
 * @fires vitrina-outcome-saved - the server kept it (detail: the call's id, the outcome and the note)
 * @csspart form - the form
 * @csspart choice - each of the three choices
 * @csspart note - the note
 * @csspart save - the save button
 * @cssprop --vitrina-outcome-accent - the save button and the chosen choice's edge
 */
export class VitrinaCallOutcome extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 16px;
      padding: 20px;
      background: #fff;
      border-radius: 12px;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.08);
    }
    form {
      display: grid;
      gap: 12px;
    }
    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
    }
    legend {
      padding: 0;
      margin-bottom: 8px;
      font-weight: 600;
      font-size: 16px;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .choices label {
      display: flex;
      align-items: center;
      gap: 6px;
      min-height: 44px;
      padding: 0 14px;
      border: 2px solid #d0d7de;
      border-radius: 999px;
      cursor: pointer;
    }
    .choices label:has(input:checked) {
      border-color: var(--vitrina-outcome-accent, #1f6feb);
    }
    .note {
      display: grid;
      gap: 4px;
      font-weight: 600;
      font-size: 14px;
    }
    textarea {
      font: inherit;
      font-weight: 400;
      padding: 10px 12px;
      border: 1px solid #b8c2cc;
      border-radius: 8px;
      resize: vertical;
    }
    .actions {
      display: flex;
      align-items: center;
      gap: 12px;
    }
    button {
      min-height: 44px;
      padding: 0 18px;
      border: 0;
      border-radius: 999px;
      background: var(--vitrina-outcome-accent, #1f6feb);
      color: #fff;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    button:focus-visible,
    input:focus-visible,
    textarea:focus-visible {
      outline: 3px solid #ffbf47;
      outline-offset: 2px;
    }
    .error {
      margin: 0;
      color: #b42318;
    }
  `;

  /** The call it speaks for; another call starts the form afresh. */
  @property({ attribute: false }) call: OutcomeTarget | undefined;
  @state() private chosen: SalesOutcome | undefined;
  @state() private sending = false;
  @state() private saved = false;
  @state() private problem = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('call')) return;
    this.chosen = undefined;
    this.sending = false;
    this.saved = false;
    this.problem = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('call') || !this.call) return;
    this.renderRoot.querySelector('form')?.reset();
    if (nothingFocused()) this.firstChoice()?.focus();
  }

  protected override render() {
    const t = agentStrings(this);
    return html`<form part="form" novalidate @submit=${this.submit} @input=${this.edited}>
      <fieldset aria-describedby=${this.problem ? 'problem' : nothing}>
        <legend>${t.outcomeTitle}</legend>
        <div class="choices">
          ${SALES_OUTCOMES.map(
            (outcome) =>
              html`<label part="choice"
                ><input type="radio" name="outcome" value=${outcome} .checked=${this.chosen === outcome} />${t.outcomes[outcome]}</label
              >`,
          )}
        </div>
      </fieldset>
      <label class="note">${t.outcomeNote}<textarea part="note" name="note" rows="3" maxlength=${OUTCOME_NOTE_MAX}></textarea></label>
      <div class="actions">
        <!-- Never disabled while saving: a disabled button would drop the keyboard's focus. -->
        <button part="save" type="submit">${this.sending ? t.savingOutcome : t.saveOutcome}</button>
        <span role="status" data-testid="outcome-saved">${this.saved ? t.outcomeSaved : ''}</span>
      </div>
      ${this.problem ? html`<p class="error" id="problem" role="alert">${this.problem}</p>` : nothing}
    </form>`;
  }

  private firstChoice(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('input[name=outcome]');
  }

  /** A change after saving is not saved yet. */
  private edited(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.name === 'outcome') this.chosen = input.value as SalesOutcome;
    this.saved = false;
    this.problem = '';
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const call = this.call;
    if (!call || this.sending) return;
    const t = agentStrings(this);
    if (!this.chosen) {
      this.problem = t.chooseOutcome;
      this.firstChoice()?.focus();
      return;
    }
    const note = formText(new FormData(e.target as HTMLFormElement), 'note').trim();
    this.sending = true;
    try {
      const saved = await call.recordOutcome({ outcome: this.chosen, note });
      // The console moved on to another call meanwhile: this answer is not the new form's.
      if (this.call !== call) return;
      this.saved = true;
      this.dispatchEvent(new CustomEvent('vitrina-outcome-saved', { detail: { callId: call.callId, ...saved }, bubbles: true, composed: true }));
    } catch (err) {
      if (this.call !== call) return;
      this.problem = err instanceof ApiError && err.status === 404 ? t.outcomeNotOurs : t.outcomeNotSaved;
    } finally {
      if (this.call === call) this.sending = false;
    }
  }
}

declare global {
  interface HTMLElementEventMap {
    'vitrina-outcome-saved': VitrinaOutcomeSavedEvent;
  }
}
