import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/call-panel/call-panel-entry.js';
import { CallError } from '../../widget/call-core/call-error.js';
import type { CallStatus } from '../../widget/call-core/call-status.js';
import { Emitter } from '../../widget/call-core/emitter.js';
import type { CallSessionEvents } from '../../widget/call-core/call-session.js';
import type { PanelCall, VitrinaCallPanel } from '../../widget/call-panel/call-panel.js';

/** Stands in for a shopper call so each view of the panel can be checked without a server. */
class FakeCall extends Emitter<CallSessionEvents> implements PanelCall {
  status: CallStatus = 'queued';
  error: CallError | undefined;
  localVideo = undefined;
  remoteVideo = undefined;
  remoteAudio = undefined;
  cameraOn = true;
  microphoneOn = true;
  remoteCameraOn = true;
  callId = 'call_test';
  hungUp = 0;
  async setCamera(on: boolean) {
    this.cameraOn = on;
    this.emit('media');
  }
  async setMicrophone(on: boolean) {
    this.microphoneOn = on;
    this.emit('media');
  }
  async hangUp() {
    this.hungUp += 1;
    this.move('ended');
  }
  move(status: CallStatus) {
    const previous = this.status;
    this.status = status;
    this.emit('status', status, previous);
  }
}

async function panelWith(call: FakeCall, lang = 'en') {
  const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel lang=${lang} .call=${call}></vitrina-call-panel>`);
  const root = el.shadowRoot!;
  return { el, root, text: () => root.textContent ?? '', button: (action: string) => root.querySelector(`[data-action=${action}]`) as HTMLButtonElement };
}

describe('<vitrina-call-panel>', () => {
  it('while queued: says so, announces it politely, and offers cancel', async () => {
    const call = new FakeCall();
    const { el, root, text, button } = await panelWith(call);
    expect(text()).to.contain('Waiting for a consultant…');
    expect(root.querySelector('[role=status][aria-live=polite]')!.textContent).to.contain('Waiting for a consultant…');
    button('cancel').click();
    expect(call.hungUp).to.equal(1);
    await el.updateComplete;
    expect(text()).to.contain('The call has ended.');
  });

  it('in a call: mic and camera toggles report their state, and hang up is there', async () => {
    const call = new FakeCall();
    call.status = 'in-call';
    const { el, button } = await panelWith(call);
    expect(button('microphone').getAttribute('aria-pressed')).to.equal('true');
    button('microphone').click();
    await el.updateComplete;
    expect(call.microphoneOn).to.equal(false);
    expect(button('microphone').getAttribute('aria-pressed')).to.equal('false');
    expect(button('microphone').getAttribute('aria-label')).to.equal('Unmute microphone');
    expect(button('hang-up')).to.exist;
    await expect(el).shadowDom.to.be.accessible();
  });

  it('shows what to do when the camera was refused, in the shopper\'s language', async () => {
    const call = new FakeCall();
    call.status = 'failed';
    call.error = new CallError('permission-denied', 'denied');
    const en = await panelWith(call);
    expect(en.root.querySelector('[role=alert]')!.textContent).to.contain('Allow them in the address bar');
    const ru = await panelWith(call, 'ru');
    expect(ru.root.querySelector('[role=alert]')!.textContent).to.contain('Разрешите его в адресной строке');
  });

  it('re-renders and tells the page when the call moves on', async () => {
    const call = new FakeCall();
    const { el, text } = await panelWith(call);
    setTimeout(() => call.move('in-call'));
    const event = await oneEvent(el, 'vitrina-call-status');
    expect(event.detail).to.deep.equal({ status: 'in-call', callId: 'call_test' });
    await el.updateComplete;
    expect(text()).to.contain('Hang up');
  });

  it('closing fires vitrina-close and hangs up a call still running', async () => {
    const call = new FakeCall();
    const { el, root } = await panelWith(call);
    setTimeout(() => (root.querySelector('header button') as HTMLButtonElement).click());
    await oneEvent(el, 'vitrina-close');
    expect(call.hungUp).to.equal(1);
  });
});
