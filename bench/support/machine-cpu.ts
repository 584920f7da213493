import { readFileSync } from 'node:fs';
import { TICKS_PER_S } from './process-tree.js';

/**
 * CPU-seconds every process on the machine has used so far (all of /proc/stat's busy time):
 * the difference over a window says how close the machine was to full, which tells whether a
 * process's figure was measured on a machine with room to spare.
 */
export function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest…: busy here is user, nice, system, irq and
  // softirq (steal is time the host gave to other machines; guest time is already in user).
  const busy = [0, 1, 2, 5, 6].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
  return busy / TICKS_PER_S;
}
