import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeptRead } from '../../../server/store/sql/kept-read.js';

/** A value in a "database", and a counter of how often it was read. */
function source(initial: number) {
  const db = { value: initial, reads: 0, gate: undefined as Promise<void> | undefined };
  const read = async () => {
    db.reads++;
    const seen = db.value;
    await db.gate;
    return [seen];
  };
  return { db, read };
}

describe('KeptRead', () => {
  it('reads once between changes, again after a change, and patches in place when told how', async () => {
    const { db, read } = source(1);
    const kept = new KeptRead(read, true);
    assert.deepEqual(await kept.get(), [1]);
    assert.deepEqual(await kept.get(), [1]);
    assert.equal(db.reads, 1);
    await kept.changing(Promise.resolve((db.value = 2)));
    assert.deepEqual(await kept.get(), [2]);
    assert.equal(db.reads, 2);
    await kept.changing(Promise.resolve((db.value = 3)), (list, written) => (list[0] = written));
    assert.deepEqual(await kept.get(), [3]);
    assert.equal(db.reads, 2, 'a patched change needs no read');
  });

  it('does not keep a read that was under way when a change was written', async () => {
    const { db, read } = source(1);
    const kept = new KeptRead(read, true);
    let open!: () => void;
    db.gate = new Promise((resolve) => (open = resolve));
    const stale = kept.get();
    await kept.changing(Promise.resolve((db.value = 2)));
    open();
    assert.deepEqual(await stale, [1]);
    db.gate = undefined;
    assert.deepEqual(await kept.get(), [2]);
  });

  it('forgets what it kept when a write fails, and keeps nothing when told not to', async () => {
    const { db, read } = source(1);
    const kept = new KeptRead(read, true);
    await kept.get();
    await assert.rejects(kept.changing(Promise.reject(new Error('disk full')), () => assert.fail('no patch for a failed write')));
    await kept.get();
    assert.equal(db.reads, 2);
    const uncached = new KeptRead(read, false);
    await uncached.get();
    await uncached.get();
    assert.equal(db.reads, 4);
  });
});
