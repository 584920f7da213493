/**
 * `npm test`: installs what the tests need (Chromium from Debian's packages, the pinned
 * livekit-server), then runs every suite — types, lint, format, server (node:test, once on SQLite and once
 * on a throwaway PostgreSQL cluster), components
 * (web-test-runner in Chromium), faults (node:test, with its summary table), end-to-end
 * (Playwright; again with the server on PostgreSQL, `e2e-postgres`; and on the scaled-out
 * stack, `e2e-cluster`; with Firefox ESR on one side of each call, `e2e-firefox`; the shopper's widget in
 * WebKitGTK, `e2e-webkit`; and on the production
 * stack behind Caddy with a shopper on restricted networks, `e2e-internet`) — and prints one total.
 * `npm test -- server` (or widget, faults, e2e, types) runs one suite; `faults` is two runners
 * (node:test for the abuse, Playwright for the browser and process faults) with one table,
 * whose unhandled or lost counts fail the run.
 * `npm run test:fast` (`--fast`): types, lint, format, the node tests that start nothing, the components.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { failureDigest } from './failure-digest.js';
import { faultsTable } from './faults-table.js';
import { ensureLivekitServer } from './livekit/ensure-livekit.js';
import { ensureMailpit } from './mail/ensure-mailpit.js';
import { ensureFirefox, ensureSystemTools, ensureWebkit } from './system/ensure-system-tools.js';
import { freePort } from './system/free-port.js';
import { startThrowawayPostgres } from './system/postgres.js';
import { projectRoot } from './system/paths.js';
import { runTeed } from './system/run-teed.js';

interface Suite {
  name: string;
  command: string[];
  /** Reads passed/failed counts from the runner's own summary. */
  count(output: string): { passed: number; failed: number; flaky?: number };
  env?: Record<string, string>;
  /** Starts what the suite needs around it (a database), given to it through its environment. */
  around?(): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
  /** Printed after the suite ran; counts as a failure when `failed`. */
  report?(): { text: string; failed: boolean };
  /** In `npm run test:fast` only: the whole run has the same tests inside a slower suite. */
  fastOnly?: true;
  /**
   * Runs at the same time as the suites next to it with the same name here, its output printed when
   * it is done: the ones that only read the source (tsc and eslint use one core each). Not the
   * server suite on its two stores: side by side, its recording tests lose lip sync (190 ms off)
   * and a restart outlasts a waiting shopper's grace on a loaded machine.
   */
  beside?: 'source';
}

const last = (output: string, re: RegExp): number => {
  const all = [...output.matchAll(re)];
  return all.length ? Number(all[all.length - 1]?.[1]) : 0;
};

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, suffix));
    else if (name.endsWith(suffix)) out.push(path.relative(projectRoot, full));
  }
  return out.sort();
}

/**
 * A node test that starts nothing real: no livekit-server, Caddy, PostgreSQL, Redis, browser or
 * child process. Read from its source, so a test joins the fast tier by what it does.
 */
const STARTS_SOMETHING =
  /startTestServer|ensureLivekitServer|startLivekit|ensureCaddy|startCaddy|startThrowaway|createRecording|new RecorderBrowser|Mailpit\.start|\bspawn(Sync)?\(|installService/;
const startsNothing = (file: string) => !STARTS_SOMETHING.test(readFileSync(path.join(projectRoot, file), 'utf8'));
/** A node test whose server or store comes from test/support (which picks PostgreSQL when asked): the ones worth a second run on it. */
const usesTheStore = (file: string) => /support\/test-(store|server)\.js/.test(readFileSync(path.join(projectRoot, file), 'utf8'));

const tallyFile = path.join(mkdtempSync(path.join(tmpdir(), 'vitrina-faults-')), 'tally.jsonl');

// Server, recorder and scripts, all on node:test. Node 20 expands no globs and finds no .ts files by itself: name every file.
const serverFiles = ['server', 'recordings', 'scripts', 'docs', 'design'].flatMap((dir) => filesUnder(path.join(projectRoot, 'test', dir), '.test.ts'));
const nodeTests = (files: string[]) => [process.execPath, '--import', 'tsx', '--test', '--test-reporter=spec', ...files];
const serverSuite = nodeTests(serverFiles);
// A failed `before` hook cancels its suite's tests without failing them: cancelled counts as failed.
const nodeTestCount = (out: string) => ({
  passed: last(out, /^ℹ pass (\d+)/gm),
  failed: last(out, /^ℹ fail (\d+)/gm) + last(out, /^ℹ cancelled (\d+)/gm),
});

const playwrightCount = (out: string) => ({
  passed: last(out, /^\s*(\d+) passed/gm),
  failed: last(out, /^\s*(\d+) failed/gm),
  flaky: last(out, /^\s*(\d+) flaky/gm),
});

const bin = (name: string) => path.join(projectRoot, 'node_modules', '.bin', name);

/** A throwaway PostgreSQL cluster for a suite, named to it in VITRINA_TEST_POSTGRES_URL. */
async function onThrowawayPostgres(): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const cluster = await startThrowawayPostgres({ port: await freePort() });
  return { env: { VITRINA_TEST_POSTGRES_URL: cluster.url }, stop: () => cluster.stop() };
}

