import type { ProductCard } from '../server/contract/chat.js';
import type { CallStatus } from './call-core/call-status.js';

export type { ProductCard };

/** Fired by `<vitrina-call-button>` when the shopper opens the call panel. */
export type VitrinaOpenEvent = CustomEvent<Record<string, never>>;
/** Fired when the panel is closed. */
export type VitrinaCloseEvent = CustomEvent<Record<string, never>>;
/** Fired on every change of the call's status, e.g. to pause a product video during a call. */
export type VitrinaCallStatusEvent = CustomEvent<{ status: CallStatus; callId?: string }>;

/** Fired when a shopper's call-back request reached the shop. */
export type VitrinaCallbackSentEvent = CustomEvent<Record<string, never>>;

/**
 * Fired (cancelable) when the shopper presses "Add to cart" on a product the consultant sent.
 * The widget has no cart: the shop's page calls `preventDefault()` to take it, adds `product` (its
 * `productId` is the shop's own id, when the consultant gave one) to its cart, and calls
 * `respond(true)`; the card says "Added" only then. Nobody takes it: the widget opens the
 * product's page, where the shopper can buy it.
 */
export type VitrinaAddToCartEvent = CustomEvent<{
  product: ProductCard;
  callId?: string;
  /** Your page's answer: `true` once the product is in the cart (the shopper then sees "Added"), `false` when it is not. */
  respond: (added: boolean) => void;
}>;

/** Fired by `<vitrina-purchase>` once it has reported its order; `sent` is false when this browser never called (nothing was sent). */
export type VitrinaPurchaseEvent = CustomEvent<{ orderId: string; sent: boolean }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrina-purchase': VitrinaPurchaseEvent;
    'vitrina-callback-sent': VitrinaCallbackSentEvent;
    'vitrina-open': VitrinaOpenEvent;
    'vitrina-close': VitrinaCloseEvent;
    'vitrina-call-status': VitrinaCallStatusEvent;
    'vitrina-add-to-cart': VitrinaAddToCartEvent;
  }
}

/** Our events cross shadow roots so the shop's page can listen on the element or the document. */
type VitrinaEventName = 'vitrina-open' | 'vitrina-close' | 'vitrina-call-status' | 'vitrina-callback-sent' | 'vitrina-add-to-cart' | 'vitrina-purchase';

/** Fires one of our events; a `cancelable` one returns false when a listener called `preventDefault()` (it took the matter over). */
export function fire<K extends VitrinaEventName>(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K]['detail'],
  o: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: o.cancelable ?? false }));
}
