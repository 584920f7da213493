import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pacer } from '../../../server/queue/pacer.js';

describe('Pacer', () => {
  it('sends the first value at once, then only the newest of a burst, once the interval has passed', async () => {
    const sent: number[] = [];
    const pacer = new Pacer<number>(60, (n) => (sent.push(n), true));
    pacer.offer(1);
    assert.deepEqual(sent, [1]);
    for (const n of [2, 3, 4]) pacer.offer(n);
    assert.deepEqual(sent, [1], 'a burst inside the interval waits');
    await sleep(120);
    assert.deepEqual(sent, [1, 4], 'then only its newest goes out');
    await sleep(80);
    pacer.offer(5);
    assert.deepEqual(sent, [1, 4, 5], 'after a quiet interval a change goes out at once again');
    pacer.stop();
  });

  it('lets a value that sent nothing (unchanged) not hold the next one back', () => {
    const seen: string[] = [];
    const pacer = new Pacer<string>(10_000, (v) => (seen.push(v), v !== 'unchanged'));
    pacer.offer('unchanged');
    pacer.offer('changed');
    assert.deepEqual(seen, ['unchanged', 'changed']);
    pacer.offer('later');
    assert.deepEqual(seen, ['unchanged', 'changed'], 'something went out: the next waits for the interval');
    pacer.stop();
  });

  it('sends nothing once stopped', async () => {
    const sent: number[] = [];
    const pacer = new Pacer<number>(30, (n) => (sent.push(n), true));
    pacer.offer(1);
    pacer.offer(2);
    pacer.stop();
    await sleep(60);
    assert.deepEqual(sent, [1]);
  });
});
