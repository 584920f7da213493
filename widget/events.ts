import type { CallStatus } from './call-core/call-status.js';

/** Fired by `<vitrina-call-button>` when the shopper opens the call panel. */
export type VitrinaOpenEvent = CustomEvent<Record<string, never>>;
/** Fired when the panel is closed. */
export type VitrinaCloseEvent = CustomEvent<Record<string, never>>;
/** Fired on every change of the call's status, e.g. to pause a product video during a call. */
export type VitrinaCallStatusEvent = CustomEvent<{ status: CallStatus; callId?: string }>;

/** Fired when a shopper's call-back request reached the shop. */
export type VitrinaCallbackSentEvent = CustomEvent<Record<string, never>>;

declare global {
  interface GlobalEventHandlersEventMap {
    'vitrina-callback-sent': VitrinaCallbackSentEvent;
    'vitrina-open': VitrinaOpenEvent;
    'vitrina-close': VitrinaCloseEvent;
    'vitrina-call-status': VitrinaCallStatusEvent;
  }
}

/** Our events cross shadow roots so the shop's page can listen on the element or the document. */
export function fire<K extends 'vitrina-open' | 'vitrina-close' | 'vitrina-call-status' | 'vitrina-callback-sent'>(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K]['detail'],
): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
