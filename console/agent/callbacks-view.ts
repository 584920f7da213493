import { html, nothing, type TemplateResult } from 'lit';
import type { CallbackRequest } from '../../server/contract/queue.js';

const time = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** The team's open call-back requests, newest first, each with a way to reach the shopper and a "done". */
export function renderCallbacks(requests: readonly CallbackRequest[], done: (id: string) => void): TemplateResult {
  return html`<section class="card callbacks" aria-labelledby="callbacks-title">
    <h2 id="callbacks-title">Call-back requests <span class="count">${requests.length}</span></h2>
    ${requests.length === 0
      ? html`<p class="muted">None open. Shoppers who find nobody available can leave their number here.</p>`
      : html`<ul>
          ${requests.map(
            (r) => html`<li data-testid="callback">
              <div class="who">
                <strong>${r.name}</strong>
                ${r.phone ? html`<a href="tel:${r.phone.replace(/[^\d+]/g, '')}">${r.phone}</a>` : nothing}
                ${r.email ? html`<a href="mailto:${r.email}">${r.email}</a>` : nothing}
                <small>${time.format(r.createdAt)}${r.language ? ` · ${r.language.toUpperCase()}` : ''}</small>
              </div>
              ${r.preferredTime ? html`<div><span class="muted">When:</span> ${r.preferredTime}</div>` : nothing}
              ${r.note ? html`<div class="note">${r.note}</div>` : nothing}
              <a class="page" href=${r.page.url} target="_blank" rel="noopener noreferrer">${r.page.title || r.page.url}</a>
              <button type="button" @click=${() => done(r.id)}>Done</button>
            </li>`,
          )}
        </ul>`}
  </section>`;
}
