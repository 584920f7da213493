import { spawn } from 'node:child_process';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

export class FfmpegError extends Error {}
/** The file opens, but its container states no duration (an append-only file never finished). */
export class NoDurationError extends FfmpegError {}

/** Runs a tool to completion; rejects with its last stderr lines on failure. `nice` lowers its CPU priority. */
export function run(bin: string, args: string[], o: { nice?: boolean; onStderr?: (line: string) => void } = {}): Promise<string> {
  const [cmd, argv] = o.nice ? ['nice', ['-n', '15', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-4000);
      if (o.onStderr) for (const line of c.toString().split(/[\r\n]+/)) if (line) o.onStderr(line);
    });
    child.on('error', (e) => reject(new FfmpegError(`${bin}: ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new FfmpegError(`${bin} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}

/**
 * Rewrites a WebM recorded append-only into one with a duration and cues (seekable), copying
 * every packet as it is: no decoding, no encoding. Also what repairs a file cut off mid-write.
 */
export async function remuxSeekable(tools: FfmpegTools, input: string, output: string): Promise<void> {
  await run(tools.ffmpeg, ['-v', 'error', '-y', '-fflags', '+genpts+discardcorrupt', '-i', input, '-map', '0', '-c', 'copy', '-f', 'webm', output]);
}

/** The container's duration in milliseconds, as a player will see it. */
export async function probeDurationMs(tools: FfmpegTools, file: string): Promise<number> {
  const out = await run(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  const seconds = Number(out.trim());
  if (!Number.isFinite(seconds)) throw new NoDurationError(`no duration in ${file}`);
  return Math.round(seconds * 1000);
}
