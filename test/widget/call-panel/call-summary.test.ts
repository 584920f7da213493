import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { VitrinaCallSummary, type EmailOutcome } from '../../../widget/call-panel/call-summary.js';
import type { ShopperSummary } from '../../../server/contract/call-summary.js';

if (!customElements.get('vitrina-call-summary')) customElements.define('vitrina-call-summary', VitrinaCallSummary);

const SUMMARY: ShopperSummary = {
  consultant: 'Anna',
  page: { url: 'https://shop.test/p/lamp', title: 'Lamp' },
  products: [{ title: 'Copper kettle', price: '€89', url: 'https://shop.test/p/kettle' }],
  links: ['https://shop.test/care'],
  canEmail: true,
};

async function mount(summary: ShopperSummary | undefined, answers: EmailOutcome[] = []) {
  const asked: [string, string | undefined][] = [];
  const el = await fixture<VitrinaCallSummary>(
    html`<div lang="en">
      <vitrina-call-summary
        .load=${() => Promise.resolve(summary)}
        .email=${(address: string, language: string | undefined) => (asked.push([address, language]), Promise.resolve(answers.shift() ?? 'sent'))}
      ></vitrina-call-summary>
    </div>`,
  );
  const summaryEl = el.querySelector('vitrina-call-summary') as VitrinaCallSummary;
  await summaryEl.updateComplete;
  await new Promise((r) => setTimeout(r, 0));
  return { root: summaryEl.shadowRoot as ShadowRoot, asked };
}

describe('vitrina-call-summary', () => {
  it('lists what the consultant showed and e-mails it to the address given', async () => {
    const { root, asked } = await mount(SUMMARY, ['bad-address', 'sent']);
    await waitUntil(() => root.querySelector('[part=summary]'), 'the summary shows');
    const links = [...root.querySelectorAll('a')].map((a) => [a.textContent, a.href]);
    expect(links).to.deep.equal([
      ['Copper kettle', 'https://shop.test/p/kettle'],
      ['https://shop.test/care', 'https://shop.test/care'],
    ]);
    const input = root.querySelector('input[type=email]') as HTMLInputElement;
    input.value = 'vera@example';
    root.querySelector('form')?.requestSubmit();
    await waitUntil(() => root.querySelector('[role=status]')?.textContent === 'Please check the e-mail address.', 'says the address is wrong');
    input.value = 'vera@example.test';
    root.querySelector('form')?.requestSubmit();
    await waitUntil(() => root.querySelector('[role=status]')?.textContent === 'Sent to vera@example.test.', 'says where it went');
    expect(asked).to.deep.equal([
      ['vera@example', 'en'],
      ['vera@example.test', 'en'],
    ]);
    expect(root.querySelector('form'), 'sent once: the form goes').to.equal(null);
  });

  it('shows nothing when the call had nothing to keep, and no form when the shop sends no mail', async () => {
    expect((await mount(undefined)).root.querySelector('[part=summary]')).to.equal(null);
    expect((await mount({ ...SUMMARY, products: [], links: [] })).root.querySelector('[part=summary]')).to.equal(null);
    const { root } = await mount({ ...SUMMARY, canEmail: false });
    expect(root.querySelector('[part=summary]')).not.to.equal(null);
    expect(root.querySelector('form')).to.equal(null);
  });
});
