import { machineBusySeconds } from './machine-cpu.js';
import { cpuSeconds, readProcesses, TICKS_PER_S } from './process-tree.js';

/** Who a role is: a process with everything it started (a browser and its helpers), or one process alone. */
export type Role = { tree: number | undefined } | { pid: number | undefined };

/**
 * CPU milliseconds each role has used so far, and the whole machine's, from one reading of
 * /proc: read twice, the difference says who had the machine's cores in between. /proc counts
 * each process in 10 ms ticks, so read over a second a role's figure is good to some tens of
 * milliseconds: enough to say who had the cores, not to compare two runs closely.
 */
export function cpuByRole(roles: Record<string, Role>): Record<string, number> {
  const table = readProcesses();
  const out: Record<string, number> = {};
  for (const [name, role] of Object.entries(roles)) {
    if ('tree' in role) out[name] = role.tree === undefined ? 0 : cpuSeconds(role.tree, table) * 1000;
    else out[name] = role.pid === undefined ? 0 : ((table.get(role.pid)?.ticks ?? 0) * 1000) / TICKS_PER_S;
  }
  out.machine = machineBusySeconds() * 1000;
  return out;
}

export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}
