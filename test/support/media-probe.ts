import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface Probe {
  durationMs: number;
  streams: { codec: string; kind: string; width?: number; height?: number }[];
}

/** What ffprobe, which any player resembles, reads from the file. */
export async function probe(file: string): Promise<Probe> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,codec_type,width,height', '-of', 'json', file]);
  const json = JSON.parse(stdout) as { format: { duration?: string }; streams: { codec_name: string; codec_type: string; width?: number; height?: number }[] };
  return {
    durationMs: Math.round(Number(json.format.duration) * 1000),
    streams: json.streams.map((s) => ({ codec: s.codec_name, kind: s.codec_type, ...(s.width ? { width: s.width, height: s.height } : {}) })),
  };
}

/** Seeks to each point and decodes one frame there; returns the points where that failed. */
export async function undecodableAt(file: string, seconds: number[]): Promise<number[]> {
  const failed: number[] = [];
  for (const at of seconds) {
    const { stdout } = await exec('ffmpeg', ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'framemd5', '-']).catch(() => ({
      stdout: '',
    }));
    if (!/^\d+,/m.test(stdout)) failed.push(at);
  }
  return failed;
}

/** Seconds at which a per-frame (or per-10-ms) measure rises past a threshold. */
async function risingEdges(args: string[], key: string, threshold: number): Promise<number[]> {
  // The metadata filters print to stdout (`file=-`); the null muxer writes nothing there.
  const { stdout: text } = await exec('ffmpeg', ['-v', 'error', ...args, '-f', 'null', '/dev/null'], { maxBuffer: 64 * 1024 * 1024 });
  const edges: number[] = [];
  let t = 0;
  let on = false;
  for (const line of text.split('\n')) {
    const time = /pts_time:([\d.]+)/.exec(line);
    if (time) t = Number(time[1]);
    const value = new RegExp(`${key.replace(/\./g, '\\.')}=(\\S+)`).exec(line);
    if (!value) continue;
    const v = value[1] === '-inf' ? -Infinity : Number(value[1]);
    if (!on && v > threshold) edges.push(t);
    on = v > threshold;
  }
  return edges;
}

/** When the sync pattern's white flashes start (average luma jumps). */
export function flashTimes(file: string): Promise<number[]> {
  return risingEdges(['-i', file, '-vf', 'signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-'], 'lavfi.signalstats.YAVG', 128);
}

/** When the sync pattern's tone bursts start (10-ms RMS above -30 dBFS). */
export function toneTimes(file: string): Promise<number[]> {
  return risingEdges(
    ['-i', file, '-af', 'asetnsamples=480,astats=metadata=1:reset=1,ametadata=print:key=lavfi.astats.Overall.RMS_level:file=-'],
    'lavfi.astats.Overall.RMS_level',
    -30,
  );
}
