import { html, nothing, type TemplateResult } from 'lit';
import type { LineEntry } from '../../server/contract/agent.js';
import { pageLink } from '../shared/page-link.js';
import type { UnansweredRing } from './desk.js';
import type { AgentStrings } from './i18n/strings.js';

export interface LineViewOptions {
  t: AgentStrings;
  line: readonly LineEntry[];
  /** The server's clock minus this browser's. */
  clockOffsetMs: number;
  unanswered: readonly UnansweredRing[];
  shopOrigins: ReadonlySet<string>;
}

const clock = (at: number) => new Date(at).toLocaleTimeString(document.documentElement.lang || [], { hour: '2-digit', minute: '2-digit' });

/** Who waits, for whom, how long and from which page; and the rings this consultant did not answer. */
export function renderLine(o: LineViewOptions): TemplateResult {
  const { t } = o;
  return html`<section class="card line" aria-labelledby="line-title" data-testid="line">
    <h2 id="line-title">${t.lineTitle} <span class="count">${o.line.length}</span></h2>
    ${
      o.line.length === 0
        ? html`<p class="muted">${t.lineEmpty}</p>`
        : html`<ol>
            ${o.line.map(
              (w) =>
                html`<li data-testid="waiting">
                  <span class="waited" title=${t.waitingSince(clock(w.since - o.clockOffsetMs))}>
                    <vitrina-elapsed-time .since=${w.since - o.clockOffsetMs}></vitrina-elapsed-time>
                  </span>
                  <span class="where"
                    >${pageLink(w.page, o.shopOrigins, { offShop: t.offShop, label: w.page.product?.title || w.page.title || t.untitledPage })}</span
                  >
                  <span class="facts">
                    ${w.language ? html`<span class="tag">${w.language.toUpperCase()}</span>` : nothing}
                    ${w.chat ? html`<span class="tag chat">${t.kindChat}</span>` : nothing}
                    ${w.waitingFor ? html`<span class="tag chosen">${t.askedFor(w.waitingFor)}</span>` : nothing}
                    ${w.ringing ? html`<span class="tag rung">${t.ringingName(w.ringing)}</span>` : nothing}
                    ${w.unanswered > 0 ? html`<span class="tag unanswered">${t.notAnsweredBy(w.unanswered)}</span>` : nothing}
                  </span>
                </li>`,
            )}
          </ol>`
    }
    ${
      o.unanswered.length === 0
        ? nothing
        : html`<h3>${t.unansweredTitle}</h3>
            <ul class="unanswered" data-testid="unanswered-rings">
              ${o.unanswered.map(
                (r) =>
                  html`<li>
                    <small>${clock(r.at)}</small> ${r.reason === 'declined' ? t.youDeclined : t.youMissed} ·
                    ${pageLink(r.page, o.shopOrigins, { offShop: t.offShop, label: r.page.title || r.page.url })}
                  </li>`,
              )}
            </ul>`
    }
  </section>`;
}

/** In a call there is no room for the list: how many wait and the longest wait. */
export function renderLineCount(o: Pick<LineViewOptions, 't' | 'line' | 'clockOffsetMs'>): TemplateResult | typeof nothing {
  const oldest = o.line[0];
  if (!oldest) return nothing;
  return html`<span class="line-count" role="status" data-testid="line-count"
    >${o.t.waitingCount(o.line.length)} · <vitrina-elapsed-time .since=${oldest.since - o.clockOffsetMs}></vitrina-elapsed-time
  ></span>`;
}
