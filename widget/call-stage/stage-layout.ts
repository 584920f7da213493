import { isLive, type CallStatus } from '../call-core/call-status.js';

/** What the stage knows of a call: which pictures exist and what state each side is in. */
export interface StageFacts {
  status: CallStatus;
  hasLocalVideo: boolean;
  hasRemoteVideo: boolean;
  hasRemoteScreen: boolean;
  remoteCameraOn: boolean;
  remoteMicrophoneMuted?: boolean | undefined;
  remoteVideoPaused?: boolean | undefined;
  mediaInterrupted?: boolean | undefined;
  peerPresent?: boolean | undefined;
  audioOnly?: boolean | undefined;
  /** The browser will not play their sound until we tap. */
  audioBlocked?: boolean | undefined;
}

/**
 * The line over the picture. `status` means the stage has nothing of its own to say before the
 * call is answered or after it ended: the host's words (place in line, the rating) show there.
 */
export type StageMessage = 'status' | 'connecting' | 'reconnecting' | 'peer-away' | 'sound-only' | 'waiting-for-video' | 'video-paused' | 'peer-camera-off';

export interface StageLayout {
  /** What fills the stage: the other side's shared screen, else their camera. */
  main: 'screen' | 'camera' | undefined;
  /** Their face stays in view, small, while their shared screen fills the stage. */
  peerFace: boolean;
  /** Our own camera: small in a corner over the other side, or filling the stage while nothing else does. */
  self: 'corner' | 'full' | undefined;
  message: StageMessage | undefined;
  /** The message is about something still coming (a connection, a person), not a settled state. */
  spinner: boolean;
  peerMuted: boolean;
  /** Their sound arrives but the browser waits for a tap to play it: a silent call unless we ask for one. */
  tapToHear: boolean;
}

/**
 * The one place that decides what is large, what is small and which message shows, for the
 * shopper's panel and the consultant's console alike. When several things are wrong the one
 * that explains the others wins: a lost connection explains a missing picture, a peer who left
 * explains their camera.
 */
export function stageLayout(facts: StageFacts): StageLayout {
  const final = facts.status === 'ended' || facts.status === 'failed';
  if (!isLive(facts.status)) {
    return {
      main: undefined,
      peerFace: false,
      self: !final && facts.hasLocalVideo ? 'full' : undefined,
      message: 'status',
      spinner: !final,
      peerMuted: false,
      tapToHear: false,
    };
  }
  const main = facts.hasRemoteScreen ? 'screen' : facts.hasRemoteVideo ? 'camera' : undefined;
  const [message, spinner] = liveMessage(facts, main);
  return {
    main,
    peerFace: main === 'screen' && facts.hasRemoteVideo && facts.remoteCameraOn,
    self: facts.hasLocalVideo ? (main ? 'corner' : 'full') : undefined,
    message,
    spinner,
    peerMuted: facts.status !== 'connecting' && facts.remoteMicrophoneMuted === true,
    tapToHear: facts.audioBlocked === true,
  };
}

function liveMessage(facts: StageFacts, main: StageLayout['main']): [StageMessage | undefined, boolean] {
  if (facts.status === 'reconnecting' || facts.mediaInterrupted) return ['reconnecting', true];
  if (facts.status === 'connecting') return main ? [undefined, false] : ['connecting', true];
  if (facts.peerPresent === false) return ['peer-away', true];
  if (facts.audioOnly && main !== 'screen') return ['sound-only', false];
  if (!main) return ['waiting-for-video', false];
  if (facts.remoteVideoPaused) return ['video-paused', false];
  if (main === 'camera' && !facts.remoteCameraOn) return ['peer-camera-off', false];
  return [undefined, false];
}
