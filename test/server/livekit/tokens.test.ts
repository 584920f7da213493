import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { mintAgentToken, mintShopperToken } from '../../../server/livekit/tokens.js';

const keys = { apiKey: 'APIkey', apiSecret: 's'.repeat(40) };

interface LivekitClaims {
  iss: string;
  sub: string;
  exp: number;
  nbf: number;
  video: {
    room: string;
    roomJoin: boolean;
    canPublish: boolean;
    canSubscribe: boolean;
    canPublishData: boolean;
    canPublishSources: string[];
    canUpdateOwnMetadata: boolean;
    roomAdmin?: boolean;
    roomCreate?: boolean;
    roomList?: boolean;
    recorder?: boolean;
    hidden?: boolean;
  };
}

const decode = (token: string) => jwt.verify(token, keys.apiSecret) as LivekitClaims;

describe('LiveKit tokens', () => {
  it('lets a shopper into their own call room only, briefly, with camera and microphone only', async () => {
    const claims = decode(await mintShopperToken(keys, { room: 'call_abc', identity: 'shopper-call_abc', ttlS: 600 }));
    assert.equal(claims.iss, 'APIkey');
    assert.equal(claims.sub, 'shopper-call_abc');
    assert.equal(claims.video.room, 'call_abc');
    assert.equal(claims.video.roomJoin, true);
    assert.deepEqual([...claims.video.canPublishSources].sort(), ['camera', 'microphone', 'screen_share']);
    assert.equal(claims.video.canPublishData, false);
    assert.equal(claims.video.canUpdateOwnMetadata, false);
    for (const power of ['roomAdmin', 'roomCreate', 'roomList', 'recorder', 'hidden'] as const) {
      assert.ok(!claims.video[power], `${power} must not be granted`);
    }
    assert.equal(claims.exp - claims.nbf, 600);
  });

  it('lets an agent into the one offered room, with screen sharing as well', async () => {
    const claims = decode(await mintAgentToken(keys, { room: 'call_xyz', identity: 'agent-agent_1', name: 'Anna', ttlS: 300 }));
    assert.equal(claims.sub, 'agent-agent_1');
    assert.equal(claims.video.room, 'call_xyz');
    assert.deepEqual([...claims.video.canPublishSources].sort(), ['camera', 'microphone', 'screen_share', 'screen_share_audio']);
    assert.ok(!claims.video.roomAdmin && !claims.video.roomList && !claims.video.hidden);
    assert.equal(claims.exp - claims.nbf, 300);
  });

  it('is refused when signed with another secret', async () => {
    const token = await mintShopperToken({ ...keys, apiSecret: 'o'.repeat(40) }, { room: 'r', identity: 'i', ttlS: 60 });
    assert.throws(() => decode(token), /invalid signature/);
  });
});
