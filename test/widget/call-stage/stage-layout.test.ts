import { expect } from '@open-wc/testing';
import { CALL_STATUSES } from '../../../widget/call-core/call-status.js';
import { stageLayout, type StageFacts } from '../../../widget/call-stage/stage-layout.js';

/** A call answered and going well: both cameras on, the other side present. */
const talking: StageFacts = { status: 'in-call', hasLocalVideo: true, hasRemoteVideo: true, hasRemoteScreen: false, remoteCameraOn: true, peerPresent: true };

describe('stageLayout', () => {
  it('in a good call: their face large, ours in the corner, nothing written over it', () => {
    expect(stageLayout(talking)).to.deep.equal({
      main: 'camera',
      peerFace: false,
      self: 'corner',
      message: undefined,
      spinner: false,
      peerMuted: false,
      tapToHear: false,
    });
  });

  it('a shared screen takes the stage, and their face stays beside it while their camera is on', () => {
    expect(stageLayout({ ...talking, hasRemoteScreen: true })).to.include({ main: 'screen', peerFace: true });
    expect(stageLayout({ ...talking, hasRemoteScreen: true, remoteCameraOn: false }).peerFace).to.equal(false);
    expect(stageLayout({ ...talking, hasRemoteScreen: true, hasRemoteVideo: false }).peerFace).to.equal(false);
    // Their camera off while they share is no news: the screen is what they show.
    expect(stageLayout({ ...talking, hasRemoteScreen: true, remoteCameraOn: false }).message).to.equal(undefined);
  });

  it('says one thing at a time, the one that explains the others first', () => {
    const everythingWrong: StageFacts = { ...talking, mediaInterrupted: true, peerPresent: false, remoteVideoPaused: true, remoteCameraOn: false };
    expect(stageLayout(everythingWrong).message).to.equal('reconnecting');
    expect(stageLayout({ ...everythingWrong, mediaInterrupted: false }).message).to.equal('peer-away');
    expect(stageLayout({ ...everythingWrong, mediaInterrupted: false, peerPresent: true }).message).to.equal('video-paused');
    expect(stageLayout({ ...talking, remoteCameraOn: false }).message).to.equal('peer-camera-off');
    expect(stageLayout({ ...talking, status: 'reconnecting' })).to.include({ message: 'reconnecting', spinner: true, main: 'camera' });
  });

  it('sound only: no picture expected from them, and no "waiting for video"', () => {
    const soundOnly = { ...talking, audioOnly: true, hasRemoteVideo: false, hasLocalVideo: false };
    expect(stageLayout(soundOnly)).to.include({ main: undefined, self: undefined, message: 'sound-only' });
    expect(stageLayout({ ...soundOnly, hasRemoteScreen: true })).to.include({ main: 'screen', message: undefined });
  });

  it('until their picture arrives our own view fills the stage', () => {
    expect(stageLayout({ ...talking, hasRemoteVideo: false })).to.include({ main: undefined, self: 'full', message: 'waiting-for-video' });
    expect(stageLayout({ ...talking, status: 'connecting', hasRemoteVideo: false })).to.include({ self: 'full', message: 'connecting', spinner: true });
    // Connecting with their picture already there (a console reload into a live call): nothing to say.
    expect(stageLayout({ ...talking, status: 'connecting' }).message).to.equal(undefined);
  });

  it('shows their muted microphone only while both are in the call', () => {
    expect(stageLayout({ ...talking, remoteMicrophoneMuted: true }).peerMuted).to.equal(true);
    expect(stageLayout({ ...talking, status: 'reconnecting', remoteMicrophoneMuted: true }).peerMuted).to.equal(true);
    expect(stageLayout({ ...talking, status: 'connecting', remoteMicrophoneMuted: true }).peerMuted).to.equal(false);
    expect(stageLayout({ ...talking, status: 'ended', remoteMicrophoneMuted: true }).peerMuted).to.equal(false);
  });

  it('before an answer and after the end the host speaks, and only a call still coming spins', () => {
    for (const status of ['idle', 'requesting', 'queued', 'ringing'] as const) {
      expect(stageLayout({ ...talking, status }), status).to.deep.equal({
        main: undefined,
        peerFace: false,
        self: 'full',
        message: 'status',
        spinner: true,
        peerMuted: false,
        tapToHear: false,
      });
    }
    for (const status of ['ended', 'failed'] as const) {
      expect(stageLayout({ ...talking, status }), status).to.deep.equal({
        main: undefined,
        peerFace: false,
        self: undefined,
        message: 'status',
        spinner: false,
        peerMuted: false,
        tapToHear: false,
      });
    }
  });

  it('asks for a tap while the browser will not play their sound, in a call only', () => {
    expect(stageLayout({ ...talking, audioBlocked: true }).tapToHear).to.equal(true);
    expect(stageLayout({ ...talking, status: 'reconnecting', audioBlocked: true }).tapToHear).to.equal(true);
    expect(stageLayout({ ...talking, status: 'ended', audioBlocked: true }).tapToHear).to.equal(false);
    expect(stageLayout(talking).tapToHear).to.equal(false);
  });

  it('never shows a picture that is not there', () => {
    for (const status of CALL_STATUSES) {
      const layout = stageLayout({ status, hasLocalVideo: false, hasRemoteVideo: false, hasRemoteScreen: false, remoteCameraOn: false });
      expect(layout.main, status).to.equal(undefined);
      expect(layout.self, status).to.equal(undefined);
    }
  });
});
