import { appendFileSync } from 'node:fs';

/** One line of the fault suite's summary: an attack or fault, how often it was tried, how often handled, and what was lost. */
export interface TallyRow {
  what: string;
  tried: number;
  handled: number;
  /** Shoppers, calls, recordings or secrets lost or leaked; anything above 0 fails the suite. */
  lost: number;
}

/**
 * Counts for the summary table `npm run test:faults` prints. Each test file appends its rows
 * to the file the runner names (tests run in separate processes); alone, rows only go to the log.
 */
export class Tally {
  private readonly rows = new Map<string, TallyRow>();

  count(what: string, outcome: { handled: boolean; lost?: number }): void {
    const row = this.rows.get(what) ?? { what, tried: 0, handled: 0, lost: 0 };
    row.tried += 1;
    if (outcome.handled) row.handled += 1;
    row.lost += outcome.lost ?? 0;
    this.rows.set(what, row);
  }

  /** Writes the rows out; call once, at the end of the file. */
  flush(): TallyRow[] {
    const rows = [...this.rows.values()];
    const file = process.env.VITRINA_FAULTS_TALLY;
    if (file) for (const row of rows) appendFileSync(file, `${JSON.stringify(row)}\n`);
    return rows;
  }
}
