import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../../server/accounts/passwords.js';

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify only the right password', async () => {
    const one = await hashPassword('open sesame');
    const two = await hashPassword('open sesame');
    assert.match(one, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!one.includes('open sesame'));
    assert.notEqual(one, two, 'each hash has its own salt');
    assert.equal(await verifyPassword('open sesame', one), true);
    assert.equal(await verifyPassword('open sesame!', one), false);
    assert.equal(await verifyPassword('open sesame', 'plain-text-from-an-old-system'), false);
  });
});