const suites: Suite[] = [
  {
    name: 'types',
    beside: 'source',
    command: [bin('tsc'), '--noEmit', '-p', 'tsconfig.json'],
    count: (out) => ({ passed: 0, failed: /error TS/.test(out) ? 1 : 0 }),
  },
  {
    name: 'lint',
    beside: 'source',
    // eslint.config.mjs: type-aware typescript-eslint, Lit and Lit's accessibility rules, zero warnings.
    command: [bin('eslint'), '--max-warnings', '0', '.'],
    count: (out) => ({ passed: 0, failed: /\d+ problems?/.test(out) ? 1 : 0 }),
  },
  {
    name: 'format',
    beside: 'source',
    // prettier's layout (.prettierrc.json); `npm run format` rewrites the files that differ.
    command: [bin('prettier'), '--check', '.'],
    count: (out) => ({ passed: 0, failed: /issues found/.test(out) ? 1 : 0 }),
  },
  {
    name: 'unit',
    // The fast tier's share of the server suite: pure logic, the store on an SQLite file.
    command: nodeTests(serverFiles.filter(startsNothing)),
    count: nodeTestCount,
    fastOnly: true,
  },
  {
    name: 'server',
    command: serverSuite,
    count: nodeTestCount,
  },
  {
    name: 'server-postgres',
    // The files that use the store again, every store a database of its own in a throwaway PostgreSQL cluster.
    command: nodeTests(serverFiles.filter(usesTheStore)),
    count: nodeTestCount,
    around: onThrowawayPostgres,
  },
  {
    name: 'widget',
    command: [bin('web-test-runner'), '--config', 'web-test-runner.config.mjs'],
    count: (out) => ({ passed: last(out, /(\d+) passed/g), failed: last(out, /(\d+) failed/g) }),
  },
  {
    name: 'faults',
    // The abuse and fault suite (test/faults/): each file tallies what it tried into one file, printed as a table.
    command: [process.execPath, '--import', 'tsx', '--test', '--test-reporter=spec', ...filesUnder(path.join(projectRoot, 'test', 'faults'), '.test.ts')],
    count: nodeTestCount,
    env: { VITRINA_FAULTS_TALLY: tallyFile },
  },
  {
    name: 'faults-browser',
    // The faults that need browsers and processes to kill (test/faults/**/*.spec.ts), on a stack of their own.
    command: [bin('playwright'), 'test', '--config', 'playwright.faults.config.ts'],
    count: playwrightCount,
    env: { VITRINA_FAULTS_TALLY: tallyFile },
    // The table is a verdict too: one attack or fault not handled, or anything lost, fails the run.
    report: () => {
      const { table, lost, unhandled } = faultsTable(tallyFile);
      return { text: `${table}${lost + unhandled > 0 ? `\n\nFAILED: ${unhandled} not handled, ${lost} lost` : ''}`, failed: lost + unhandled > 0 };
    },
  },
  {
    name: 'e2e',
    command: [bin('playwright'), 'test'],
    count: playwrightCount,
  },
  {
    name: 'e2e-postgres',
    // The same browsers and stack, the server on a throwaway PostgreSQL instead of its SQLite file.
    command: [bin('playwright'), 'test'],
    count: playwrightCount,
    around: onThrowawayPostgres,
  },
  {
    name: 'e2e-cluster',
    // The scaled-out stack: two servers behind the balancer, two LiveKit nodes, PostgreSQL and Redis.
    command: [bin('playwright'), 'test', '--config', 'playwright.cluster.config.ts'],
    count: playwrightCount,
  },
  {
    name: 'e2e-firefox',
    // Firefox ESR (puppeteer-core over WebDriver BiDi) on one side of a call, Chromium on the other, on the e2e stack.
    command: [bin('playwright'), 'test', '--config', 'playwright.firefox.config.ts'],
    count: playwrightCount,
  },
  {
    name: 'e2e-webkit',
    // The shopper's widget in Debian's WebKitGTK (Safari's engine, without WebRTC), driven over WebDriver, on the e2e stack.
    command: [bin('playwright'), 'test', '--config', 'playwright.webkit.config.ts'],
    count: playwrightCount,
  },
  {
    name: 'e2e-internet',
    // The production stack (Caddy with its own CA, LiveKit with TURN, no demo accounts) and a shopper behind firewalls in a network namespace.
    command: [bin('playwright'), 'test', '--config', 'playwright.internet.config.ts'],
    count: playwrightCount,
  },
];

