import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SETTING_NAMES } from '../../server/config.js';
import { projectRoot } from '../../scripts/system/paths.js';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

/** The docs a newcomer reads first, checked against the code they describe. */
describe('the docs agree with the code', () => {
  it('the README\'s settings table names every setting the server reads', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Settings'), readme.indexOf('## Running in production'));
    const missing = SETTING_NAMES.filter((name) => !table.includes(`\`${name}\``));
    assert.deepEqual(missing, [], 'settings missing from the README\'s table');
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
    assert.deepEqual(folders.filter((f) => !named(f)), [], 'folders missing from "where things live"');
  });
});
