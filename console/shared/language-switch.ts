import { html, type TemplateResult } from 'lit';
import { CONSOLE_LANGUAGES, chooseConsoleLanguage } from './console-language.js';

/** A small select in a console's header; each language is named in itself, so anyone finds theirs. */
export function renderLanguageSwitch(host: Element): TemplateResult {
  const current = document.documentElement.lang || 'en';
  return html`<select class="language" aria-label="Language · Язык" @change=${(e: Event) => chooseConsoleLanguage((e.target as HTMLSelectElement).value, host)}>
    ${Object.entries(CONSOLE_LANGUAGES).map(([code, name]) => html`<option value=${code} ?selected=${code === current}>${name}</option>`)}
  </select>`;
}
