import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../../widget/call-panel/call-panel-entry.js';
import type { VitrinaCallbackForm } from '../../../widget/callback-form/callback-form.js';

const server = 'https://vitrina.test';

/** Stands in for the server: every request is kept, and answered with `reply`. */
function fakeServer(reply: () => Response) {
  const sent: unknown[] = [];
  const original = window.fetch.bind(window);
  window.fetch = async (_input, init) => {
    sent.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null'));
    return reply();
  };
  return { sent, restore: () => (window.fetch = original) };
}

async function form(lang = 'en') {
  const el = await fixture<VitrinaCallbackForm>(html`<vitrina-callback-form lang=${lang} .server=${server}></vitrina-callback-form>`);
  const root = el.shadowRoot!;
  const field = (name: string) => root.querySelector<HTMLInputElement>(`[name=${name}]`)!;
  const type = (name: string, value: string) => (field(name).value = value);
  const submit = async () => {
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await el.updateComplete;
    await el.updateComplete;
  };
  const errorOf = (name: string) => {
    const input = field(name);
    const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
    return input.getAttribute('aria-invalid') === 'true' ? ids.map((id) => root.getElementById(id)?.textContent?.trim()).find((t) => t && t !== '') : undefined;
  };
  return { el, root, field, type, submit, errorOf };
}

describe('<vitrina-callback-form>', () => {
  let server$: ReturnType<typeof fakeServer>;
  afterEach(() => server$?.restore());

  it('marks what is required: the name, and a phone or an e-mail (one is enough)', async () => {
    const { root, field } = await form();
    expect(root.textContent).to.contain('Fields marked * are required.');
    expect(field('name').required).to.equal(true);
    expect(root.querySelector('label')!.textContent).to.contain('*');
    const contact = root.querySelector('fieldset')!;
    expect(contact.querySelector('legend')!.textContent).to.contain('How can we reach you? *');
    expect(root.getElementById(contact.getAttribute('aria-describedby')!)!.textContent).to.equal('A phone number or an e-mail address; one is enough.');
  });

  it('says what is wrong with every field at once, at the field, and sends nothing', async () => {
    server$ = fakeServer(() => new Response(null, { status: 201 }));
    const { el, root, field, submit, type, errorOf } = await form();
    await submit();
    expect(errorOf('name')).to.equal('Enter your name, so the consultant knows whom to ask for.');
    expect(errorOf('phone')).to.equal('Give a phone number or an e-mail address.');
    expect(errorOf('email')).to.equal(undefined);
    expect(root.activeElement?.getAttribute('name')).to.equal('name', 'focus on the first field to mend');
    expect(root.querySelector('[role=alert]')!.textContent).to.contain('Enter your name');

    type('name', 'Maria');
    type('phone', 'call me');
    type('email', 'maria@');
    await submit();
    expect(errorOf('name')).to.equal(undefined);
    expect(errorOf('phone')).to.equal('This does not look like a phone number: use digits, e.g. +44 20 7946 0018.');
    expect(errorOf('email')).to.equal('This e-mail address looks incomplete, e.g. name@example.com.');
    expect(root.activeElement?.getAttribute('name')).to.equal('phone');
    expect(server$.sent).to.deep.equal([]);

    // Mending a field takes its error away; the others stay until they are mended too.
    type('email', 'maria@shop.test');
    field('email').dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(errorOf('email')).to.equal(undefined);
    expect(errorOf('phone')).to.equal('This does not look like a phone number: use digits, e.g. +44 20 7946 0018.');
    await expect(el).shadowDom.to.be.accessible();
  });

  it("puts the server's verdict at its field, in the page's language", async () => {
    // The browser takes "maria@shop" for an address; the server does not.
    server$ = fakeServer(
      () =>
        new Response(JSON.stringify({ error: { code: 'invalid-input', message: 'email: must be an e-mail address', field: 'email' } }), {
          status: 400,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const { type, submit, errorOf, el } = await form('ru');
    type('name', 'Мария');
    type('email', 'maria@shop');
    await submit();
    await waitUntil(() => errorOf('email'), 'the server answered');
    expect(errorOf('email')).to.equal('Адрес почты неполный, например name@example.com.');
    expect(server$.sent).to.have.length(1);
    expect(el.shadowRoot!.textContent).to.not.contain('must be');
  });

  it('sends a good request and says so', async () => {
    server$ = fakeServer(() => new Response(null, { status: 201 }));
    const { el, type, submit } = await form();
    type('name', 'Maria');
    type('phone', '+44 20 7946 0018');
    setTimeout(() => void submit());
    await oneEvent(el, 'vitrina-callback-sent');
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Thank you! We will get back to you.');
    expect(server$.sent[0]).to.include({ name: 'Maria', phone: '+44 20 7946 0018' });
  });
});
