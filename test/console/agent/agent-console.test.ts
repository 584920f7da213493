import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { define } from '../../../widget/define.js';
import { VitrinaAgentConsole } from '../../../console/agent/agent-console.js';

define('vitrina-agent-console', VitrinaAgentConsole);

describe('<vitrina-agent-console>', () => {
  // No server here: the session check fails and the sign-in form shows.
  for (const [lang, button, email] of [
    ['en', 'Sign in', 'E-mail'],
    ['ru', 'Войти', 'Эл. почта'],
  ] as const) {
    it(`signs in in ${lang}, accessibly`, async () => {
      const el = await fixture<VitrinaAgentConsole>(html`<vitrina-agent-console lang=${lang}></vitrina-agent-console>`);
      await waitUntil(() => el.shadowRoot!.querySelector('form'), 'the sign-in form');
      expect(el.shadowRoot!.querySelector('button[type=submit]')!.textContent.trim()).to.equal(button);
      expect(el.shadowRoot!.querySelector('label')!.textContent).to.contain(email);
      await expect(el).shadowDom.to.be.accessible();
    });
  }
});
