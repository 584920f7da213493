/**
 * The baselines for accept → first face, written with livekit-client in the fewest lines.
 * Bare join: new Room(), connect(), publish camera and microphone, subscribe — and nothing else;
 * resolves with when it started and when it decoded the other side's first video frame.
 * Fastest plain join: the other side is already in the room and publishing (`publishOnly`, its
 * tracks made before it connected); a subscriber-only participant connects (`plainSubscribe`),
 * timed from connect() to its first decoded frame.
 */
import { Room, RoomEvent, Track, createLocalTracks } from 'livekit-client';

/** Resolves with Date.now() when the first remote video track of `room` has shown a frame. */
function firstVideoFrame(room: Room): Promise<number> {
  return new Promise<number>((resolve) => {
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
}

async function bareJoin(o: { url: string; token: string }): Promise<{ start: number; firstFrame: number }> {
  const start = Date.now();
  const room = new Room();
  const firstFrame = firstVideoFrame(room);
  await room.connect(o.url, o.token);
  const tracks = await createLocalTracks({ audio: true, video: { resolution: { width: 640, height: 480, frameRate: 24 } } });
  await Promise.all(tracks.map((t) => room.localParticipant.publishTrack(t)));
  (window as unknown as { bareRoom: Room }).bareRoom = room;
  return { start, firstFrame: await firstFrame };
}

/** The side that is already there: tracks first, then connect and publish; resolves once published. */
async function publishOnly(o: { url: string; token: string }): Promise<void> {
  const tracks = await createLocalTracks({ audio: true, video: { resolution: { width: 640, height: 480, frameRate: 24 } } });
  const room = new Room();
  await room.connect(o.url, o.token);
  await Promise.all(tracks.map((t) => room.localParticipant.publishTrack(t)));
  (window as unknown as { bareRoom: Room }).bareRoom = room;
}

/** Subscriber only: the clock runs from connect() to the first decoded frame of the publisher already there. */
async function plainSubscribe(o: { url: string; token: string }): Promise<{ start: number; firstFrame: number }> {
  const room = new Room();
  const firstFrame = firstVideoFrame(room);
  const start = Date.now();
  await room.connect(o.url, o.token);
  (window as unknown as { bareRoom: Room }).bareRoom = room;
  return { start, firstFrame: await firstFrame };
}

Object.assign(window, { bareJoin, publishOnly, plainSubscribe });
