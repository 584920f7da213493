import { spawn } from 'node:child_process';

/** Runs a command to its end, passing its output through as it comes (unless `quiet`) and keeping a copy. */
export function runTeed(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: o.env ?? process.env });
    let output = '';
    const tee = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (!o.quiet) stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}
