/**
 * The widget's entry, loaded by the shop's one script tag. Only the button lives here; see
 * call-panel/call-panel-entry.ts for what loads on the first click.
 */
import { VitrinaCallButton } from './call-button/call-button.js';
import { define } from './define.js';
import { reportPurchase, VitrinaPurchase } from './sales/purchase-element.js';

export type {
  ProductCard,
  VitrinaAddToCartEvent,
  VitrinaCallbackSentEvent,
  VitrinaCallStatusEvent,
  VitrinaCloseEvent,
  VitrinaOpenEvent,
  VitrinaPurchaseEvent,
} from './events.js';
export type { PurchaseDetails } from './sales/purchase.js';
/** A thank-you page that cannot use `<vitrina-purchase>` imports this from the same script: `import { reportPurchase } from '…/widget/vitrina.js'`. */
export { reportPurchase, VitrinaCallButton, VitrinaPurchase };

define('vitrina-call-button', VitrinaCallButton);
define('vitrina-purchase', VitrinaPurchase);
