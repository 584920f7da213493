import { expect, fixture, html } from '@open-wc/testing';
import type { LocalVideoTrack, RemoteTrack } from 'livekit-client';
import '../../../widget/call-panel/call-panel-entry.js';
import type { CallStatus } from '../../../widget/call-core/call-status.js';
import type { CallSessionEvents } from '../../../widget/call-core/call-session.js';
import { Emitter } from '../../../widget/call-core/emitter.js';
import type { StageCall, StageLabels, VitrinaCallStage } from '../../../widget/call-stage/call-stage.js';

/** Just enough of a LiveKit track for a media view to attach. */
const fakeTrack = () => ({ attach: (el: HTMLMediaElement) => el, detach: (el: HTMLMediaElement) => el, isMuted: false });
const track = () => fakeTrack() as unknown as RemoteTrack;
const ownCamera = () => fakeTrack() as unknown as LocalVideoTrack;

class FakeCall extends Emitter<CallSessionEvents> implements StageCall {
  status: CallStatus = 'in-call';
  localVideo: LocalVideoTrack | undefined = ownCamera();
  remoteVideo: RemoteTrack | undefined = track();
  remoteScreen: RemoteTrack | undefined;
  remoteAudio: RemoteTrack | undefined = track();
  standbyVideo: RemoteTrack | undefined;
  remoteCameraOn = true;
  remoteMicrophoneMuted = false;
  peerPresent = true;
  audioBlocked = false;
  startedAudio = 0;

  async startAudio(): Promise<void> {
    this.startedAudio += 1;
    this.audioBlocked = false;
    this.changed();
  }

  /** As the session does: the getters changed, read them again. */
  changed(): void {
    this.emit('media');
  }
  answered(): void {
    this.status = 'in-call';
    this.emit('status', 'in-call', 'ringing');
  }
  end(): void {
    const previous = this.status;
    this.status = 'ended';
    this.emit('status', 'ended', previous);
  }
}

const labels: StageLabels = {
  peer: 'Shopper',
  peerScreen: 'The shopper’s screen',
  you: 'You',
  peerMuted: 'Shopper muted',
  tapToHear: 'Click to hear the shopper',
  fullScreen: 'Full screen',
  zoomScreen: 'Enlarge the screen',
  messages: {
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    'peer-away': 'The shopper is away',
    'sound-only': 'Sound only',
    'waiting-for-video': 'Waiting for video',
    'video-paused': 'Video paused',
    'peer-camera-off': 'Camera off',
  },
};

async function stageWith(call: FakeCall) {
  const el = await fixture<VitrinaCallStage>(html`<vitrina-call-stage .call=${call} .labels=${labels}><b class="words">In line: 2nd</b></vitrina-call-stage>`);
  const root = el.shadowRoot!;
  return { el, root, views: () => [...root.querySelectorAll('vitrina-media-view')].map((v) => `${v.className || v.getAttribute('kind')}`) };
}

