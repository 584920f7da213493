import { readFileSync, readdirSync } from 'node:fs';
import { machineBusySeconds } from './machine-cpu.js';

const TICKS_PER_S = 100;

interface ProcStat {
  pid: number;
  pgid: number;
  cpuTicks: number;
}

function allProcesses(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), pgid: Number(f[2]), cpuTicks: Number(f[11]) + Number(f[12]) });
    } catch {
      // It exited while we looked.
    }
  }
  return out;
}

/** The process group of the first process whose command line has an argument starting with `prefix`. */
export function groupWithArg(prefix: string): number | undefined {
  for (const p of allProcesses()) {
    try {
      if (
        readFileSync(`/proc/${p.pid}/cmdline`, 'utf8')
          .split('\0')
          .some((a) => a.startsWith(prefix))
      )
        return p.pgid;
    } catch {
      // Gone.
    }
  }
  return undefined;
}

/** Who a role is: a whole process group (a browser and its helpers), or one process. */
export type Role = { group: number | undefined } | { pid: number | undefined };

/**
 * CPU milliseconds each role has used so far, and the whole machine's: read twice, the difference
 * says who had the machine's cores in between. /proc counts each process in 10 ms ticks, so read
 * over a second a role's figure is good to some tens of milliseconds: enough to say who had the
 * cores, not to compare two runs closely.
 */
export function cpuByRole(roles: Record<string, Role>): Record<string, number> {
  const procs = allProcesses();
  const out: Record<string, number> = {};
  for (const [name, role] of Object.entries(roles)) {
    const mine = 'group' in role ? procs.filter((p) => p.pgid === role.group) : procs.filter((p) => p.pid === role.pid);
    out[name] = (mine.reduce((sum, p) => sum + p.cpuTicks, 0) * 1000) / TICKS_PER_S;
  }
  out.machine = machineBusySeconds() * 1000;
  return out;
}

export function cpuSpent(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}
