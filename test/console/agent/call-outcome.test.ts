import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { OutcomeRequest } from '../../../server/contract/agent.js';
import type { CallOutcomeView } from '../../../server/contract/sales-outcome.js';
import { VitrinaCallOutcome, type OutcomeTarget, type VitrinaOutcomeSavedEvent } from '../../../console/agent/call-outcome.js';
import { ApiError } from '../../../console/shared/console-api.js';
import { define } from '../../../widget/define.js';

define('vitrina-call-outcome', VitrinaCallOutcome);

/** Stands in for an AgentCall: keeps what it was asked to save, answers as the test says. */
class FakeCall implements OutcomeTarget {
  readonly sent: OutcomeRequest[] = [];
  answer: (o: OutcomeRequest) => Promise<CallOutcomeView> = (o) => Promise.resolve({ outcome: o.outcome, note: o.note || null });
  constructor(readonly callId: string) {}
  recordOutcome(o: OutcomeRequest): Promise<CallOutcomeView> {
    this.sent.push(o);
    return this.answer(o);
  }
}

const root = (el: VitrinaCallOutcome) => el.shadowRoot!;
const choice = (el: VitrinaCallOutcome, value: string) => root(el).querySelector<HTMLInputElement>(`input[value=${value}]`)!;
const note = (el: VitrinaCallOutcome) => root(el).querySelector('textarea')!;
const status = (el: VitrinaCallOutcome) => root(el).querySelector('[role=status]')!.textContent.trim();
const alertText = (el: VitrinaCallOutcome) => root(el).querySelector('[role=alert]')?.textContent.trim() ?? '';
const save = (el: VitrinaCallOutcome) => root(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();

function write(el: VitrinaCallOutcome, text: string): void {
  note(el).value = text;
  note(el).dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function form(call: FakeCall, lang = 'en'): Promise<VitrinaCallOutcome> {
  return fixture<VitrinaCallOutcome>(html`<vitrina-call-outcome lang=${lang} .call=${call}></vitrina-call-outcome>`);
}

describe('<vitrina-call-outcome>', () => {
  for (const [lang, legend, labels, saveLabel] of [
    ['en', 'How did it go?', ['Sold', 'Follow-up', 'No sale'], 'Save'],
    ['ru', 'Как прошёл звонок?', ['Продано', 'Повторный контакт', 'Без продажи'], 'Сохранить'],
  ] as const) {
    it(`asks in ${lang}, in a fieldset with a legend, three labelled choices and a note, accessibly`, async () => {
      const el = await form(new FakeCall('call_1'), lang);
      expect(root(el).querySelector('fieldset legend')!.textContent.trim()).to.equal(legend);
      expect([...root(el).querySelectorAll('fieldset label')].map((l) => l.textContent.trim())).to.deep.equal(labels);
      expect(note(el).closest('label')).to.not.equal(null);
      expect(note(el).maxLength).to.equal(2000);
      expect(root(el).querySelector('button[type=submit]')!.textContent.trim()).to.equal(saveLabel);
      await expect(el).shadowDom.to.be.accessible();
    });
  }

  it('takes the focus to the first choice when nothing has it, and leaves it where it is otherwise', async () => {
    // As in the console: the focused Hang up button, inside a shadow root, goes with the call.
    const consoleLike = await fixture<HTMLDivElement>(html`<div></div>`);
    const shadow = consoleLike.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<button type="button">Hang up</button>';
    shadow.querySelector('button')!.focus();
    shadow.querySelector('button')!.remove();
    const el = await form(new FakeCall('call_1'));
    expect(root(el).activeElement).to.equal(choice(el, 'sold'));

    const busy = await fixture<HTMLDivElement>(html`<div><input aria-label="Somewhere else" /><vitrina-call-outcome></vitrina-call-outcome></div>`);
    const input = busy.querySelector('input')!;
    input.focus();
    const other = busy.querySelector<VitrinaCallOutcome>('vitrina-call-outcome')!;
    other.call = new FakeCall('call_2');
    await other.updateComplete;
    expect(document.activeElement).to.equal(input);
  });

  it('asks for a choice before sending anything', async () => {
    const call = new FakeCall('call_1');
    const el = await form(call);
    save(el);
    await el.updateComplete;
    expect(alertText(el)).to.equal('Choose how it went: sold, follow-up or no sale.');
    expect(call.sent).to.deep.equal([]);
    choice(el, 'no-sale').click();
    await el.updateComplete;
    expect(alertText(el), 'a choice clears it').to.equal('');
  });

  it('saves the choice and the trimmed note, says "Saved", and saves a change again', async () => {
    const call = new FakeCall('call_1');
    const el = await form(call);
    choice(el, 'follow-up').click();
    write(el, '  Wants the grey one; call back Friday.  ');
    const fired = oneEvent<VitrinaOutcomeSavedEvent>(el, 'vitrina-outcome-saved');
    save(el);
    const event = await fired;
    expect(event.detail).to.deep.equal({ callId: 'call_1', outcome: 'follow-up', note: 'Wants the grey one; call back Friday.' });
    await el.updateComplete;
    expect(status(el)).to.equal('Saved');

    choice(el, 'sold').click();
    await el.updateComplete;
    expect(status(el), 'a change is not saved yet').to.equal('');
    save(el);
    await waitUntil(() => status(el) === 'Saved', 'saved again');
    expect(call.sent).to.deep.equal([
      { outcome: 'follow-up', note: 'Wants the grey one; call back Friday.' },
      { outcome: 'sold', note: 'Wants the grey one; call back Friday.' },
    ]);
  });

  it('says so when the call is no longer theirs, and when saving failed otherwise', async () => {
    const call = new FakeCall('call_1');
    const el = await form(call);
    choice(el, 'sold').click();
    call.answer = () => Promise.reject(new ApiError(404, 'call-not-found', 'You have no such call.'));
    save(el);
    await waitUntil(() => alertText(el), 'an error');
    expect(alertText(el)).to.contain('no longer yours');
    call.answer = () => Promise.reject(new TypeError('Failed to fetch'));
    save(el);
    await waitUntil(() => alertText(el) === 'Could not save. Please try again.', 'the other error');
    expect(status(el)).to.equal('');
  });

  it('starts afresh for another call, and a late answer for the last one does not mark the new one saved', async () => {
    const first = new FakeCall('call_1');
    let answerFirst: (v: CallOutcomeView) => void = () => {};
    first.answer = () => new Promise((resolve) => (answerFirst = resolve));
    const el = await form(first);
    choice(el, 'sold').click();
    write(el, 'Lamp');
    save(el);
    await el.updateComplete;

    el.call = new FakeCall('call_2');
    await el.updateComplete;
    answerFirst({ outcome: 'sold', note: 'Lamp' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
    expect(['sold', 'follow-up', 'no-sale'].map((v) => choice(el, v).checked)).to.deep.equal([false, false, false]);
    expect(note(el).value).to.equal('');
    expect(status(el)).to.equal('');
    expect(root(el).querySelector('button[type=submit]')!.textContent.trim()).to.equal('Save');
  });
});
