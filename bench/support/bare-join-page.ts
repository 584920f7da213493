/**
 * The baseline for accept → first face: a call written with livekit-client in the fewest lines —
 * new Room(), connect(), publish camera and microphone, subscribe — and nothing else.
 * Resolves with when it started and when it decoded the other side's first video frame.
 */
import { Room, RoomEvent, Track, createLocalTracks } from 'livekit-client';

async function bareJoin(o: { url: string; token: string }): Promise<{ start: number; firstFrame: number }> {
  const start = Date.now();
  const room = new Room();
  const firstFrame = new Promise<number>((resolve) => {
    room.on(RoomEvent.TrackSubscribed, (track) => {
      if (track.kind !== Track.Kind.Video) return;
      const video = track.attach() as HTMLVideoElement;
      video.muted = true;
      document.body.append(video);
      const timer = setInterval(() => {
        if (video.getVideoPlaybackQuality().totalVideoFrames > 0) {
          clearInterval(timer);
          resolve(Date.now());
        }
      }, 2);
    });
  });
  await room.connect(o.url, o.token);
  const tracks = await createLocalTracks({ audio: true, video: { resolution: { width: 640, height: 480, frameRate: 24 } } });
  await Promise.all(tracks.map((t) => room.localParticipant.publishTrack(t)));
  (window as unknown as { bareRoom: Room }).bareRoom = room;
  return { start, firstFrame: await firstFrame };
}

(window as unknown as { bareJoin: typeof bareJoin }).bareJoin = bareJoin;
