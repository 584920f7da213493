/**
 * `npm run bench`: every benchmark, one after another (they would disturb each other side by
 * side), each with its own output kept. Writes bench/results/summary.json and summary.md and
 * exits non-zero if any benchmark failed, the page-weight goals included. Not part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTeed } from '../scripts/system/run-teed.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

const BENCHES: { name: string; script: string; args: string[] }[] = [
  { name: 'page weight', script: 'page-weight.ts', args: ['--runs', '10'] },
  { name: 'accept → first face', script: 'accept-to-face.ts', args: ['15'] },
  { name: 'opening a call vs a bare token', script: 'token-cost.ts', args: ['--calls', '400', '--concurrency', '8'] },
  { name: 'queue under load', script: 'queue-load.ts', args: [] },
  { name: 'queue under load, one server against two (PostgreSQL, Redis)', script: 'queue-cluster.ts', args: [] },
  { name: 'recorder cost', script: 'recorder-cost.ts', args: ['--seconds', '30', '--calls', '1,5'] },
];

async function run(script: string, args: string[]): Promise<{ code: number; output: string; seconds: number }> {
  const started = Date.now();
  const r = await runTeed(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(here, script), ...args], { cwd: root });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

const only = process.argv.slice(2);
const chosen = only.length ? BENCHES.filter((b) => only.some((o) => b.script.startsWith(o))) : BENCHES;
const results: { name: string; command: string; code: number; seconds: number; output: string }[] = [];
for (const bench of chosen) {
  console.log(`\n=== ${bench.name} ===`);
  const r = await run(bench.script, bench.args);
  results.push({
    name: bench.name,
    command: `tsx bench/${bench.script} ${bench.args.join(' ')}`.trim(),
    code: r.code,
    seconds: r.seconds,
    output: r.output.trim(),
  });
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`;
const at = new Date().toISOString();
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'summary.json'), JSON.stringify({ at, machine, results }, null, 2));
writeFileSync(
  path.join(here, 'results', 'summary.md'),
  [
    `# Benchmarks, ${at}`,
    '',
    `Machine: ${machine}. Command: \`npm run bench\`.`,
    '',
    ...results.flatMap((r) => [
      `## ${r.name} — ${r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`}, ${r.seconds.toFixed(0)} s`,
      '',
      `\`${r.command}\``,
      '',
      '```',
      r.output.replace(/\u001b\[[0-9;]*m/g, ''),
      '```',
      '',
    ]),
  ].join('\n'),
);
const failed = results.filter((r) => r.code !== 0);
console.log(`\n${results.length - failed.length} of ${results.length} benchmarks ran clean; summary in bench/results/summary.md`);
process.exitCode = failed.length ? 1 : 0;
