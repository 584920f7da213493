import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseCoding, type Coding } from '../../../server/http/content-coding.js';

const both: Coding[] = ['br', 'gzip'];

describe('which encoding a file goes out in', () => {
  it('brotli when the browser takes it, gzip when only that, the plain file when neither', () => {
    assert.equal(chooseCoding('gzip, deflate, br, zstd', both), 'br');
    assert.equal(chooseCoding('gzip, deflate', both), 'gzip');
    assert.equal(chooseCoding('x-gzip', both), 'gzip');
    assert.equal(chooseCoding('deflate, zstd', both), undefined);
    assert.equal(chooseCoding(undefined, both), undefined);
    assert.equal(chooseCoding('', both), undefined);
  });

  it('honours the weights: q=0 refuses, the higher weight wins, ours breaks a tie', () => {
    assert.equal(chooseCoding('br;q=0, gzip;q=0', both), undefined);
    assert.equal(chooseCoding('br;q=0, gzip', both), 'gzip');
    assert.equal(chooseCoding('br;q=0.5, gzip;q=0.8', both), 'gzip');
    assert.equal(chooseCoding('gzip;q=0.8, br;q=0.8', both), 'br');
    assert.equal(chooseCoding('*', both), 'br');
    assert.equal(chooseCoding('*;q=0', both), undefined);
    assert.equal(chooseCoding('br;q=0, *', both), 'gzip');
    assert.equal(chooseCoding('identity, br;q=0.5', both), undefined, 'the plain file weighed higher');
    assert.equal(chooseCoding('BR ; Q=1', both), 'br');
  });

  it('only among the forms the file has', () => {
    assert.equal(chooseCoding('br, gzip', ['gzip']), 'gzip');
    assert.equal(chooseCoding('br', ['gzip']), undefined);
    assert.equal(chooseCoding('br, gzip', []), undefined);
  });
});
