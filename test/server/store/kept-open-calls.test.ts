import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeptOpenCalls, type OpenCallReads } from '../../../server/store/sql/kept-open-calls.js';
import type { CallRecord } from '../../../server/store/store.js';

const page = { url: 'https://shop.test/p/1', title: 'Lamp' };
const call = (id: string, createdAt: number, state: CallRecord['state'], agentId: string | null = null): CallRecord => ({
  id,
  state,
  page,
  pageNow: page,
  origin: null,
  language: null,
  requestedAgentId: null,
  front: false,
  agentId,
  createdAt,
  offeredAt: null,
  answeredAt: null,
  endedAt: null,
  endReason: null,
  kind: 'video',
  videoAskedBy: null,
  videoSince: null,
});

/** A "database" of calls, counting what was asked of it; `gate` holds a whole read open. */
function database(rows: CallRecord[]) {
  const db = { rows, asked: [] as string[], gate: undefined as Promise<void> | undefined };
  // As the database answers: oldest first.
  const open = () =>
    db.rows
      .filter((c) => c.state !== 'ended')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => ({ ...c }));
  const reads: OpenCallReads = {
    async open() {
      db.asked.push('open');
      const seen = open();
      await db.gate;
      return seen;
    },
    async waiting() {
      db.asked.push('waiting');
      return open().filter((c) => c.state === 'queued' || c.state === 'ringing');
    },
    async countQueued() {
      db.asked.push('count');
      return open().filter((c) => c.state === 'queued').length;
    },
    async busyAgentIds() {
      db.asked.push('busy');
      return open().flatMap((c) => (c.agentId ? [c.agentId] : []));
    },
    async call(id) {
      db.asked.push(`call ${id}`);
      const row = db.rows.find((c) => c.id === id);
      return row && { ...row };
    },
  };
  /** Changes a row and hands it over, as a write `RETURNING *` does. */
  const write = (id: string, change: Partial<CallRecord>): CallRecord => {
    db.rows = db.rows.map((c) => (c.id === id ? { ...c, ...change } : c));
    return { ...(db.rows.find((c) => c.id === id) as CallRecord) };
  };
  return { db, reads, write };
}

describe('KeptOpenCalls', () => {
  it('reads everything once, then takes each changed row as written, and answers the line and the busy from what it keeps', async () => {
    const { db, reads, write } = database([call('c2', 2, 'queued'), call('c1', 1, 'in-call', 'anna')]);
    const kept = new KeptOpenCalls(reads, true);
    assert.deepEqual(
      (await kept.open()).map((c) => c.id),
      ['c1', 'c2'],
    );
    assert.deepEqual(
      (await kept.waiting()).map((c) => c.id),
      ['c2'],
    );
    assert.deepEqual(await kept.busyAgentIds(), ['anna']);
    kept.changed(write('c2', { state: 'ringing', agentId: 'boris' }));
    db.rows.push(call('c0', 0, 'queued'));
    kept.changed(call('c0', 0, 'queued'));
    kept.changed(write('c1', { state: 'ended' }));
    assert.deepEqual(
      (await kept.waiting()).map((c) => [c.id, c.state]),
      [
        ['c0', 'queued'],
        ['c2', 'ringing'],
      ],
    );
    assert.deepEqual(await kept.busyAgentIds(), ['boris']);
    assert.equal(await kept.countQueued(), 1);
    assert.deepEqual(db.asked, ['open']);
    assert.throws(() => Object.assign((kept as unknown as { kept: Map<string, CallRecord> }).kept.get('c0') ?? {}, { state: 'ended' }));
  });

  it('does not keep a whole read that was under way when a call changed', async () => {
    const { db, reads, write } = database([call('c1', 1, 'queued')]);
    const kept = new KeptOpenCalls(reads, true);
    let open!: () => void;
    db.gate = new Promise((resolve) => (open = resolve));
    const stale = kept.waiting();
    kept.changed(write('c1', { state: 'ended' }));
    open();
    assert.equal((await stale).length, 1);
    db.gate = undefined;
    assert.deepEqual(await kept.waiting(), []);
  });

  it('asks the database each question when other processes write it too', async () => {
    const { db, reads, write } = database([call('c1', 1, 'ringing', 'anna')]);
    const kept = new KeptOpenCalls(reads, false);
    await kept.waiting();
    await kept.waiting();
    await kept.busyAgentIds();
    await kept.countQueued();
    kept.changed(write('c1', { state: 'ended' }));
    await kept.call('c1');
    assert.deepEqual(db.asked, ['waiting', 'waiting', 'busy', 'count', 'call c1']);
  });

  it('answers an open call from what it keeps, and an ended one from the database', async () => {
    const { db, reads, write } = database([call('c1', 1, 'queued'), call('c2', 2, 'ringing', 'anna')]);
    const kept = new KeptOpenCalls(reads, true);
    await kept.waiting();
    kept.changed(write('c2', { state: 'in-call' }));
    assert.equal((await kept.call('c2'))?.state, 'in-call');
    assert.equal((await kept.call('c1'))?.state, 'queued');
    assert.deepEqual(db.asked, ['open']);
    kept.changed(write('c1', { state: 'ended' }));
    assert.equal((await kept.call('c1'))?.state, 'ended');
    assert.equal(await kept.call('nope'), undefined);
    assert.deepEqual(db.asked, ['open', 'call c1', 'call nope']);
  });

  it('reads a row written without handing it over, and starts afresh when another change lands during that read', async () => {
    const { db, reads, write } = database([call('c1', 1, 'queued'), call('c2', 2, 'queued')]);
    const kept = new KeptOpenCalls(reads, true);
    await kept.waiting();
    write('c1', { pageNow: { url: 'https://shop.test/p/2', title: 'Sofa' } });
    await kept.reread('c1');
    assert.equal((await kept.call('c1'))?.pageNow.title, 'Sofa');
    assert.deepEqual(db.asked, ['open', 'call c1']);

    write('c2', { pageNow: { url: 'https://shop.test/p/3', title: 'Chair' } });
    const reading = kept.reread('c2');
    // Committed after the reread's statement and handed over before its answer landed.
    kept.changed(write('c2', { state: 'ended' }));
    await reading;
    assert.deepEqual(
      (await kept.waiting()).map((c) => c.id),
      ['c1'],
    );
    assert.deepEqual(db.asked, ['open', 'call c1', 'call c2', 'open']);
  });
});
