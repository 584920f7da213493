import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../widget/call-panel/call-panel-entry.js';
import type { CallError } from '../../../widget/call-core/call-error.js';
import type { CallStatus } from '../../../widget/call-core/call-status.js';
import { Emitter } from '../../../widget/call-core/emitter.js';
import type { CallSessionEvents } from '../../../widget/call-core/call-session.js';
import type { PanelCall, VitrinaCallPanel } from '../../../widget/call-panel/call-panel.js';
import type { ChatMessage } from '../../../server/contract/chat.js';

/** A shopper's chat call without a server: what the panel shows for each step towards video. */
class FakeChatCall extends Emitter<CallSessionEvents> implements PanelCall {
  status: CallStatus = 'in-call';
  error: CallError | undefined;
  localVideo = undefined;
  remoteVideo = undefined;
  remoteScreen = undefined;
  remoteAudio = undefined;
  cameraOn = false;
  microphoneOn = false;
  remoteCameraOn = false;
  callId = 'call_test';
  peerName = 'Anna';
  peerPresent = true;
  chatOnly = true;
  videoRequest: 'mine' | 'theirs' | undefined;
  videoDeclined = false;
  messages: ChatMessage[] = [];
  said: string[] = [];
  steps: string[] = [];
  async say(text: string) {
    this.said.push(text);
    return true;
  }
  async askVideo() {
    this.steps.push('ask');
  }
  async answerVideo(accept: boolean) {
    this.steps.push(accept ? 'accept' : 'decline');
  }
  async setCamera() {}
  async setMicrophone() {}
  async hangUp() {
    this.status = 'ended';
    this.emit('status', 'ended', 'in-call');
  }
  /** The room said something new (an ask, an answer, video on). */
  changed(patch: Partial<Pick<FakeChatCall, 'chatOnly' | 'videoRequest' | 'videoDeclined'>>) {
    Object.assign(this, patch);
    this.emit('media');
  }
}

