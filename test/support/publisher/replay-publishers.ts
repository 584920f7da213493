/**
 * Light test participants: the Go program in replay/ joins rooms with LiveKit's Go SDK and
 * replays a camera and a microphone encoded once (replay-media.ts), many participants in one
 * process. Nothing is encoded or decoded per participant, which is what lets a bench run ten
 * calls on two cores beside the recorder it measures; Chromium pages with a fake camera cost a
 * renderer and an encoder each.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../../scripts/system/paths.js';
import { runGo } from '../../../scripts/system/run-go.js';
import { WIDGET_CAMERA, replayMedia, type ReplayCamera } from './replay-media.js';

const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'replay');
const toolsDir = path.join(projectRoot, '.tools', 'replay-publishers');

/** The program built from the current sources, named by their hash so a change rebuilds it. */
async function ensureBinary(say: (line: string) => void): Promise<string> {
  const hash = createHash('sha256');
  for (const f of readdirSync(source).sort()) hash.update(f).update(readFileSync(path.join(source, f)));
  const bin = path.join(toolsDir, `replay-publishers-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  say('Building the replay publishers with Go (once; about 2 minutes on 2 cores)…');
  const part = `${bin}.${process.pid}.part`;
  await runGo(['build', '-o', part, '.'], { what: 'the replay publishers', say, cwd: source });
  renameSync(part, bin);
  return bin;
}

export interface ReplayPublisher {
  identity: string;
  leave(): Promise<void>;
}

export interface ReplayPublishers {
  /** The process all of them run in, for measuring their CPU. */
  pid: number;
  camera: ReplayCamera;
  /** `allow`: who may subscribe (the other party and the recorder, as the widget allows); all when absent. */
  join(config: { livekitUrl: string; token: string; allow?: string[] }): Promise<ReplayPublisher>;
  /** Every participant leaves its room and the process ends; resolves once it is gone. */
  close(): Promise<void>;
}

interface Answer {
  id: number;
  identity?: string;
  error?: string;
}

export async function startReplayPublishers(camera: ReplayCamera = WIDGET_CAMERA, say: (line: string) => void = console.log): Promise<ReplayPublishers> {
  const bin = await ensureBinary(say);
  const media = await replayMedia(path.join(toolsDir, 'media'), camera);
  // One OS thread for Go code: their work is small, and on a machine they share with what is
  // being measured a second one mostly spins in Go's scheduler (~20% more CPU measured).
  const env = { ...process.env, GOMAXPROCS: process.env.GOMAXPROCS ?? '1' };
  const child = spawn(bin, ['-video', media.video, '-audio', media.audio], { stdio: ['pipe', 'pipe', 'inherit'], env });
  let gone = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve())).then(() => void (gone = true));
  // Writes to a process that died fail here rather than as an unhandled 'error' event.
  child.stdin.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const waiting = new Map<number, (a: Answer) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const answer = JSON.parse(line) as Answer;
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  void exited.then(() => {
    for (const [id, answer] of waiting) answer({ id, error: 'the replay publishers exited' });
  });
  let nextId = 1;
  const ask = (request: { id: number; op: 'join' | 'leave'; url?: string; token?: string; allow?: string[] }) =>
    new Promise<Answer>((resolve) => {
      if (gone) return resolve({ id: request.id, error: 'the replay publishers exited' });
      waiting.set(request.id, resolve);
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  return {
    pid: child.pid ?? 0,
    camera,
    async join({ livekitUrl, token, allow }) {
      const id = nextId++;
      const answer = await ask({ id, op: 'join', url: livekitUrl, token, ...(allow ? { allow } : {}) });
      if (answer.error !== undefined) throw new Error(`a replay publisher could not join: ${answer.error}`);
      return { identity: answer.identity ?? '', leave: async () => void (await ask({ id, op: 'leave' })) };
    },
    async close() {
      if (gone) return;
      // Closing stdin is the program's signal to leave every room and exit; one that hangs is killed.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
