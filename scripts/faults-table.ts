import { existsSync, readFileSync } from 'node:fs';
import type { TallyRow } from '../test/faults/support/tally.js';

/** The fault suite's summary: one row per attack or fault, summed over the files that tried it. */
export function faultsTable(tallyFile: string): { table: string; lost: number; unhandled: number } {
  const rows = new Map<string, TallyRow>();
  const lines = existsSync(tallyFile) ? readFileSync(tallyFile, 'utf8').split('\n').filter(Boolean) : [];
  for (const line of lines) {
    const r = JSON.parse(line) as TallyRow;
    const sum = rows.get(r.what) ?? { what: r.what, tried: 0, handled: 0, lost: 0 };
    rows.set(r.what, { what: r.what, tried: sum.tried + r.tried, handled: sum.handled + r.handled, lost: sum.lost + r.lost });
  }
  const all = [...rows.values()];
  const total = all.reduce((t, r) => ({ what: 'total', tried: t.tried + r.tried, handled: t.handled + r.handled, lost: t.lost + r.lost }), {
    what: 'total',
    tried: 0,
    handled: 0,
    lost: 0,
  });
  const width = Math.max(20, ...all.map((r) => r.what.length));
  const line = (r: TallyRow) => `${r.what.padEnd(width)} ${String(r.tried).padStart(7)} ${String(r.handled).padStart(8)} ${String(r.lost).padStart(5)}`;
  const table = [
    `${'attack or fault'.padEnd(width)} ${'tried'.padStart(7)} ${'handled'.padStart(8)} ${'lost'.padStart(5)}`,
    ...all.map(line),
    line(total),
  ].join('\n');
  return { table, lost: total.lost, unhandled: total.tried - total.handled };
}
