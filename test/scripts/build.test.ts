import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { parse } from 'acorn';
import * as esbuild from 'esbuild';
import { widgetBuild } from '../../scripts/build.js';

it('writes the widget in ES2021, so Safari 14, Chrome 85 and Firefox 79 parse every file of it', async () => {
  const built = await esbuild.build({ ...widgetBuild(path.join(tmpdir(), 'vitrina-widget-syntax'), { minify: true }), write: false });
  const files = built.outputFiles.filter((f) => f.path.endsWith('.js'));
  // The entry (the button) and the chunks the first click loads (the panel, livekit-client).
  assert.ok(files.length >= 2, `${files.length} files`);
  for (const file of files) {
    assert.doesNotThrow(() => parse(file.text, { ecmaVersion: 2021, sourceType: 'module' }), `${path.basename(file.path)} is not ES2021`);
  }
});
