/**
 * A test participant: joins a room with livekit-client and publishes either the browser's fake
 * camera and microphone, or a sync pattern — a canvas that flashes white and a tone that sounds
 * at the same instant, every `periodMs` — from which a recording's audio/video sync is measured.
 */
import { LocalAudioTrack, LocalVideoTrack, Room, Track, createLocalTracks } from 'livekit-client';

export interface PublisherConfig {
  livekitUrl: string;
  token: string;
  media: 'fake-devices' | 'sync-pattern';
  /** Share the screen as well (fake-devices only). */
  screen?: boolean;
  /** Let these identities subscribe (as the call's parties do for the recorder); all when absent. */
  allow?: string[];
  periodMs?: number;
}

function syncPattern(periodMs: number): { video: MediaStreamTrack; audio: MediaStreamTrack } {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const audio = new AudioContext();
  const gain = audio.createGain();
  gain.gain.value = 0;
  const tone = audio.createOscillator();
  tone.frequency.value = 1000;
  tone.connect(gain);
  const out = audio.createMediaStreamDestination();
  gain.connect(out);
  tone.start();
  const flashMs = 120;
  // Frames are captured on request, not on the canvas's own schedule: a flash is taken the moment it is drawn, so a busy
  // machine delays sound and picture alike instead of leaving the picture for a later capture.
  const video = canvas.captureStream(0).getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
  let lit: boolean | undefined;
  let capturedAt = 0;
  const draw = () => {
    const now = performance.now();
    const on = now % periodMs < flashMs;
    const changed = on !== lit;
    if (!changed && now - capturedAt < 1000 / 30) return;
    // Drawn every time, not only on a change: a canvas nobody drew on gives no new frame.
    g.fillStyle = on ? '#fff' : '#000';
    g.fillRect(0, 0, canvas.width, canvas.height);
    if (changed) {
      lit = on;
      // Scheduled on the audio clock for the same instant the flash is drawn.
      gain.gain.setValueAtTime(on ? 0.8 : 0, audio.currentTime);
    }
    capturedAt = now;
    video.requestFrame();
  };
  draw();
  setInterval(draw, 5);
  return { video, audio: out.stream.getAudioTracks()[0] };
}

/** What the camera's encoder was asked for and made: key-frame requests come in as PLI or FIR. */
export interface CameraSent {
  keyFramesEncoded: number;
  pliCount: number;
  firCount: number;
}

async function cameraSent(room: Room): Promise<CameraSent> {
  const sender = room.localParticipant.getTrackPublication(Track.Source.Camera)?.track?.sender;
  const sent: CameraSent = { keyFramesEncoded: 0, pliCount: 0, firCount: 0 };
  for (const s of (await sender?.getStats())?.values() ?? []) {
    const r = s as Partial<CameraSent> & { type: string };
    if (r.type !== 'outbound-rtp') continue;
    sent.keyFramesEncoded += r.keyFramesEncoded ?? 0;
    sent.pliCount += r.pliCount ?? 0;
    sent.firCount += r.firCount ?? 0;
  }
  return sent;
}

async function publish(config: PublisherConfig): Promise<void> {
  const room = new Room({ adaptiveStream: false, dynacast: false, publishDefaults: { simulcast: false } });
  await room.connect(config.livekitUrl, config.token);
  if (config.allow)
    room.localParticipant.setTrackSubscriptionPermissions(
      false,
      config.allow.map((participantIdentity) => ({ participantIdentity, allowAll: true })),
    );
  if (config.media === 'sync-pattern') {
    const { video, audio } = syncPattern(config.periodMs ?? 2000);
    await room.localParticipant.publishTrack(new LocalVideoTrack(video), { source: Track.Source.Camera });
    await room.localParticipant.publishTrack(new LocalAudioTrack(audio), { source: Track.Source.Microphone, red: false, dtx: false });
  } else {
    const tracks = await createLocalTracks({ audio: true, video: { resolution: { width: 640, height: 480, frameRate: 24 } } });
    for (const track of tracks) await room.localParticipant.publishTrack(track);
    if (config.screen) await room.localParticipant.setScreenShareEnabled(true);
  }
  (window as unknown as { publisher: unknown }).publisher = {
    stopScreen: () => room.localParticipant.setScreenShareEnabled(false),
    startScreen: () => room.localParticipant.setScreenShareEnabled(true),
    leave: () => room.disconnect(),
    cameraSent: () => cameraSent(room),
  };
}

(window as unknown as { startPublisher: unknown }).startPublisher = publish;
