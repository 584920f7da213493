import type { PurchaseDetails } from './purchase.js';

/**
 * `<vitrina-purchase order-id="A-1001" value="129.90" currency="EUR" product-ids="SKU-1,SKU-2">`
 * on the shop's thank-you page: reports the order once, when it is on the page. Only this stub
 * is in the loader every page loads; the reporting code comes with the first such element.
 *
 * @fires vitrina-purchase - after the report (detail: { orderId, sent }); `sent` is false when this browser never called
 */
export class VitrinaPurchase extends HTMLElement {
  private reported = false;

  connectedCallback(): void {
    if (this.reported) return;
    this.reported = true;
    void import('./purchase.js').then((m) => m.reportFromElement(this));
  }
}

/**
 * Reports an order placed in this browser, for a thank-you page that cannot use the element:
 * `import { reportPurchase } from '…/widget/vitrina.js'`. See purchase.ts.
 */
export async function reportPurchase(details: PurchaseDetails, server?: string): Promise<boolean> {
  return (await import('./purchase.js')).reportPurchase(details, server);
}
