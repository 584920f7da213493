import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { freePort } from '../../../scripts/system/free-port.js';
import { LivekitNodes } from '../../../server/livekit/nodes.js';
import { silentLogger } from '../../../server/log.js';

/** Something that answers on the port as livekit-server does (200 on /), until closed. */
async function answering(port: number): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.end('OK'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

describe('the LiveKit nodes a server may use', () => {
  it('uses its own node while it answers, another while it does not, and its own again once it is back', async () => {
    const [own, other] = [await freePort(), await freePort()];
    const otherNode = await answering(other);
    const nodes = new LivekitNodes({
      urls: [`ws://127.0.0.1:${own}`, `ws://127.0.0.1:${other}`],
      apiKey: 'k',
      apiSecret: 's',
      log: silentLogger,
      timeoutMs: 500,
    });
    const lost: string[] = [];
    nodes.onNodeLost((url) => lost.push(url));
    try {
      assert.equal(nodes.url, `ws://127.0.0.1:${own}`, 'its own node first, before anything is known');
      await nodes.check();
      assert.equal(nodes.url, `ws://127.0.0.1:${other}`, 'its own node does not answer');
      assert.deepEqual(lost, [`ws://127.0.0.1:${own}`], 'the loss is told once');
      await nodes.check();
      assert.equal(lost.length, 1, 'and not again while it stays down');

      const ownNode = await answering(own);
      await nodes.check();
      assert.equal(nodes.url, `ws://127.0.0.1:${own}`, 'back to its own node');
      ownNode.close();
    } finally {
      otherNode.close();
    }
  });
});