describe('<vitrina-call-stage>', () => {
  it('lays out their face, their sound and our corner view, each a themable part', async () => {
    const { root, views } = await stageWith(new FakeCall());
    expect(views()).to.deep.equal(['remote', 'audio', 'self corner']);
    expect(root.querySelector('[part=video-remote]')!.getAttribute('label')).to.equal('Shopper');
    expect(root.querySelector('[part=video-self]')!.hasAttribute('mirror')).to.equal(true);
    expect(root.querySelector('[part=message]')).to.equal(null);
  });

  it('follows the call by itself: a shared screen, a muted microphone and a camera turned off show as they happen', async () => {
    const call = new FakeCall();
    const { el, root, views } = await stageWith(call);
    call.remoteScreen = track();
    call.remoteMicrophoneMuted = true;
    call.changed();
    await el.updateComplete;
    // The screen large, their face still beside it, ours in the corner.
    expect(views()).to.deep.equal(['remote screen', 'face', 'audio', 'self corner']);
    expect(root.querySelector('[part=video-screen]')!.getAttribute('label')).to.equal('The shopper’s screen');
    expect(root.querySelector('.face')!.getAttribute('part')).to.equal('video-remote');
    // Small print: enlarged in place, to pan around; or the whole display.
    const zoom = root.querySelector<HTMLButtonElement>('[data-action=zoom-screen]')!;
    zoom.click();
    await el.updateComplete;
    expect(zoom.getAttribute('aria-pressed')).to.equal('true');
    const box = root.querySelector<HTMLElement>('[data-testid=screen-box]')!;
    expect(getComputedStyle(box).overflow).to.equal('auto');
    expect(root.querySelector('.screen')!.getBoundingClientRect().width).to.be.greaterThan(box.getBoundingClientRect().width * 2);
    expect(root.querySelector('[data-action=full-screen]')!.getAttribute('aria-label')).to.equal('Full screen');
    expect(root.querySelector('[data-testid=peer-muted]')!.getAttribute('aria-label')).to.equal('Shopper muted');
    call.remoteScreen = undefined;
    call.remoteCameraOn = false;
    call.changed();
    await el.updateComplete;
    expect(root.querySelector('[data-testid=peer-camera-off]')!.textContent).to.contain('Camera off');
  });

  it('gives the middle of the stage to the host before an answer, with a spinner, and our view full size', async () => {
    const call = new FakeCall();
    call.status = 'queued';
    call.remoteVideo = undefined;
    const { el, root, views } = await stageWith(call);
    expect(views()).to.deep.equal(['audio', 'self full']);
    const slot = root.querySelector<HTMLSlotElement>('[part=message] slot:not([name])')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['In line: 2nd']);
    expect(root.querySelector('.spinner')).to.not.equal(null);
    call.end();
    await el.updateComplete;
    expect(views()).to.deep.equal(['audio']);
    expect(root.querySelector('.spinner')).to.equal(null);
  });

  it('plays the ringing side’s held camera out of sight, and shows that same element at the answer', async () => {
    const call = new FakeCall();
    call.status = 'ringing';
    call.remoteVideo = undefined;
    const preview = track();
    const attachedTo: HTMLMediaElement[] = [];
    preview.attach = ((el: HTMLMediaElement) => (attachedTo.push(el), el)) as RemoteTrack['attach'];
    call.standbyVideo = preview;
    const { el, root, views } = await stageWith(call);
    expect(views()).to.deep.equal(['remote standby', 'audio', 'self full']);
    const standby = root.querySelector<HTMLElement>('vitrina-media-view.standby')!;
    expect(getComputedStyle(standby).visibility).to.equal('hidden');
    // Not a part while hidden: the host's theme must not be able to show it.
    expect(root.querySelector('[part=video-remote]')).to.equal(null);
    expect(attachedTo).to.have.length(1);

    // Answered: the session adopts the same track as their camera.
    call.remoteVideo = preview;
    call.standbyVideo = undefined;
    call.answered();
    await el.updateComplete;
    const shown = root.querySelector<HTMLElement>('[part=video-remote]')!;
    expect(shown).to.equal(standby);
    expect(views()).to.deep.equal(['remote', 'audio', 'self corner']);
    expect(getComputedStyle(shown).visibility).to.equal('visible');
    // Not attached again: the element has been playing since the ring.
    expect(attachedTo).to.have.length(1);
  });

  it('offers a tap to hear while the browser holds their sound back, and the tap plays it', async () => {
    const call = new FakeCall();
    call.audioBlocked = true;
    const { el, root } = await stageWith(call);
    const button = root.querySelector<HTMLButtonElement>('[data-action=tap-to-hear]')!;
    expect(button.textContent).to.contain('Click to hear the shopper');
    await expect(el).shadowDom.to.be.accessible();
    button.click();
    await el.updateComplete;
    expect(call.startedAudio).to.equal(1);
    expect(root.querySelector('[data-action=tap-to-hear]')).to.equal(null);
  });

  it('is accessible, and lets a compact tile drop our own view', async () => {
    const { el } = await stageWith(new FakeCall());
    await expect(el).shadowDom.to.be.accessible();
    el.compact = true;
    await el.updateComplete;
    expect(getComputedStyle(el.shadowRoot!.querySelector('.self')!).display).to.equal('none');
  });
});
