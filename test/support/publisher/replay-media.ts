/**
 * The media replay publishers send, encoded once with ffmpeg and kept: a camera-like VP8
 * stream and an Opus microphone. The picture is ffmpeg's moving test pattern under sensor-like
 * noise, so every frame changes as a webcam's does and the encoder spends the whole bitrate,
 * as a real camera's sender does; a still or flat picture would make the recorder's load
 * look smaller than it is.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureFfmpeg } from '../../../scripts/system/ensure-system-tools.js';

const exec = promisify(execFile);

export interface ReplayCamera {
  width: number;
  height: number;
  fps: number;
  /** Video bits per second, as livekit-client caps a camera of that size. */
  videoBitrate: number;
  /** Opus bits per second, livekit-client's default audio preset ("music"). */
  audioBitrate: number;
  /** Frames between keyframes: a new subscriber waits for the next one (replay/media.go says why). */
  keyframeEvery: number;
}

/** The widget's camera (640×480 at 24 fps) under livekit-client's caps for it: 500 kbit/s, and 48 kbit/s of audio. */
export const WIDGET_CAMERA: ReplayCamera = { width: 640, height: 480, fps: 24, videoBitrate: 500_000, audioBitrate: 48_000, keyframeEvery: 24 };

/** Seconds of media in the loop: long enough that its repetition is not a pattern the encoder could have exploited. */
const LOOP_SECONDS = 20;

/** Encodes the files into `dir` unless they are there already; returns their paths. */
export async function replayMedia(dir: string, c: ReplayCamera = WIDGET_CAMERA): Promise<{ video: string; audio: string }> {
  const name = `${c.width}x${c.height}-${c.fps}fps-${c.videoBitrate / 1000}k-g${c.keyframeEvery}-opus${c.audioBitrate / 1000}k-${LOOP_SECONDS}s`;
  const video = path.join(dir, `${name}.ivf`);
  const audio = path.join(dir, `${name}.ogg`);
  if (existsSync(video) && existsSync(audio)) return { video, audio };
  ensureFfmpeg();
  mkdirSync(dir, { recursive: true });
  const part = (file: string) => `${file}.${process.pid}.part`;
  const kbit = (bps: number) => `${bps / 1000}k`;
  // Rate control as a WebRTC sender's: constant bitrate, no frames held back (lag 0) and no
  // hidden alt-ref frames, so every packet is a shown frame at the camera's rate.
  const picture = `testsrc2=size=${c.width}x${c.height}:rate=${c.fps},noise=alls=12:allf=t`;
  const cbr = `-b:v ${kbit(c.videoBitrate)} -minrate ${kbit(c.videoBitrate)} -maxrate ${kbit(c.videoBitrate)} -bufsize ${kbit(c.videoBitrate)}`;
  const vp8 = `-c:v libvpx -deadline realtime -cpu-used 4 -lag-in-frames 0 -auto-alt-ref 0 ${cbr} -g ${c.keyframeEvery} -keyint_min ${c.keyframeEvery}`;
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', picture, '-t', String(LOOP_SECONDS), ...vp8.split(' '), '-f', 'ivf', part(video)]);
  // A tone under pink noise codes like speech does, not like silence (which Opus makes almost free).
  const sound = ['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.1:sample_rate=48000'];
  const opus = `-c:a libopus -b:a ${kbit(c.audioBitrate)} -frame_duration 20 -application voip -page_duration 20000`;
  await exec('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...sound,
    '-filter_complex',
    'amix=inputs=2',
    '-t',
    String(LOOP_SECONDS),
    '-ac',
    '2',
    ...opus.split(' '),
    '-f',
    'ogg',
    part(audio),
  ]);
  renameSync(part(video), video);
  renameSync(part(audio), audio);
  return { video, audio };
}
