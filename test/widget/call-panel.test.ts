import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/call-panel/call-panel-entry.js';
import { CallError } from '../../widget/call-core/call-error.js';
import { loadShopperCall } from '../../widget/call-core/load-shopper-call.js';
import type { CallStatus } from '../../widget/call-core/call-status.js';
import { Emitter } from '../../widget/call-core/emitter.js';
import type { CallSessionEvents } from '../../widget/call-core/call-session.js';
import type { PanelCall, VitrinaCallPanel } from '../../widget/call-panel/call-panel.js';
import type { VitrinaCallStage } from '../../widget/call-stage/call-stage.js';
import type { ChatMessage } from '../../server/contract/chat.js';
import type { Quality } from '../../widget/call-core/call-session.js';
import type { RemoteTrack } from 'livekit-client';
import type { VitrinaAddToCartEvent } from '../../widget/events.js';

/** Stands in for a shopper call so each view of the panel can be checked without a server. */
class FakeCall extends Emitter<CallSessionEvents> implements PanelCall {
  status: CallStatus = 'queued';
  error: CallError | undefined;
  localVideo = undefined;
  remoteVideo: RemoteTrack | undefined = undefined;
  remoteScreen: RemoteTrack | undefined = undefined;
  remoteAudio = undefined;
  cameraOn = true;
  microphoneOn = true;
  remoteCameraOn = true;
  callId = 'call_test';
  hungUp = 0;
  remoteMicrophoneMuted = false;
  remoteVideoPaused = false;
  peerPresent = true;
  quality: Quality = 'good';
  messages: ChatMessage[] = [];
  said: string[] = [];
  minimised = false;
  suspended = false;
  sharing: boolean[] = [];
  suspend() {
    this.suspended = true;
  }
  async setScreenShare(on: boolean) {
    this.sharing.push(on);
  }
  async say(text: string) {
    this.said.push(text);
    this.receive({ id: `msg_${this.said.length}`, callId: this.callId, at: Date.now(), seq: this.said.length, from: 'shopper', kind: 'text', text });
    return true;
  }
  receive(line: ChatMessage) {
    this.messages = [...this.messages, line];
    this.emit('chat', line);
  }
  /** Something about the media changed (a track came or went). */
  changed() {
    this.emit('media');
  }
  async setCamera(on: boolean) {
    this.cameraOn = on;
    this.emit('media');
  }
  async setMicrophone(on: boolean) {
    this.microphoneOn = on;
    this.emit('media');
  }
  endedHere = false;
  peerName: string | undefined;
  inCallSince: number | undefined;
  async hangUp() {
    this.hungUp += 1;
    this.endedHere = true;
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
  /** The shared stage draws its own lines and badges in a shadow root of its own. */
  const stage = async () => {
    const element = root.querySelector<VitrinaCallStage>('vitrina-call-stage')!;
    await element.updateComplete;
    return element.shadowRoot!;
  };
  return {
    el,
    root,
    stage,
    text: () => root.textContent ?? '',
    button: (action: string) => root.querySelector(`[data-action=${action}]`) as HTMLButtonElement,
  };
}

describe('<vitrina-call-panel>', () => {
  it('while queued: says so, announces it politely, and offers to leave the line; leaving is not "the call has ended"', async () => {
    const call = new FakeCall();
    const { el, root, text, button } = await panelWith(call);
    expect(text()).to.contain('Waiting for a consultant…');
    expect(root.querySelector('[role=status][aria-live=polite]')!.textContent).to.contain('Waiting for a consultant…');
    expect(button('cancel').textContent.trim()).to.equal('Leave the line');
    button('cancel').click();
    expect(call.hungUp).to.equal(1);
    await el.updateComplete;
    expect(text()).to.contain('You left the line.');
    expect(text()).to.not.contain('The call has ended.');
    expect(button('call-again').textContent.trim()).to.equal('Start again');
    button('call-again').click();
    await el.updateComplete;
    expect(el.call).to.equal(undefined, 'back in the lobby');
  });

  it('in a call: mic and camera toggles report their state, and hang up is there', async () => {
    const call = new FakeCall();
    call.status = 'in-call';
    const { el, button } = await panelWith(call);
    // The name stays; the state is aria-pressed ("Microphone, pressed" while it is on); the tooltip says what a click does.
    expect(button('microphone').getAttribute('aria-label')).to.equal('Microphone');
    expect(button('microphone').getAttribute('aria-pressed')).to.equal('true');
    expect(button('microphone').title).to.equal('Mute microphone');
    button('microphone').click();
    await el.updateComplete;
    expect(call.microphoneOn).to.equal(false);
    expect(button('microphone').getAttribute('aria-label')).to.equal('Microphone');
    expect(button('microphone').getAttribute('aria-pressed')).to.equal('false');
    expect(button('microphone').title).to.equal('Unmute microphone');
    expect(button('camera').getAttribute('aria-label')).to.equal('Camera');
    expect(button('camera').getAttribute('aria-pressed')).to.equal('true');
    expect(button('hang-up')).to.not.equal(null);
    await expect(el).shadowDom.to.be.accessible();
  });

  it("shows what to do when the camera was refused, in the shopper's language", async () => {
    const call = new FakeCall();
    call.status = 'failed';
    call.error = new CallError('permission-denied', 'denied');
    const en = await panelWith(call);
    expect(en.root.querySelector('[role=alert]')!.textContent).to.contain('Allow them in the address bar');
    const ru = await panelWith(call, 'ru');
    expect(ru.root.querySelector('[role=alert]')!.textContent).to.contain('Разрешите его в адресной строке');
  });

  it('camera or microphone refused: try again, go on with sound only, or ask for a call back; never a dead end', async () => {
    const call = new FakeCall();
    call.status = 'failed';
    call.error = new CallError('permission-denied', 'denied');
    const { el, root, button } = await panelWith(call);
    expect(['retry-call', 'sound-only', 'to-lobby', 'close'].map((a) => root.querySelector(`footer [data-action=${a}]`)?.textContent?.trim())).to.deep.equal([
      'Try again',
      'Continue with sound only',
      'Request a call back',
      'Close',
    ]);
    await expect(el).shadowDom.to.be.accessible();

    // What each new attempt asks the browser for; refused again, so nothing goes further.
    const asked: MediaStreamConstraints[] = [];
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      asked.push(constraints ?? {});
      throw new DOMException('denied', 'NotAllowedError');
    };
    try {
      // A page's lobby fetched the call's code long before this; a test fetches it here, so the click need not wait for it.
      await loadShopperCall();
      button('retry-call').click();
      await waitUntil(() => el.call !== call && el.call?.status === 'failed', 'tried again');
      expect(asked.map((c) => !!c.video)).to.deep.equal([true]);
      await el.updateComplete;
      button('sound-only').click();
      await waitUntil(() => asked.length === 2 && el.call?.status === 'failed', 'tried with sound only');
      expect(asked.map((c) => !!c.video)).to.deep.equal([true, false]);
      await el.updateComplete;
      expect(button('sound-only'), 'sound only was what failed').to.equal(null);
      button('to-lobby').click();
      await el.updateComplete;
      expect(el.call).to.equal(undefined);
      expect(el.shadowRoot!.querySelector('vitrina-callback-form')).to.not.equal(null);
    } finally {
      devices.getUserMedia = original;
    }
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

  it('× never ends a call: in line or in a call it makes the panel small; once the call is over it closes', async () => {
    for (const status of ['queued', 'ringing', 'in-call'] as const) {
      const call = new FakeCall();
      call.status = status;
      const { el, root, button } = await panelWith(call);
      expect(root.querySelector('[data-action=close]'), status).to.equal(null);
      const x = button('minimise');
      expect(x.textContent.trim()).to.equal('×');
      expect(x.getAttribute('aria-label')).to.equal('Make the call small and keep browsing');
      // A finger's size, where a wrong tap is likeliest.
      expect(x.getBoundingClientRect().width).to.be.at.least(44);
      expect(x.getBoundingClientRect().height).to.be.at.least(44);
      x.click();
      await el.updateComplete;
      expect(el.hasAttribute('minimised'), status).to.equal(true);
      expect(call.hungUp, status).to.equal(0);
    }
    const ended = new FakeCall();
    ended.status = 'ended';
    const { el, root } = await panelWith(ended);
    setTimeout(() => (root.querySelector('.head [data-action=close]') as HTMLButtonElement).click());
    await oneEvent(el, 'vitrina-close');
  });
});

describe('<vitrina-call-panel> in a call', () => {
  const sofa = { title: 'Linen sofa, grey', price: '€ 2,290', url: 'https://shop.test/p/sofa', productId: 'sofa-grey' };
  const inCall = () => {
    const call = new FakeCall();
    call.status = 'in-call';
    call.remoteVideo = { attach: (el: HTMLMediaElement) => el, detach: (el: HTMLMediaElement) => el } as unknown as RemoteTrack;
    return call;
  };

  it('opens the chat when the consultant sends a product; "Add to cart" says "Added" only when the shop\'s page confirms', async () => {
    const call = inCall();
    const { el, root } = await panelWith(call);
    expect(root.querySelector('[part=chat]')).to.equal(null, 'closed until something is said');
    call.receive({ id: 'msg_a', callId: call.callId, at: Date.now(), seq: 100, from: 'agent', name: 'Anna', kind: 'product', product: sofa });
    await el.updateComplete;
    const card = root.querySelector('[part=product-card]')!;
    expect(card.textContent).to.contain('Linen sofa, grey');
    expect(card.textContent).to.contain('€ 2,290');
    expect(card.querySelector('a')!.getAttribute('href')).to.equal(sofa.url);
    const cartButton = () => root.querySelector<HTMLButtonElement>('[part=product-card] [data-action=add-to-cart]')!;

    // The shop's page takes it, and answers a moment later.
    let respond: (added: boolean) => void = () => undefined;
    const shop = (e: Event) => {
      const event = e as VitrinaAddToCartEvent;
      event.preventDefault();
      respond = event.detail.respond;
    };
    document.addEventListener('vitrina-add-to-cart', shop);
    try {
      setTimeout(() => cartButton().click());
      const added = await oneEvent<VitrinaAddToCartEvent>(el, 'vitrina-add-to-cart');
      expect(added.detail.product).to.deep.equal(sofa);
      expect(added.detail.callId).to.equal('call_test');
      expect(added.composed, "reaches listeners on the shop's document").to.equal(true);
      await el.updateComplete;
      expect(cartButton().textContent.trim()).to.equal('Adding…');
      expect(cartButton().disabled).to.equal(true);
      expect(root.textContent).to.not.contain('was added to your cart');
      respond(true);
      await el.updateComplete;
      expect(cartButton().textContent.trim()).to.equal('Added ✓');
      expect(root.textContent).to.contain('Linen sofa, grey was added to your cart.');
      await expect(el).shadowDom.to.be.accessible();
    } finally {
      document.removeEventListener('vitrina-add-to-cart', shop);
    }
  });

  it('"Add to cart" on a shop that wired no cart opens the product page; a refusal says so and lets the shopper try again', async () => {
    const call = inCall();
    const { el, root } = await panelWith(call);
    call.receive({ id: 'msg_a', callId: call.callId, at: Date.now(), seq: 100, from: 'agent', name: 'Anna', kind: 'product', product: sofa });
    await el.updateComplete;
    const cartButton = () => root.querySelector<HTMLButtonElement>('[part=product-card] [data-action=add-to-cart]')!;
    const opened: unknown[][] = [];
    const open = window.open.bind(window);
    window.open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
    try {
      cartButton().click();
      // Another site's product: a new tab (the shop's own page would open in this one, and the call would follow).
      expect(opened).to.deep.equal([[sofa.url, '_blank', 'noopener']]);
    } finally {
      window.open = open;
    }
    const refuse = (e: Event) => {
      e.preventDefault();
      (e as VitrinaAddToCartEvent).detail.respond(false);
    };
    document.addEventListener('vitrina-add-to-cart', refuse);
    try {
      cartButton().click();
      await el.updateComplete;
      expect(root.textContent).to.contain('Linen sofa, grey could not be added to your cart.');
      expect(cartButton().disabled).to.equal(false);
    } finally {
      document.removeEventListener('vitrina-add-to-cart', refuse);
    }
  });

  it('sends what the shopper writes, and counts unread lines while the chat is closed', async () => {
    const call = inCall();
    const { el, root, button } = await panelWith(call);
    button('chat').click();
    await el.updateComplete;
    const input = root.querySelector('.chat input') as HTMLInputElement;
    input.value = 'Is there a grey one?';
    (root.querySelector('.chat form') as HTMLFormElement).requestSubmit();
    await el.updateComplete;
    expect(call.said).to.deep.equal(['Is there a grey one?']);
    expect(root.querySelector('[role=log]')!.textContent).to.contain('Is there a grey one?');
    button('chat').click();
    call.receive({ id: 'msg_b', callId: call.callId, at: Date.now(), seq: 101, from: 'agent', name: 'Anna', kind: 'text', text: 'Yes!' });
    await el.updateComplete;
    expect(button('chat').getAttribute('aria-label')).to.equal('Chat, 1 new message');
  });

  it("lets the shop style the consultant's video through the panel (::part crosses the shared stage)", async () => {
    const style = document.createElement('style');
    style.textContent = 'vitrina-call-panel::part(video-remote) { outline: 3px solid rgb(255, 0, 0); }';
    document.head.append(style);
    try {
      const { stage } = await panelWith(inCall());
      const video = (await stage()).querySelector('[part=video-remote]')!;
      expect(getComputedStyle(video).outlineColor).to.equal('rgb(255, 0, 0)');
    } finally {
      style.remove();
    }
  });

  it("shows the consultant's muted microphone, a paused picture and the connection, in words too", async () => {
    const call = inCall();
    call.remoteMicrophoneMuted = true;
    call.remoteVideoPaused = true;
    call.quality = 'poor';
    const { root, stage } = await panelWith(call, 'ru');
    expect((await stage()).querySelector('[data-testid=peer-muted]')!.getAttribute('aria-label')).to.equal('У консультанта выключен микрофон');
    expect(root.querySelector('[data-testid=quality]')!.getAttribute('aria-label')).to.equal('Связь: плохая');
    const en = await panelWith(call);
    expect((await en.stage()).textContent).to.contain('the video is paused. You can still talk.');
  });

  it('grows to a large stage while the consultant shares a screen, and back when they stop', async () => {
    const call = inCall();
    const { el } = await panelWith(call);
    const narrow = el.getBoundingClientRect().width;
    call.remoteScreen = { attach: (v: HTMLMediaElement) => v, detach: (v: HTMLMediaElement) => v } as unknown as RemoteTrack;
    call.changed();
    await el.updateComplete;
    expect(el.hasAttribute('wide')).to.equal(true);
    expect(el.getBoundingClientRect().width).to.be.greaterThan(narrow * 1.5);
    call.remoteScreen = undefined;
    call.changed();
    await el.updateComplete;
    expect(el.hasAttribute('wide')).to.equal(false);
    expect(el.getBoundingClientRect().width).to.equal(narrow);
  });

  it('after the end the keyboard goes to what comes next: the rating after a call, "Start again" after leaving the line', async () => {
    const call = Object.assign(inCall(), { wasInCall: true, rate: async () => true });
    const { el, root } = await panelWith(call);
    root.querySelector<HTMLButtonElement>('[data-action=hang-up]')!.focus();
    call.move('ended');
    await el.updateComplete;
    await el.updateComplete;
    expect(root.activeElement?.getAttribute('aria-label')).to.equal('1 of 5');

    const waiting = new FakeCall();
    const left = await panelWith(waiting);
    left.button('cancel').click();
    await left.el.updateComplete;
    await left.el.updateComplete;
    expect(left.root.activeElement).to.equal(left.button('call-again'));
  });

  it('names the consultant and counts the call’s length in the title bar', async () => {
    const call = inCall();
    call.peerName = 'Anna Berg';
    call.inCallSince = Date.now() - 65_000;
    const { root } = await panelWith(call);
    const who = root.querySelector('[data-testid=talking-to]')!;
    expect(who.querySelector('.avatar')!.textContent).to.equal('AB');
    expect(who.querySelector('.name')!.textContent).to.equal('Anna Berg');
    expect(who.querySelector('[role=timer]')!.textContent).to.equal('1:05');
    expect(who.querySelector('[role=timer]')!.getAttribute('aria-label')).to.equal('Call length 1 min 5 s');
    await waitUntil(() => who.querySelector('[role=timer]')!.textContent === '1:06', 'the timer ticks', { timeout: 2500 });
  });

  it('minimises to a small view that keeps hang-up and mute, and remembers it on the call', async () => {
    const call = inCall();
    const { el, root, button } = await panelWith(call);
    button('minimise').click();
    await el.updateComplete;
    expect(el.hasAttribute('minimised')).to.equal(true);
    expect(call.minimised).to.equal(true, 'kept for the next page');
    expect(root.querySelector('.mini')).to.not.equal(null);
    expect(button('hang-up')).to.not.equal(null);
    expect(button('microphone')).to.not.equal(null);
    expect(root.activeElement ?? null).to.equal(button('expand'));
    await expect(el).shadowDom.to.be.accessible();
    button('expand').click();
    await el.updateComplete;
    expect(el.hasAttribute('minimised')).to.equal(false);
  });

  it('lets go of the call when the page goes away (pagehide), without hanging up', async () => {
    const call = inCall();
    await panelWith(call);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(call.suspended).to.equal(true);
    expect(call.hungUp).to.equal(0);
  });

  it('offers screen sharing only where the browser can share a screen (iPhone Safari cannot)', async () => {
    const withShare = await panelWith(inCall());
    expect(withShare.button('share-screen')).to.not.equal(null);
    const devices = navigator.mediaDevices;
    const own = Object.getOwnPropertyDescriptor(devices, 'getDisplayMedia');
    Object.defineProperty(devices, 'getDisplayMedia', { value: undefined, configurable: true });
    try {
      const without = await panelWith(inCall());
      expect(without.button('share-screen')).to.equal(null);
    } finally {
      if (own) Object.defineProperty(devices, 'getDisplayMedia', own);
      else delete (devices as { getDisplayMedia?: unknown }).getDisplayMedia;
    }
  });

  it('Escape shrinks a running call instead of hanging up', async () => {
    const call = inCall();
    const { el, root } = await panelWith(call);
    root.querySelector('[data-action=microphone]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.hasAttribute('minimised')).to.equal(true);
    expect(call.hungUp).to.equal(0);
  });
});

describe('<vitrina-call-panel> before a call', () => {
  const anna = { id: 'agent_aaaaaaaaaaaaaaaaaaaaaa', name: 'Anna', initials: 'A', languages: ['en', 'ru'], status: 'available' as const };
  const boris = { id: 'agent_bbbbbbbbbbbbbbbbbbbbbb', name: 'Boris', initials: 'B', languages: ['en'], status: 'busy' as const };
  const olga = { id: 'agent_cccccccccccccccccccccc', name: 'Olga', initials: 'O', languages: ['ru'], status: 'away' as const };
  const open = { open: true, timeZone: 'UTC', online: 2, available: 1, consultants: [anna, boris, olga] };
  const server = 'http://127.0.0.1:9';

  afterEach(() => localStorage.removeItem(`vitrina:last-consultant:${server}`));

  async function lobby(queue: object) {
    const el = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel .server=${server} .queue=${queue}></vitrina-call-panel>`);
    return { el, root: el.shadowRoot!, text: () => el.shadowRoot!.textContent ?? '' };
  }

  it('offers the first available consultant, and lists who is there with their status; nobody away can be picked', async () => {
    const { root, text } = await lobby(open);
    expect(text()).to.contain('1 consultant free now');
    expect(root.querySelector('[data-action=call-first]')!.classList.contains('primary')).to.equal(true);
    const cards = [...root.querySelectorAll<HTMLButtonElement>('button.consultant')];
    const parts = (c: Element) => ['.avatar', 'strong', 'small', '.state'].map((sel) => c.querySelector(sel)!.textContent.trim());
    expect(cards.map(parts)).to.deep.equal([
      ['A', 'Anna', 'EN · RU', 'Available'],
      ['B', 'Boris', 'EN', 'In a call'],
      ['O', 'Olga', 'RU', 'Away'],
    ]);
    expect(cards.map((c) => c.disabled)).to.deep.equal([false, false, true]);
    expect(root.querySelector('[data-action=call-again]')).to.equal(null);
  });

  it('says so when everyone online is busy, and about how long the wait is; never "online" for a consultant in a call', async () => {
    const busy = { ...open, online: 1, available: 0, waitMs: 150_000, consultants: [{ ...anna, status: 'busy' as const }, olga] };
    const { root, text } = await lobby(busy);
    const said = root.querySelector('[data-testid=availability]')!;
    expect(said.textContent.trim()).to.equal('All our consultants are busy: about 3 min wait');
    expect(said.classList.contains('busy')).to.equal(true);
    expect(text()).to.not.contain('online');
    expect(root.querySelector('[data-action=call-first]'), 'the line is still open to join').to.not.equal(null);
    const ru = await fixture<VitrinaCallPanel>(html`<vitrina-call-panel lang="ru" .server=${server} .queue=${busy}></vitrina-call-panel>`);
    expect(ru.shadowRoot!.querySelector('[data-testid=availability]')!.textContent.trim()).to.equal('Все консультанты заняты: ожидание около 3 мин');
  });

  it('offers a returning shopper the consultant they talked to, unless that one is away', async () => {
    localStorage.setItem(`vitrina:last-consultant:${server}`, JSON.stringify({ id: boris.id, name: 'Boris' }));
    const { root } = await lobby(open);
    expect(root.querySelector('[data-action=call-again]')!.textContent).to.contain('Call Boris again');
    localStorage.setItem(`vitrina:last-consultant:${server}`, JSON.stringify({ id: olga.id, name: 'Olga' }));
    const later = await lobby(open);
    expect(later.root.querySelector('[data-action=call-again]')).to.equal(null);
  });

  it('when closed, says when calls open and shows the call-back form instead of call buttons', async () => {
    const { root, text } = await lobby({ ...open, open: false, closedReason: 'hours', opensAt: '2026-11-30T08:00:00Z', online: 0 });
    expect(text()).to.contain('Our consultants are not available right now.');
    expect(text()).to.match(/We are back Monday/);
    expect(root.querySelector('[data-action=call-first]')).to.equal(null);
    const form = root.querySelector('vitrina-callback-form')!;
    await (form as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(form.shadowRoot!.querySelector('input[name=phone]')).to.not.equal(null);
  });

  it('while waiting for a chosen consultant: place, wait, and a way to take anyone instead', async () => {
    const call = new FakeCall() as FakeCall & { place?: object; switchToAnyone?: () => Promise<void> };
    let switched = 0;
    call.place = { position: 2, etaMs: 240_000, waitingFor: { id: boris.id, name: 'Boris', status: 'busy' } };
    call.switchToAnyone = async () => void (switched += 1);
    const { root, text } = await panelWith(call);
    expect(text()).to.contain('You are number 2 in line.');
    expect(text()).to.contain('Estimated wait: about 4 minutes');
    expect(text()).to.contain('Waiting for Boris, who is in another call.');
    // The heading names him, not "a consultant".
    expect(root.querySelector('[role=status]')!.textContent).to.equal('Waiting for Boris…');
    expect(text()).to.not.contain('Waiting for a consultant');
    const sw = root.querySelector('[data-action=switch]') as HTMLButtonElement;
    expect(sw.classList.contains('primary')).to.equal(false);
    sw.click();
    expect(switched).to.equal(1);
  });

  it('tells a shopper waiting for a busy chosen consultant the moment someone else is free, and offers them', async () => {
    const call = new FakeCall() as FakeCall & { place?: object; switchToAnyone?: () => Promise<void> };
    call.place = { position: 1, waitingFor: { id: boris.id, name: 'Boris', status: 'busy' } };
    const { root, el, text } = await panelWith(call);
    expect(root.querySelector('[data-testid=others-free]')).to.equal(null);
    call.place = { position: 1, waitingFor: { id: boris.id, name: 'Boris', status: 'busy' }, othersFree: 1 };
    el.requestUpdate();
    await el.updateComplete;
    expect(root.querySelector('[data-testid=others-free]')?.getAttribute('role')).to.equal('status');
    expect(text()).to.contain('Another consultant is free right now.');
    const sw = root.querySelector('[data-action=switch]') as HTMLButtonElement;
    expect([sw.textContent?.trim(), sw.classList.contains('primary')]).to.deep.equal(['Talk to a free consultant now', true]);
    // Boris free again: he is being rung, so the others are no news.
    call.place = { position: 1, waitingFor: { id: boris.id, name: 'Boris', status: 'available' }, othersFree: 1 };
    el.requestUpdate();
    await el.updateComplete;
    expect(root.querySelector('[data-testid=others-free]')).to.equal(null);
  });
});
