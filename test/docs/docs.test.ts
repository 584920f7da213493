import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SETTING_NAMES } from '../../server/config.js';
import { projectRoot } from '../../scripts/system/paths.js';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

/** Every import in the code that runs in browsers: the file, what it names (as a .ts path) and whether only types. */
function browserImports(): { file: string; target: string; typeOnly: boolean }[] {
  const found: { file: string; target: string; typeOnly: boolean }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(projectRoot, dir))) {
      const file = path.join(dir, name);
      if (statSync(path.join(projectRoot, file)).isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const [, type, spec] of read(file).matchAll(/^import (type )?[^;]*?from '([^']+)'/gms)) {
          const target = path.relative(projectRoot, path.resolve(path.join(projectRoot, dir), spec ?? '')).replace(/\.js$/, '.ts');
          found.push({ file, target, typeOnly: type !== undefined });
        }
      }
    }
  };
  for (const dir of ['widget', 'console', 'recordings/recorder/page']) walk(dir);
  return found;
}

/** The docs a newcomer reads first, and the boundaries they promise, checked against the code. */
describe('the docs agree with the code', () => {
  it("the README's settings table names every setting the server reads", () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Settings'), readme.indexOf('## Running in production'));
    const missing = SETTING_NAMES.filter((name) => !table.includes(`\`${name}\``));
    assert.deepEqual(missing, [], "settings missing from the README's table");
  });

  it('architecture.md\'s "where things live" names every folder, two levels deep', () => {
    const architecture = read('docs/architecture.md');
    const where = architecture.slice(architecture.indexOf('## Where things live'));
    const folders: string[] = [];
    for (const top of ['widget', 'console', 'server', 'recordings', 'scripts', 'demo', 'test', 'bench', 'docs']) {
      folders.push(`${top}/`);
      for (const name of readdirSync(path.join(projectRoot, top))) {
        if (statSync(path.join(projectRoot, top, name)).isDirectory()) folders.push(`${top}/${name}/`);
      }
    }
    // `console/*/i18n/` names both consoles' folders at once.
    const named = (folder: string) => where.includes(folder) || where.includes(folder.replace(/^(\w+)\/[^/]+\//, '$1/*/'));
    assert.deepEqual(
      folders.filter((f) => !named(f)),
      [],
      'folders missing from "where things live"',
    );
  });

  it('browser code (widget, consoles, the recorder page) imports nothing of the server but its contract', () => {
    const offending = browserImports().filter((i) => i.target.startsWith('server/') && !i.target.startsWith('server/contract/'));
    assert.deepEqual(
      offending.map((i) => `${i.file} → ${i.target}`),
      [],
    );
  });

  it("browser code takes values only from the contract's zod-free files (types may come from any): no zod in the bundles", () => {
    const withZod = browserImports().filter((i) => !i.typeOnly && i.target.startsWith('server/contract/') && /from 'zod'/.test(read(i.target)));
    assert.deepEqual(
      withZod.map((i) => `${i.file} → ${i.target}`),
      [],
    );
  });

  it('the contract imports nothing but zod and itself', () => {
    const contract = readdirSync(path.join(projectRoot, 'server/contract'));
    const outside = contract.flatMap((file) =>
      [...read(`server/contract/${file}`).matchAll(/from '([^']+)'/g)]
        .map((m) => m[1] ?? '')
        .filter((spec) => spec !== 'zod' && !spec.startsWith('./'))
        .map((spec) => `${file} → ${spec}`),
    );
    assert.deepEqual(outside, []);
  });
});
