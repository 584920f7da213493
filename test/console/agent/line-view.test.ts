import { expect, fixture } from '@open-wc/testing';
import { html, render } from 'lit';
import { renderLine, renderLineCount } from '../../../console/agent/line-view.js';
import { en } from '../../../console/agent/i18n/en.js';
import { ru } from '../../../console/agent/i18n/ru.js';
import { formatElapsed, VitrinaElapsedTime } from '../../../console/shared/elapsed-time.js';
import { define } from '../../../widget/define.js';

define('vitrina-elapsed-time', VitrinaElapsedTime);

const SHOP = 'https://shop.test';
const chair = { url: `${SHOP}/p/chair`, title: 'Chair — Shop', product: { title: 'Ash chair', url: `${SHOP}/p/chair` } };

async function shown(template: ReturnType<typeof renderLine> | ReturnType<typeof renderLineCount>): Promise<HTMLElement> {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  render(template, host);
  await Promise.all([...host.querySelectorAll<VitrinaElapsedTime>('vitrina-elapsed-time')].map((e) => e.updateComplete));
  return host;
}

describe('the line in the console', () => {
  const t = en;

  it('counts waits as m:ss, then h:mm:ss', () => {
    expect([0, 45_000, 12 * 60_000 + 3_000, 3_723_000].map(formatElapsed)).to.deep.equal(['0:00', '0:45', '12:03', '1:02:03']);
  });

  it('shows each waiting shopper: how long (in the server clock), the product or page, the language, whom they asked for, who rings, who did not answer', async () => {
    const now = Date.now();
    const host = await shown(
      renderLine({
        t,
        // The server's clock runs a minute ahead of this browser's: the wait must still read 2:00.
        clockOffsetMs: 60_000,
        shopOrigins: new Set([SHOP]),
        unanswered: [{ callId: 'call_1', page: { url: 'https://evil.test/x', title: 'Elsewhere' }, at: now, reason: 'declined' }],
        line: [
          { callId: 'call_2', since: now + 60_000 - 120_000, page: chair, language: 'de', waitingFor: 'Boris', unanswered: 2 },
          { callId: 'call_3', since: now + 60_000 - 5_000, page: { url: `${SHOP}/p/lamp`, title: 'Lamp' }, ringing: 'Anna', unanswered: 0, chat: true },
        ],
      }),
    );
    const rows = [...host.querySelectorAll('[data-testid=waiting]')].map((r) => r.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows[0]).to.match(/^2:0[01] Ash chair DE asked for Boris 2 consultants did not answer$/);
    expect(rows[1]).to.match(/^0:0[56] Lamp Text chat ringing Anna$/);
    expect(host.querySelector('[data-testid=waiting] a')?.getAttribute('href')).to.equal(`${SHOP}/p/chair`);
    const missed = host.querySelector('[data-testid=unanswered-rings]')!;
    expect(missed.textContent).to.contain('Declined');
    expect(missed.querySelector('a'), 'a page off the shop is never a link').to.equal(null);
  });

  it('says when nobody waits, and in a call shows only the count and the longest wait', async () => {
    expect((await shown(renderLine({ t, clockOffsetMs: 0, shopOrigins: new Set(), unanswered: [], line: [] }))).textContent).to.contain('Nobody is waiting.');
    expect((await shown(renderLineCount({ t, clockOffsetMs: 0, line: [] }))).textContent?.trim()).to.equal('');
    const line = [{ callId: 'call_9', since: Date.now() - 65_000, page: chair, unanswered: 0 }];
    const count = await shown(renderLineCount({ t: ru, clockOffsetMs: 0, line: [...line, { ...line[0], callId: 'call_10' }] }));
    expect(count.textContent?.replace(/\s+/g, ' ').trim()).to.match(/^ждут: 2 · 1:0[56]$/);
  });
});
