/**
 * The widget's entry, loaded by the shop's one script tag. Only the button lives here; see
 * call-panel/call-panel-entry.ts for what loads on the first click.
 */
import { VitrinaCallButton } from './call-button/call-button.js';
import { define } from './define.js';

export type { ProductCard, VitrinaAddToCartEvent, VitrinaCallbackSentEvent, VitrinaCallStatusEvent, VitrinaCloseEvent, VitrinaOpenEvent } from './events.js';
export { VitrinaCallButton };

define('vitrina-call-button', VitrinaCallButton);
