/**
 * The top functions of a V8 CPU profile (`node --cpu-prof`), by self time and by total time,
 * grouped by function name and file: one line per function however many call paths reach it.
 *
 *   npx tsx bench/support/cpuprofile-top.ts <file.cpuprofile> [top N (25)]
 *
 * Total time counts a function once per sample even when it recurses, so it never passes 100 %.
 * Self time is also summed by package (an npm package, a Node internal area, our own folders),
 * because a cost spread thinly over a library's many functions hides in the per-function lists.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/support/cpuprofile-top.ts <file.cpuprofile> [top N]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// A file's path relative to the repository reads better than a file:// URL into node_modules.
const root = `file://${process.cwd()}/`;
const where = (url: string): string => {
  if (!url) return '';
  const local = url.startsWith(root) ? url.slice(root.length) : url;
  const nm = local.lastIndexOf('node_modules/');
  return nm >= 0 ? local.slice(nm + 'node_modules/'.length) : local;
};
const keyOf = (n: ProfileNode): string => {
  const name = n.callFrame.functionName || '(anonymous)';
  const url = where(n.callFrame.url);
  return url ? `${name}  ${url}` : name;
};

// `express/lib/router/index.js` → `express`; `node:internal/deps/undici/undici` → `node:undici`;
// `server/http/app.ts` → `server/http`; V8's own entries, such as `(garbage collector)`, stand alone.
const packageOf = (n: ProfileNode): string => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName || '(anonymous)';
  if (url.startsWith('node:internal/deps/')) return `node:${url.split('/')[2]}`;
  const nodeArea = /^node:(?:internal\/)?([^/]+)/.exec(url)?.[1];
  if (nodeArea !== undefined) return `node:${nodeArea}`;
  const rel = where(url);
  if (rel !== url && url.includes('node_modules/')) {
    const parts = rel.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? rel);
  }
  return rel.split('/').slice(0, 2).join('/');
};

const self = new Map<string, number>();
const byPackage = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let idle = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  const node = byId.get(profile.samples[i] ?? -1);
  if (!node) continue;
  all += dt;
  if (node.callFrame.functionName === '(idle)') idle += dt;
  const k = keyOf(node);
  self.set(k, (self.get(k) ?? 0) + dt);
  const pkg = packageOf(node);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const up = byId.get(id);
    if (!up) break;
    const key = keyOf(up);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + dt);
  }
}

const busy = all - idle;
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (ms, % of busy time)`);
  const rows = [...m]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [k, us] of rows) console.log(`${(us / 1000).toFixed(0).padStart(8)} ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle)`);
print('self time by package', byPackage);
print('self time', self);
print('total time', total);
