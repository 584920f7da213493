import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { aptInstall, onPath } from '../../scripts/system/ensure-system-tools.js';

/**
 * A network namespace joined to this machine by a veth pair, with addresses from 198.18.0.0/15
 * (the range set aside for network tests) and no route anywhere else: what a browser inside it
 * reaches is this machine's end of the pair and nothing more. `restrict` puts a firewall
 * (nftables) inside it, as a strict office or a carrier would. Needs root.
 */
export interface TestNetwork {
  name: string;
  /** This machine's end of the pair: servers listen here for the namespace. */
  hostAddress: string;
  /** The namespace's end. */
  innerAddress: string;
  /** Replaces the namespace's firewall: `open` (none), `no-udp`, or only TCP to the given ports. */
  restrict(rule: 'open' | 'no-udp' | { onlyTcpPorts: number[] }): void;
  /**
   * Limits the pair's throughput each way (a token bucket on each end, so media is held to it as
   * much as page loads), or lifts the limits. This kernel has no netem: delay cannot be added here.
   */
  shape(limits: { downKbit: number; upKbit: number } | 'none'): void;
  /** An executable that runs Chromium inside the namespace (Playwright's `executablePath`). */
  chromiumWrapper(chromium: string): string;
  remove(): void;
}

const run = (cmd: string, args: string[], input?: string) =>
  execFileSync(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) }).toString();

export function ensureNetworkTools(): void {
  if (process.getuid?.() !== 0) throw new Error('The restricted-network tests need root (network namespaces and nftables).');
  const missing = [onPath('ip') ? undefined : 'iproute2', onPath('nft') ? undefined : 'nftables'].filter((p): p is string => !!p);
  if (missing.length) aptInstall(missing, console.log);
}

const names = (name: string, subnet: number) => ({
  hostIf: `${name.slice(0, 10)}-h`,
  innerIf: `${name.slice(0, 10)}-n`,
  hostAddress: `198.18.0.${subnet * 4 + 1}`,
  innerAddress: `198.18.0.${subnet * 4 + 2}`,
});

/** Creates the namespace `name` (removing a leftover one of that name first). `subnet` picks a /30 of 198.18.0.0/15. */
export function createTestNetwork(name: string, subnet = 0): TestNetwork {
  ensureNetworkTools();
  const { hostIf, innerIf, hostAddress, innerAddress } = names(name, subnet);
  removeNamespace(name, hostIf);
  run('ip', ['netns', 'add', name]);
  run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', innerIf]);
  run('ip', ['link', 'set', innerIf, 'netns', name]);
  run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostIf]);
  run('ip', ['link', 'set', hostIf, 'up']);
  for (const args of [
    ['ip', 'addr', 'add', `${innerAddress}/30`, 'dev', innerIf],
    ['ip', 'link', 'set', innerIf, 'up'],
    ['ip', 'link', 'set', 'lo', 'up'],
  ]) {
    run('ip', ['netns', 'exec', name, ...args]);
  }
  return testNetwork(name, subnet);
}

/** The namespace `name`, made by `createTestNetwork` (in another process, such as Playwright's global setup). */
export function testNetwork(name: string, subnet = 0): TestNetwork {
  const { hostIf, innerIf, hostAddress, innerAddress } = names(name, subnet);
  return {
    name,
    hostAddress,
    innerAddress,
    restrict(rule) {
      const drop =
        rule === 'open'
          ? []
          : rule === 'no-udp'
            ? ['meta l4proto udp drop']
            : ['oifname "lo" accept', 'ct state established,related accept', `tcp dport { ${rule.onlyTcpPorts.join(', ')} } accept`, 'drop'];
      // One table of our own, replaced whole each time.
      const script = [
        'table inet vitrina_test',
        'delete table inet vitrina_test',
        'table inet vitrina_test {',
        '  chain out {',
        '    type filter hook output priority 0; policy accept;',
        ...drop.map((r) => `    ${r}`),
        '  }',
        '  chain in {',
        '    type filter hook input priority 0; policy accept;',
        // Nothing unasked for comes in either: a check from the server is no way out.
        ...(rule === 'no-udp'
          ? ['    meta l4proto udp drop']
          : rule === 'open'
            ? []
            : ['    iifname "lo" accept', '    ct state established,related accept', '    drop']),
        '  }',
        '}',
      ].join('\n');
      run('ip', ['netns', 'exec', name, 'nft', '-f', '-'], `${script}\n`);
    },
    shape(limits) {
      const inner = (...args: string[]) => ['ip', 'netns', 'exec', name, ...args];
      const commands =
        limits === 'none'
          ? [['tc', 'qdisc', 'del', 'dev', hostIf, 'root'], inner('tc', 'qdisc', 'del', 'dev', innerIf, 'root')]
          : [
              // The host's end sends what the namespace downloads; the namespace's end what it uploads.
              // A queue of up to a second, as a carrier's buffers hold, rather than drops at once.
              ['tc', 'qdisc', 'replace', 'dev', hostIf, 'root', 'tbf', 'rate', `${limits.downKbit}kbit`, 'burst', '16kb', 'latency', '1s'],
              inner('tc', 'qdisc', 'replace', 'dev', innerIf, 'root', 'tbf', 'rate', `${limits.upKbit}kbit`, 'burst', '16kb', 'latency', '1s'),
            ];
      for (const [cmd, ...args] of commands as [string, ...string[]][]) {
        try {
          run(cmd, args);
        } catch (err) {
          // Deleting a limit that was never set is fine.
          if (limits !== 'none') throw err;
        }
      }
    },
    chromiumWrapper(chromium) {
      const file = path.join(mkdtempSync(path.join(tmpdir(), `${name}-`)), 'chromium-in-namespace.sh');
      writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} ${chromium} "$@"\n`);
      chmodSync(file, 0o755);
      return file;
    },
    remove() {
      removeNamespace(name, hostIf);
    },
  };
}

function removeNamespace(name: string, hostIf: string): void {
  try {
    run('ip', ['netns', 'delete', name]);
  } catch {
    // not there
  }
  try {
    run('ip', ['link', 'delete', hostIf]);
  } catch {
    // went with the namespace
  }
}
