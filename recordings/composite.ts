import { spawn } from 'node:child_process';
import { rename, rm, stat } from 'node:fs/promises';
import type { FfmpegTools } from './ffmpeg.js';

export interface CompositeInput {
  path: string;
  kind: 'video' | 'audio';
  source: string;
  /** Who sent it; faces keep one place each in the layout. */
  participant: string;
  offsetMs: number;
  durationMs: number;
}

const W = 1280;
const H = 720;
const FPS = 15;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Places every video on one 1280×720 picture: with a shared screen, the screen large on the
 * left and the faces in a column on the right; without one, the faces side by side. Each
 * video appears only while it was recorded (its offset on the call's timeline).
 */
export function layout(inputs: readonly CompositeInput[]): Map<CompositeInput, Box> {
  const videos = inputs.filter((i) => i.kind === 'video');
  const screens = videos.filter((i) => i.source === 'screen_share');
  const people = [...new Set(videos.filter((i) => i.source !== 'screen_share').map((i) => i.participant))];
  const boxes = new Map<CompositeInput, Box>();
  if (screens.length > 0) {
    const side = Math.min(4, Math.max(1, people.length));
    const faceH = Math.floor(H / side);
    for (const s of screens) boxes.set(s, { x: 0, y: 0, w: 960, h: H });
    for (const v of videos)
      if (v.source !== 'screen_share') boxes.set(v, { x: 960, y: people.indexOf(v.participant) * faceH, w: 320, h: Math.min(240, faceH) });
  } else {
    const n = Math.max(1, people.length);
    const w = Math.floor(W / n);
    const h = Math.min(H, Math.round((w * 9) / 16));
    for (const v of videos) boxes.set(v, { x: people.indexOf(v.participant) * w, y: Math.floor((H - h) / 2), w, h });
  }
  return boxes;
}

/** The ffmpeg arguments that draw the call as one MP4 (H.264 and AAC: it plays anywhere). */
export function compositeArgs(inputs: readonly CompositeInput[], output: string): string[] {
  const boxes = layout(inputs);
  const end = Math.max(1, ...inputs.map((i) => i.offsetMs + i.durationMs)) / 1000;
  const args = ['-v', 'error', '-y', '-nostats', '-progress', 'pipe:1'];
  for (const i of inputs) args.push('-i', i.path);
  const graph: string[] = [`color=c=0x0d1117:s=${W}x${H}:r=${FPS}:d=${end.toFixed(3)}[base]`];
  let last = 'base';
  let n = 0;
  inputs.forEach((input, index) => {
    const box = boxes.get(input);
    if (!box) return;
    const from = input.offsetMs / 1000;
    const to = (input.offsetMs + input.durationMs) / 1000;
    graph.push(
      `[${index}:v]setpts=PTS-STARTPTS+${from.toFixed(3)}/TB,fps=${FPS},scale=${box.w}:${box.h}:force_original_aspect_ratio=decrease,pad=${box.w}:${box.h}:(ow-iw)/2:(oh-ih)/2:color=0x161b22[v${n}]`,
      `[${last}][v${n}]overlay=${box.x}:${box.y}:eof_action=pass:enable='between(t,${from.toFixed(3)},${to.toFixed(3)})'[o${n}]`,
    );
    last = `o${n}`;
    n++;
  });
  const voices = inputs.map((input, index) => ({ input, index })).filter(({ input }) => input.kind === 'audio');
  voices.forEach(({ input, index }, k) => graph.push(`[${index}:a]aresample=48000,adelay=delays=${input.offsetMs}:all=1[a${k}]`));
  if (voices.length > 0) graph.push(`${voices.map((_, k) => `[a${k}]`).join('')}amix=inputs=${voices.length}:normalize=0:duration=longest[aout]`);
  args.push('-filter_complex', graph.join(';'), '-map', `[${last}]`);
  if (voices.length > 0) args.push('-map', '[aout]', '-c:a', 'aac', '-b:a', '96k');
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '27',
    '-pix_fmt',
    'yuv420p',
    '-t',
    end.toFixed(3),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    output,
  );
  return args;
}

/**
 * Runs the composite at low CPU priority (it is the one re-encode we do, and only on request),
 * reporting progress 0–1; writes to a temporary file and renames, so a half-made file is never served.
 */
export async function makeComposite(
  tools: FfmpegTools,
  inputs: readonly CompositeInput[],
  output: string,
  onProgress: (done: number) => void,
): Promise<number> {
  const total = Math.max(1, ...inputs.map((i) => i.offsetMs + i.durationMs)) / 1000;
  const partial = `${output}.part`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('nice', ['-n', '15', tools.ffmpeg, ...compositeArgs(inputs, partial)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const at = /out_time_us=(\d+)/g;
      let m: RegExpExecArray | null;
      let last: number | undefined;
      while ((m = at.exec(chunk.toString()))) last = Number(m[1]);
      if (last !== undefined) onProgress(Math.min(0.99, last / 1e6 / total));
    });
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg composite exited with ${code}: ${err.trim()}`))));
  }).catch(async (e: unknown) => {
    await rm(partial, { force: true });
    throw e;
  });
  await rename(partial, output);
  onProgress(1);
  return (await stat(output)).size;
}
