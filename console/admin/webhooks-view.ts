import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  WEBHOOK_EVENTS,
  type DeliveryStatus,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEvent,
} from '../../server/contract/webhook-events.js';
import { problemText, type ConsoleApi } from '../shared/console-api.js';
import { adminStyles } from './admin.styles.js';
import { when } from './format.js';
import { adminStrings } from './i18n/strings.js';
import { formText } from '../../widget/form-text.js';

/**
 * The shop's systems told as things happen: endpoints (address, events, the signing secret on
 * request) and the delivery log, where a delivery not taken can be sent again.
 */
export class VitrinaAdminWebhooks extends LitElement {
  static override styles = [adminStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @state() private endpoints: WebhookEndpointView[] = [];
  @state() private deliveries: WebhookDeliveryView[] = [];
  @state() private filter: DeliveryStatus | '' = '';
  /** Secrets the owner asked to see, by endpoint. */
  @state() private secrets: Record<string, string> = {};
  @state() private error = '';
  private refresh: number | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // The log moves by itself as retries happen.
    this.refresh = window.setInterval(() => void this.loadDeliveries(), 5000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.refresh);
  }

  private async load(): Promise<void> {
    try {
      this.endpoints = await this.api.call('webhookEndpoints');
      await this.loadDeliveries();
    } catch (err) {
      this.error = problemText(err, adminStrings(this).webhooks.couldNotLoad);
    }
  }

  private async loadDeliveries(): Promise<void> {
    this.deliveries = await this.api.call('webhookDeliveries', { query: { limit: 100, ...(this.filter ? { status: this.filter } : {}) } });
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const events = data.getAll('events').map(String) as WebhookEvent[];
    try {
      const made = await this.api.call('addWebhookEndpoint', {
        body: { url: formText(data, 'url').trim(), events, description: formText(data, 'description') },
      });
      this.secrets = { ...this.secrets, [made.id]: made.secret };
      this.error = '';
      form.reset();
      await this.load();
    } catch (err) {
      this.error = problemText(err, adminStrings(this).couldNotSave);
    }
  }

  private async reveal(endpoint: WebhookEndpointView): Promise<void> {
    const { secret } = await this.api.call('webhookSecret', { params: { endpointId: endpoint.id } });
    this.secrets = { ...this.secrets, [endpoint.id]: secret };
  }

  private async removeEndpoint(endpoint: WebhookEndpointView): Promise<void> {
    if (!confirm(adminStrings(this).webhooks.removeConfirm(endpoint.url))) return;
    try {
      await this.api.call('removeWebhookEndpoint', { params: { endpointId: endpoint.id } });
      await this.load();
    } catch (err) {
      this.error = problemText(err, adminStrings(this).couldNotSave);
    }
  }

  private async sendAgain(delivery: WebhookDeliveryView): Promise<void> {
    try {
      await this.api.call('redeliverWebhook', { params: { deliveryId: delivery.id } });
      await this.loadDeliveries();
    } catch (err) {
      this.error = problemText(err, adminStrings(this).couldNotSave);
    }
  }

  private endpointCard(w: ReturnType<typeof adminStrings>['webhooks'], e: WebhookEndpointView): TemplateResult {
    const secret = this.secrets[e.id];
    return html`<li class="card" data-endpoint-id=${e.id} style="display:grid;gap:6px;list-style:none">
      <div style="display:flex;gap:8px;flex-wrap:wrap;align-items:baseline;justify-content:space-between">
        <strong style="word-break:break-all">${e.url}</strong>
        <span class="muted">${e.description}</span>
      </div>
      <div>${e.events.map((ev) => html`<span class="tag">${ev}</span> `)}</div>
      ${
        secret
          ? html`<p style="margin:0;word-break:break-all">${w.secret}: <code data-testid="webhook-secret">${secret}</code></p>`
          : html`<div><button type="button" @click=${() => this.reveal(e)}>${w.showSecret}</button></div>`
      }
      <div><button type="button" class="danger" @click=${() => this.removeEndpoint(e)}>${w.remove}</button></div>
    </li>`;
  }

  protected override render(): TemplateResult {
    const t = adminStrings(this);
    const w = t.webhooks;
    return html`
      <h2>${w.title}</h2>
      <p class="muted">${w.intro}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.endpoints.length === 0
          ? html`<p class="muted">${w.none}</p>`
          : html`<ul style="display:grid;gap:12px;padding:0;margin:0 0 16px">
              ${this.endpoints.map((e) => this.endpointCard(w, e))}
            </ul>`
      }
      <form class="card" data-form="new-webhook" @submit=${this.add} style="display:grid;gap:12px">
        <h3 style="margin:0">${w.add}</h3>
        <label>${w.url} <input name="url" type="url" required placeholder="https://crm.example/hooks/vitrina" /></label>
        <label>${w.description} <input name="description" maxlength="80" placeholder="amoCRM" /></label>
        <fieldset style="border:0;padding:0;margin:0;display:grid;gap:6px;grid-template-columns:repeat(auto-fill,minmax(200px,1fr))">
          <legend>${w.events}</legend>
          ${WEBHOOK_EVENTS.map(
            (ev) =>
              html`<label style="display:flex;gap:8px;align-items:center;color:inherit;font-size:15px"
                ><input type="checkbox" name="events" value=${ev} checked style="min-height:0" /> ${w.eventNames[ev]}</label
              >`,
          )}
        </fieldset>
        <div><button type="submit" class="primary">${w.addButton}</button></div>
      </form>
      <h3>${w.log}</h3>
      <label
        >${w.show}
        <select
          name="status"
          style="max-width:280px"
          @change=${(e: Event) => {
            this.filter = (e.target as HTMLSelectElement).value as DeliveryStatus | '';
            void this.loadDeliveries();
          }}
        >
          <option value="">${w.all}</option>
          <option value="pending">${w.status.pending}</option>
          <option value="failed">${w.status.failed}</option>
          <option value="delivered">${w.status.delivered}</option>
        </select></label
      >
      <div style="overflow-x:auto">
        <table data-testid="deliveries">
          <thead>
            <tr>
              <th>${w.when}</th>
              <th>${w.event}</th>
              <th>${w.url}</th>
              <th>${w.state}</th>
              <th>${w.attempts}</th>
              <th>${w.lastAnswer}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${this.deliveries.map(
              (d) =>
                html`<tr data-delivery-id=${d.id}>
                  <td>${when(d.createdAt)}</td>
                  <td>${d.event}</td>
                  <td style="word-break:break-all">${d.url}</td>
                  <td>
                    ${w.status[d.status]}${
                      d.status === 'pending' && d.nextAttemptAt !== null ? html`<br /><span class="muted">${w.nextAt(when(d.nextAttemptAt))}</span>` : nothing
                    }
                  </td>
                  <td>${d.attempts}</td>
                  <td>${d.lastError ?? (d.lastStatus === null ? '—' : String(d.lastStatus))}</td>
                  <td><button type="button" @click=${() => this.sendAgain(d)}>${w.sendAgain}</button></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}