async function panelWith(call: FakeChatCall, lang = 'en') {
  const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel lang=${lang} .call=${call}></vitrina-call-panel>`);
  const root = el.shadowRoot!;
  return {
    el,
    root,
    text: () => root.textContent ?? '',
    button: (action: string) => root.querySelector<HTMLButtonElement>(`[data-action=${action}]`),
  };
}

describe('<vitrina-call-panel> in a call by text chat', () => {
  it('shows the conversation as the main view: no picture, no camera or microphone buttons, a way to ask for video', async () => {
    const call = new FakeChatCall();
    const { el, root, button } = await panelWith(call);
    expect(root.querySelector('vitrina-call-stage'), 'no black stage').to.equal(null);
    expect(root.querySelector('.chat-main .chat form'), 'the chat is open without a click').to.not.equal(null);
    expect(button('microphone')).to.equal(null);
    expect(button('camera')).to.equal(null);
    expect(button('chat'), 'no toggle: the chat is always there').to.equal(null);
    expect(button('hang-up')).to.not.equal(null);
    button('switch-to-video')!.click();
    expect(call.steps).to.deep.equal(['ask']);

    const input = root.querySelector<HTMLInputElement>('.chat input')!;
    input.value = 'Is it dimmable?';
    root.querySelector<HTMLFormElement>('.chat form')!.requestSubmit();
    await waitUntil(() => call.said.length === 1, 'the line was sent');
    expect(call.said).to.deep.equal(['Is it dimmable?']);
    await expect(el).shadowDom.to.be.accessible();
  });

  it("asks the shopper when the consultant wants video: Accept or Not now, and each goes to the server's side of the call", async () => {
    const call = new FakeChatCall();
    const { el, root, text, button } = await panelWith(call);
    expect(root.querySelector('.video-offer')).to.equal(null);
    call.changed({ videoRequest: 'theirs' });
    await el.updateComplete;
    expect(text()).to.contain('The consultant asks to switch to video');
    expect(root.querySelector('.video-offer [role=alert]'), 'announced at once').to.not.equal(null);
    await expect(el).shadowDom.to.be.accessible();
    button('decline-video')!.click();
    button('accept-video')!.click();
    expect(call.steps).to.deep.equal(['decline', 'accept']);
  });

  it('says when its own ask waits and when it was turned down, and turns into a video call with the chat still open', async () => {
    const call = new FakeChatCall();
    const { el, root, text, button } = await panelWith(call);
    call.changed({ videoRequest: 'mine' });
    await el.updateComplete;
    expect(text()).to.contain('Waiting for the consultant to agree to video');
    expect(button('switch-to-video')!.disabled, 'asked once is enough').to.equal(true);
    call.changed({ videoRequest: undefined, videoDeclined: true });
    await el.updateComplete;
    expect(text()).to.contain('The consultant would rather keep to the chat for now.');
    expect(button('switch-to-video')!.disabled).to.equal(false);

    call.changed({ chatOnly: false, videoDeclined: false });
    await el.updateComplete;
    expect(root.querySelector('vitrina-call-stage'), 'video now: the stage is back').to.not.equal(null);
    expect(button('camera')).to.not.equal(null);
    expect(button('switch-to-video')).to.equal(null);
    expect(root.querySelector('.chat form'), 'what was typed stays in view').to.not.equal(null);
  });

  it('says it all in Russian', async () => {
    const call = new FakeChatCall();
    call.videoRequest = 'theirs';
    const { text, button } = await panelWith(call, 'ru');
    expect(text()).to.contain('Консультант предлагает перейти на видео');
    expect(button('accept-video')!.textContent.trim()).to.equal('Принять');
    expect(button('decline-video')!.textContent.trim()).to.equal('Не сейчас');
    expect(button('switch-to-video')!.textContent.trim()).to.equal('Перейти на видео');
  });
});

describe('<vitrina-call-panel> lobby: chat by text instead', () => {
  const anna = { id: 'agent_aaaaaaaaaaaaaaaaaaaaaa', name: 'Anna', initials: 'A', languages: ['en'], status: 'available' as const };
  const olga = { id: 'agent_cccccccccccccccccccccc', name: 'Olga', initials: 'O', languages: ['ru'], status: 'away' as const };
  const open = { open: true, timeZone: 'UTC', online: 2, available: 1, consultants: [anna, olga] };
  const server = 'http://127.0.0.1:9';

  /** Counts what the panel asks of the browser's devices and of our server (which answers 503). */
  function watchDevicesAndServer() {
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    const originalFetch = window.fetch.bind(window);
    const originalQuery = navigator.permissions.query.bind(navigator.permissions);
    const asked: MediaStreamConstraints[] = [];
    const created: unknown[] = [];
    // A shopper the browser has yet to ask: the devices come before the call is created.
    navigator.permissions.query = () => Promise.resolve({ state: 'prompt' } as PermissionStatus);
    devices.getUserMedia = async (constraints) => {
      asked.push(constraints ?? {});
      throw new DOMException('refused in this test', 'NotAllowedError');
    };
    window.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.endsWith('/api/calls') && init?.method === 'POST') created.push(JSON.parse(init.body as string));
      return new Response(JSON.stringify({ error: { code: 'media-unavailable', message: 'not in this test' } }), { status: 503 });
    };
    return {
      asked,
      created,
      restore() {
        devices.getUserMedia = original;
        window.fetch = originalFetch;
        navigator.permissions.query = originalQuery;
      },
    };
  }

  async function lobby(lang = 'en') {
    const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel lang=${lang} .server=${server} .queue=${open}></vitrina-call-panel>`);
    return { el, root: el.shadowRoot!, button: (sel: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(sel)! };
  }

  it('offers it beside the call buttons, for the first available and for each consultant by name, in both languages', async () => {
    const { el, button } = await lobby();
    expect(button('[data-action=chat-first]').textContent.trim()).to.equal('Chat by text instead');
    expect(button(`[data-chat-consultant=${anna.id}]`).getAttribute('aria-label')).to.equal('Chat by text with Anna');
    expect(button(`[data-chat-consultant=${olga.id}]`).disabled, 'nobody away').to.equal(true);
    await expect(el).shadowDom.to.be.accessible();
    const ru = await lobby('ru');
    expect(ru.button('[data-action=chat-first]').textContent.trim()).to.equal('Написать в чат');
    expect(ru.button(`[data-chat-consultant=${anna.id}]`).getAttribute('aria-label')).to.equal('Написать в чат: Anna');
  });

  it('a chat asks for no camera and no microphone at all, and asks the server for a chat call (a video call does ask)', async () => {
    const watch = watchDevicesAndServer();
    try {
      const first = await lobby();
      first.button('[data-action=chat-first]').click();
      await waitUntil(() => watch.created.length === 1, 'the call was asked for');
      expect(watch.created[0]).to.deep.include({ kind: 'chat' });
      expect(watch.created[0]).to.not.have.property('agentId');

      const chosen = await lobby();
      chosen.button(`[data-chat-consultant=${anna.id}]`).click();
      await waitUntil(() => watch.created.length === 2, 'the call with Anna was asked for');
      expect(watch.created[1]).to.deep.include({ kind: 'chat', agentId: anna.id });
      expect(watch.asked, 'getUserMedia was never called for a chat').to.deep.equal([]);

      // Not vacuous: the same lobby's video call goes to the devices first (refused here, so no call is made).
      const video = await lobby();
      video.button('[data-action=call-first]').click();
      await waitUntil(() => watch.asked.length > 0, 'the video call asked for the devices');
      expect(watch.created).to.have.length(2);
    } finally {
      watch.restore();
    }
  });
});
