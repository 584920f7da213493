import { execFileSync, spawnSync } from 'node:child_process';

const tc = (...args: string[]) => execFileSync('tc', args, { stdio: 'pipe' });

/**
 * Drops every packet to and from the given loopback ports, as a dead link would: loopback
 * traffic is classified by port into a queue that holds nothing (a pfifo of limit 0), and all
 * other traffic passes untouched. Built from the qdiscs this kernel has (htb, pfifo, u32); it
 * needs CAP_NET_ADMIN. `lift()` restores loopback.
 */
export function cut(ports: readonly number[]): void {
  lift();
  tc('qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb');
  tc('class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:66', 'htb', 'rate', '10gbit', 'quantum', '60000');
  tc('qdisc', 'add', 'dev', 'lo', 'parent', '1:66', 'handle', '66:', 'pfifo', 'limit', '0');
  for (const port of ports) {
    for (const end of ['sport', 'dport']) {
      tc('filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32', 'match', 'ip', end, String(port), '0xffff', 'flowid', '1:66');
    }
  }
}

/** Takes any cut away (safe to call when there is none). */
export function lift(): void {
  spawnSync('tc', ['qdisc', 'del', 'dev', 'lo', 'root'], { stdio: 'ignore' });
}

/** Whether this machine lets us cut traffic (root with CAP_NET_ADMIN and tc installed). */
export function canCut(): boolean {
  try {
    cut([1]);
    return true;
  } catch {
    return false;
  } finally {
    lift();
  }
}
