/** The line as the store has it, sampled every 100 ms while the load runs, with a progress line every 2 s. */
import { now } from './clock.js';
import type { LoadServer } from './load-types.js';
import type { Peak } from './measurements.js';
import type { StoreReader } from './store.js';

export class LineSampler {
  readonly peak: Peak = { queued: 0, ringing: 0, 'in-call': 0 };
  private lastPrint = -Infinity;
  private sampling: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: StoreReader,
    private readonly servers: readonly LoadServer[],
    private readonly elapsedS: () => number,
    private readonly onError: (message: string) => void,
  ) {}

  start(): void {
    // A read still running when the next is due is not doubled up (PostgreSQL answers over the network).
    this.timer = setInterval(() => {
      this.sampling ??= this.sample()
        .catch((err: unknown) => this.onError(`reading the store while the load ran failed: ${String(err)}`))
        .finally(() => (this.sampling = undefined));
    }, 100);
  }

  /** Stops sampling once the read under way, if any, is done. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }

  private async sample(): Promise<void> {
    const counts: Record<string, number> = { queued: 0, ringing: 0, 'in-call': 0, ended: 0 };
    for (const r of await this.store.all<{ state: string; n: number }>('SELECT state, count(*) AS n FROM calls GROUP BY state')) counts[r.state] = r.n;
    const { peak } = this;
    peak.queued = Math.max(peak.queued, counts.queued ?? 0);
    peak.ringing = Math.max(peak.ringing, counts.ringing ?? 0);
    peak['in-call'] = Math.max(peak['in-call'], counts['in-call'] ?? 0);
    if (now() - this.lastPrint >= 2000) {
      this.lastPrint = now();
      this.printProgress(counts);
    }
  }

  private printProgress(counts: Record<string, number>): void {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const busy = this.servers.map((s) => s.process.lastElu).filter((elu): elu is number => elu !== undefined);
    console.log(
      `  t=${this.elapsedS().toFixed(0).padStart(3)} s  calls ${String(total).padStart(5)}  queued ${String(counts.queued).padStart(4)}  ` +
        `ringing ${String(counts.ringing).padStart(4)}  in call ${String(counts['in-call']).padStart(4)}  ended ${String(counts.ended).padStart(5)}` +
        (busy.length === 0
          ? ''
          : `  server${busy.length > 1 ? 's' : ''} busy ${busy.map((elu) => `${String(Math.round(elu * 100)).padStart(3)} %`).join(' ')}`),
    );
  }
}
