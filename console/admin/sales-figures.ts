import { html, type TemplateResult } from 'lit';
import type { Analytics, FunnelFigures, SalesFigures } from '../../server/contract/admin.js';
import { pathOf, routes } from '../../server/contract/routes.js';
import { money, percent } from './format.js';
import type { AdminStrings } from './i18n/strings.js';

/** A page's address without the shop's origin, which every row shares. */
const shortUrl = (url: string) => {
  try {
    const u = new URL(url);
    return u.pathname || '/';
  } catch {
    return url;
  }
};

const salesCells = (s: SalesFigures) =>
  html`<td>${s.orders}</td>
    <td>${percent(s.conversion)}</td>
    <td>${money(s.revenue)}</td>
    <td>${money(s.averageOrder)}</td>`;

const STEPS = ['shown', 'opened', 'started', 'answered', 'ordered'] as const;

/** Each step's count and its share of the step before (the first step has none). */
const funnelCells = (f: FunnelFigures) =>
  STEPS.map((step, i) => {
    const before = i === 0 ? undefined : f[STEPS[i - 1]];
    const share = before === undefined || before === 0 ? '' : ` (${percent(f[step] / before)})`;
    return html`<td>${f[step]}<span class="muted">${share}</span></td>`;
  });

/** Button shown → panel opened → call started → answered → ordered, in all and per page. */
function funnel(a: AdminStrings['analytics'], d: Analytics): TemplateResult {
  return html`<h3>${a.funnel}</h3>
    <div style="overflow-x:auto">
      <table data-testid="funnel">
        <thead>
          <tr>
            <th>${a.page}</th>
            ${STEPS.map((step) => html`<th>${a.funnelSteps[step]}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${d.funnel.pages.map(
            (p) =>
              html`<tr>
                <td><a href=${p.url} target="_blank" rel="noopener noreferrer" title=${p.url}>${p.title || shortUrl(p.url)}</a></td>
                ${funnelCells(p)}
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr data-testid="funnel-total">
            <th scope="row">${a.allPages}</th>
            ${funnelCells(d.funnel.total)}
          </tr>
        </tfoot>
      </table>
    </div>`;
}

/**
 * The analytics page's sales: the shop's orders credited to calls, per consultant beside what
 * they said came of their calls, per page, and the period's calls and orders as CSV.
 */
export function salesFigures(a: AdminStrings['analytics'], d: Analytics, period: { from?: number | undefined; to?: number | undefined }): TemplateResult {
  const total = d.total.sales;
  const tile = (label: string, value: string, id: string) =>
    html`<div class="card" data-testid=${id}>
      <div class="muted" style="font-size:13px">${label}</div>
      <div style="font-size:24px;font-weight:600">${value}</div>
    </div>`;
  const csv = (name: 'exportCalls' | 'exportOrders') => pathOf(routes[name], { query: period });
  return html`<h3>${a.sales}</h3>
    <div style="display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(150px,1fr))" data-testid="sales-totals">
      ${tile(a.orders, String(total.orders), 'orders')} ${tile(a.revenue, money(total.revenue), 'revenue')}
      ${tile(a.conversion, `${percent(total.conversion)} (${total.callsWithOrders})`, 'conversion')}
      ${tile(a.averageOrder, money(total.averageOrder), 'average-order')}
    </div>
    <p>
      ${a.download}: <a href=${csv('exportCalls')} download data-testid="calls-csv">${a.callsCsv}</a> ·
      <a href=${csv('exportOrders')} download data-testid="orders-csv">${a.ordersCsv}</a>
    </p>
    <div style="overflow-x:auto">
      <table data-testid="sales-per-consultant">
        <thead>
          <tr>
            <th>${a.consultant}</th>
            <th>${a.answered}</th>
            <th>${a.orders}</th>
            <th>${a.conversion}</th>
            <th>${a.revenue}</th>
            <th>${a.averageOrder}</th>
            <th>${a.saidSold}</th>
            <th>${a.saidFollowUp}</th>
            <th>${a.saidNoSale}</th>
          </tr>
        </thead>
        <tbody>
          ${d.consultants
            .filter((c) => c.answered > 0 || c.sales.orders > 0)
            .map(
              (c) =>
                html`<tr data-agent-id=${c.agentId}>
                  <td>${c.name}</td>
                  <td>${c.answered}</td>
                  ${salesCells(c.sales)}
                  <td>${c.outcomes.sold}</td>
                  <td>${c.outcomes.followUp}</td>
                  <td>${c.outcomes.noSale}</td>
                </tr>`,
            )}
        </tbody>
      </table>
    </div>
    ${funnel(a, d)}
    <h3>${a.perPage}</h3>
    <div style="overflow-x:auto">
      <table data-testid="sales-per-page">
        <thead>
          <tr>
            <th>${a.page}</th>
            <th>${a.calls}</th>
            <th>${a.answered}</th>
            <th>${a.orders}</th>
            <th>${a.conversion}</th>
            <th>${a.revenue}</th>
            <th>${a.averageOrder}</th>
          </tr>
        </thead>
        <tbody>
          ${d.pages.map(
            (p) =>
              html`<tr>
                <td><a href=${p.url} target="_blank" rel="noopener noreferrer" title=${p.url}>${p.title || shortUrl(p.url)}</a></td>
                <td>${p.calls}</td>
                <td>${p.answered}</td>
                ${salesCells(p.sales)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
