/**
 * The baseline the recorder is measured against: what a composite recorder (LiveKit Egress's
 * room composite, in spirit) must do — subscribe to every track, decode it, draw a 1280×720
 * layout and encode it again with MediaRecorder. Used only by bench/recorder-cost.ts.
 */
import { Room, RoomEvent, Track, type RemoteTrack } from 'livekit-client';

interface Config {
  livekitUrl: string;
  token: string;
  fps: number;
}

async function start(config: Config): Promise<void> {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  const videos: HTMLVideoElement[] = [];
  const audio = new AudioContext();
  const mix = audio.createMediaStreamDestination();
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
    if (track.kind === Track.Kind.Video) {
      const el = track.attach() as HTMLVideoElement;
      el.muted = true;
      void el.play();
      videos.push(el);
    } else {
      audio.createMediaStreamSource(new MediaStream([track.mediaStreamTrack])).connect(mix);
    }
  });
  await room.connect(config.livekitUrl, config.token, { autoSubscribe: true });
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  setInterval(() => {
    g.fillStyle = '#000';
    g.fillRect(0, 0, 1280, 720);
    videos.forEach((v, i) => g.drawImage(v, (i % 2) * 640, Math.floor(i / 2) * 360, 640, 360));
  }, 1000 / config.fps);
  const stream = new MediaStream([...canvas.captureStream(config.fps).getVideoTracks(), ...mix.stream.getAudioTracks()]);
  const recorder = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus', videoBitsPerSecond: 2_500_000 });
  let bytes = 0;
  recorder.ondataavailable = (e) => (bytes += e.data.size);
  recorder.start(1000);
  (window as unknown as { compositeBytes: () => number }).compositeBytes = () => bytes;
}

(window as unknown as { startComposite: unknown }).startComposite = start;
