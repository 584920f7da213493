import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureDigest } from '../../scripts/failure-digest.js';

const playwright = `Running 3 tests using 1 worker

  ✓  1 test/e2e/a.spec.ts:5:1 › fine (1.0s)
  ✘  2 test/e2e/b.spec.ts:9:1 › broken (2.0s)
  ✓  3 test/e2e/c.spec.ts:3:1 › fine again (1.0s)

  1) test/e2e/b.spec.ts:9:1 › broken ───────────────

    Error: expect(locator).toBeVisible() failed

      12 |   await expect(page.getByText('Hello')).toBeVisible();

  1 failed
    test/e2e/b.spec.ts:9:1 › broken
  2 passed (4.0s)
`;

const node = `▶ queue
  ✔ serves the first (1.2ms)
  ✖ rings the chosen one (3.1ms)
ℹ tests 2
ℹ pass 1
ℹ fail 1

✖ failing tests:

test at test/server/queue/router.test.ts:40:3
✖ rings the chosen one (3.1ms)
  AssertionError: expected 'boris'
`;

describe('what failed, repeated beside the table', () => {
  it("takes Playwright's numbered failures, up to its summary", () => {
    assert.deepEqual(failureDigest(playwright), [
      '  1) test/e2e/b.spec.ts:9:1 › broken ───────────────',
      '    Error: expect(locator).toBeVisible() failed',
      "      12 |   await expect(page.getByText('Hello')).toBeVisible();",
    ]);
  });

  it("takes node's list of failing tests with their errors", () => {
    const digest = failureDigest(node);
    assert.equal(digest[0], '✖ failing tests:');
    assert.ok(digest.includes('✖ rings the chosen one (3.1ms)'));
    assert.ok(digest.includes("  AssertionError: expected 'boris'"));
    assert.ok(!digest.some((l) => l.includes('serves the first')), 'passing tests are left out');
  });

  it('is empty when nothing failed, and cut short when long', () => {
    assert.deepEqual(failureDigest('  3 passed (4.0s)\n'), []);
    const long = failureDigest(`✖ failing tests:\n${Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')}`, 10);
    assert.equal(long.length, 11);
    assert.match(long[10] ?? '', /^… and 91 lines more/);
  });
});