async function run(suite: Suite, quiet = false): Promise<{ code: number; output: string }> {
  const [cmd, ...args] = suite.command as [string, ...string[]];
  const around = await suite.around?.();
  try {
    return await runTeed(cmd, args, { cwd: projectRoot, quiet, env: { ...process.env, FORCE_COLOR: '0', ...suite.env, ...around?.env } });
  } finally {
    await around?.stop();
  }
}

/** Runs one suite, or several side by side (`beside`), and prints each one's verdict. */
async function runBatch(batch: Suite[]): Promise<{ name: string; passed: number; failed: number; flaky: number; seconds: number; digest: string[] }[]> {
  const together = batch.length > 1;
  const results = await Promise.all(
    batch.map(async (suite) => {
      const started = Date.now();
      if (!together) console.log(`\n=== ${suite.name} ===`);
      return { suite, started, ...(await run(suite, together)), ended: Date.now() };
    }),
  );
  return results.map(({ suite, started, ended, code, output }) => {
    if (together) console.log(`\n=== ${suite.name} ===\n${output.trimEnd()}`);
    const counts = suite.count(output);
    const report = suite.report?.();
    if (report) console.log(`\n${report.text}`);
    if (report?.failed) counts.failed += 1;
    // A runner that failed without a count (crash, type error) still counts as a failure.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    const flaky = counts.flaky ?? 0;
    return {
      name: suite.name,
      passed: counts.passed,
      failed: counts.failed,
      flaky,
      seconds: Math.round((ended - started) / 1000),
      digest: counts.failed + flaky > 0 ? failureDigest(output) : [],
    };
  });
}

/** Consecutive suites with the same `beside` run as one batch; every other suite alone. */
function batches(chosen: Suite[]): Suite[][] {
  const out: Suite[][] = [];
  for (const suite of chosen) {
    const previous = out.at(-1);
    if (suite.beside && previous?.every((s) => s.beside === suite.beside)) previous.push(suite);
    else out.push([suite]);
  }
  return out;
}

/** `npm run test:fast`: no livekit-server, PostgreSQL, Redis or Caddy; under a minute. */
const FAST = ['types', 'lint', 'format', 'unit', 'widget'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fast = args.includes('--fast');
  const only = args.filter((a) => a !== '--fast');
  const chosen = fast
    ? suites.filter((s) => FAST.includes(s.name))
    : only.length
      ? suites.filter((s) => only.some((name) => s.name === name || s.name.startsWith(`${name}-`)))
      : suites.filter((s) => !s.fastOnly);
  if (chosen.length === 0) throw new Error(`unknown suite; choose from ${suites.map((s) => s.name).join(', ')}`);
  // The server suite records calls too: it needs Chromium and ffmpeg like the browser suites.
  if (chosen.some((s) => s.name !== 'types')) ensureSystemTools();
  if (chosen.some((s) => s.name === 'e2e-firefox')) ensureFirefox();
  if (chosen.some((s) => s.name === 'e2e-webkit')) ensureWebkit();
  if (chosen.some((s) => !FAST.includes(s.name))) {
    await ensureLivekitServer();
    // Built here, once, rather than by the first e-mail test while the suite's clock runs.
    await ensureMailpit();
  }

  const rows: string[] = [];
  const digests: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const batch of batches(chosen)) {
    for (const result of await runBatch(batch)) {
      passed += result.passed + result.flaky;
      failed += result.failed;
      if (result.digest.length > 0)
        digests.push(`--- ${result.name}: what failed${result.failed === 0 ? ', then passed on its second try' : ''} ---`, ...result.digest);
      const flaky = result.flaky > 0 ? `  (${result.flaky} flaky: passed on the second try)` : '';
      rows.push(
        `${result.name.padEnd(14)} ${String(result.passed + result.flaky).padStart(4)} passed ${String(result.failed).padStart(3)} failed  ${result.seconds} s${flaky}`,
      );
    }
  }
  if (digests.length > 0) console.log(`\n${digests.join('\n')}`);
  console.log(`\n${rows.join('\n')}\n`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
