import { readFileSync, readdirSync } from 'node:fs';

export const TICKS_PER_S = 100;

/** One reading of /proc: each process's parent and the CPU ticks (user + system) it has used. */
export type ProcessTable = Map<number, { ppid: number; ticks: number }>;

export function readProcesses(): ProcessTable {
  const table: ProcessTable = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command's name (which may hold spaces): state, parent, …, utime (12th), stime (13th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // It exited while we looked.
    }
  }
  return table;
}

/** Every process under `root` (itself included). */
export function processTree(root: number, table: ProcessTable = readProcesses()): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** CPU seconds used so far by the processes of a tree (of `table`, or of /proc read now). */
export function cpuSeconds(root: number, table: ProcessTable = readProcesses()): number {
  return processTree(root, table).reduce((sum, pid) => sum + (table.get(pid)?.ticks ?? 0), 0) / TICKS_PER_S;
}

/** Proportional set size of a tree in MB: shared pages counted once across the tree. */
export function pssMb(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return kb / 1024;
}

/**
 * The process nearest `root` whose command line has `arg`, or `arg=` with any value (a browser
 * marked with a flag of its own, not its helpers).
 */
export function descendantWithArg(root: number, arg: string): number | undefined {
  for (const pid of processTree(root)) {
    try {
      if (
        readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .some((a) => a === arg || a.startsWith(`${arg}=`))
      )
        return pid;
    } catch {
      // Gone.
    }
  }
  return undefined;
}
