/**
 * What the publishers' media looked like on arrival, read from the recorded files: the
 * recorder does not decode, so its load is set by these frame rates and bitrates, which a
 * report of its cost should state.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface ReceivedTrack {
  kind: 'video' | 'audio';
  bytes: number;
  durationMs: number;
  file: string | undefined;
}

export interface ReceivedSummary {
  videoTracks: number;
  /** Medians over the calls' video tracks. */
  width: number;
  height: number;
  fps: number;
  videoKbitS: number;
  audioKbitS: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? NaN) : NaN;
};

/** Frames, picture size and duration of a file's video stream (ffprobe counts packets, decoding nothing). */
async function videoOf(file: string): Promise<{ width: number; height: number; frames: number; seconds: number }> {
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_packets',
    '-show_entries',
    'stream=width,height,nb_read_packets:format=duration',
    '-of',
    'json',
    file,
  ]);
  const json = JSON.parse(stdout) as { streams: { width?: number; height?: number; nb_read_packets?: string }[]; format: { duration?: string } };
  const s = json.streams[0];
  return { width: s?.width ?? 0, height: s?.height ?? 0, frames: Number(s?.nb_read_packets ?? 0), seconds: Number(json.format.duration ?? 0) };
}

export async function receivedMedia(tracks: ReceivedTrack[]): Promise<ReceivedSummary> {
  const kbit = (t: ReceivedTrack) => (t.bytes * 8) / t.durationMs;
  const video = tracks.filter((t) => t.kind === 'video' && t.durationMs > 0);
  const audio = tracks.filter((t) => t.kind === 'audio' && t.durationMs > 0);
  const probed = await Promise.all(video.flatMap((t) => (t.file ? [videoOf(t.file)] : [])));
  return {
    videoTracks: video.length,
    width: median(probed.map((p) => p.width)),
    height: median(probed.map((p) => p.height)),
    fps: median(probed.filter((p) => p.seconds > 0).map((p) => p.frames / p.seconds)),
    videoKbitS: median(video.map(kbit)),
    audioKbitS: median(audio.map(kbit)),
  };
}
