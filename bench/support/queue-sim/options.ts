/** The queue benches' command-line options, shared by bench/queue-load.ts and bench/queue-cluster.ts. */
import { parseArgs } from 'node:util';

export interface Options {
  shoppers: number;
  agents: number;
  arriveS: number;
  holdMs: [number, number];
  thinkMs: [number, number];
  decline: number;
  cancel: number;
  patienceMs: [number, number];
  shopperEnds: number;
  feeds: number;
  ringTimeoutS: number;
  drainS: number;
  seed: number;
  /** Ended calls written into the database before the run (a server with months behind it). */
  history: number;
}

const USAGE = `[options]
  --shoppers N        simulated shoppers (1000)
  --agents N          simulated consultants (100; at most 190: sign-ins are limited to 200 a minute)
  --arrive-s S        shoppers arrive at random (a Poisson process) over S seconds (40)
  --hold-ms A-B       an answered call lasts A..B ms (3000-5000)
  --think-ms A-B      a consultant answers a ring after A..B ms (20-200)
  --decline P         share of rings a consultant declines (0.05)
  --cancel P          share of shoppers who give up if not answered within their patience (0.1)
  --patience-ms A-B   how long those shoppers wait (200-2000)
  --shopper-ends P    share of answered calls the shopper, not the consultant, hangs up (0.1)
  --feeds P           share of shoppers who follow their place in line over SSE (1)
  --ring-timeout-s S  VITRINA_RING_TIMEOUT_S (20)
  --drain-s S         after the last arrival, give up on calls still open after S seconds (60)
  --seed N            random seed (1)
  --history N         ended calls already in the database when the run starts (0)`;

/** The options after `--`; `--help` prints them (and `moreUsage`, a bench's own) under `command` and exits. */
export function parseOptions(argv: string[], command: string, moreUsage = ''): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      shoppers: { type: 'string', default: '1000' },
      agents: { type: 'string', default: '100' },
      'arrive-s': { type: 'string', default: '40' },
      'hold-ms': { type: 'string', default: '3000-5000' },
      'think-ms': { type: 'string', default: '20-200' },
      decline: { type: 'string', default: '0.05' },
      cancel: { type: 'string', default: '0.1' },
      'patience-ms': { type: 'string', default: '200-2000' },
      'shopper-ends': { type: 'string', default: '0.1' },
      feeds: { type: 'string', default: '1' },
      'ring-timeout-s': { type: 'string', default: '20' },
      'drain-s': { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      history: { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`${command} -- ${USAGE}${moreUsage ? `\n${moreUsage}` : ''}`);
    process.exit(0);
  }
  const num = (name: string, raw: string, min: number, max = Infinity): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not "${raw}"`);
    return n;
  };
  const range = (name: string, raw: string): [number, number] => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(raw);
    const lo = Number(m?.[1]);
    const hi = Number(m?.[2] ?? m?.[1]);
    if (!m || hi < lo) throw new Error(`--${name} must be a range of milliseconds such as 100-600, not "${raw}"`);
    return [lo, hi];
  };
  return {
    shoppers: Math.round(num('shoppers', values.shoppers, 1)),
    agents: Math.round(num('agents', values.agents, 1, 190)),
    arriveS: num('arrive-s', values['arrive-s'], 0),
    holdMs: range('hold-ms', values['hold-ms']),
    thinkMs: range('think-ms', values['think-ms']),
    decline: num('decline', values.decline, 0, 0.5),
    cancel: num('cancel', values.cancel, 0, 1),
    patienceMs: range('patience-ms', values['patience-ms']),
    shopperEnds: num('shopper-ends', values['shopper-ends'], 0, 1),
    feeds: num('feeds', values.feeds, 0, 1),
    ringTimeoutS: Math.round(num('ring-timeout-s', values['ring-timeout-s'], 1)),
    drainS: num('drain-s', values['drain-s'], 1),
    seed: Math.round(num('seed', values.seed, 0)),
    history: Math.round(num('history', values.history, 0)),
  };
}
