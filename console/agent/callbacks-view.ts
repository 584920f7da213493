import { html, nothing, type TemplateResult } from 'lit';
import type { CallbackRequest } from '../../server/contract/queue.js';
import { pageLink } from '../shared/page-link.js';
import type { AgentStrings } from './i18n/strings.js';

const time = (at: number) =>
  new Intl.DateTimeFormat(document.documentElement.lang || undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at);

/** The team's open call-back requests, newest first, each with a way to reach the shopper and a "done". */
export function renderCallbacks(
  t: AgentStrings,
  requests: readonly CallbackRequest[],
  shopOrigins: ReadonlySet<string>,
  done: (id: string) => void,
): TemplateResult {
  return html`<section class="card callbacks" aria-labelledby="callbacks-title">
    <h2 id="callbacks-title">${t.callbacksTitle} <span class="count">${requests.length}</span></h2>
    ${
      requests.length === 0
        ? html`<p class="muted">${t.noCallbacks}</p>`
        : html`<ul>
            ${requests.map(
              (r) =>
                html`<li data-testid="callback">
                  <div class="who">
                    <strong>${r.name}</strong>
                    ${r.phone ? html`<a href="tel:${r.phone.replace(/[^\d+]/g, '')}">${r.phone}</a>` : nothing}
                    ${r.email ? html`<a href="mailto:${r.email}">${r.email}</a>` : nothing}
                    <small>${time(r.createdAt)}${r.language ? ` · ${r.language.toUpperCase()}` : ''}</small>
                  </div>
                  ${r.preferredTime ? html`<div><span class="muted">${t.when}</span> ${r.preferredTime}</div>` : nothing}
                  ${r.note ? html`<div class="note">${r.note}</div>` : nothing} ${pageLink(r.page, shopOrigins, { offShop: t.offShop, className: 'page' })}
                  <button type="button" @click=${() => done(r.id)}>${t.done}</button>
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}
