/**
 * The lazily loaded half of the widget: the panel and its media views. livekit-client comes after
 * it (call-core/load-shopper-call.ts), and the device check when the shopper opens it.
 */
import { VitrinaCallbackForm } from '../callback-form/callback-form.js';
import { define } from '../define.js';
import { VitrinaMediaView } from '../media-view/media-view.js';
import { VitrinaCallStage } from '../call-stage/call-stage.js';
import { VitrinaCallPanel } from './call-panel.js';
import { VitrinaCallSummary } from './call-summary.js';

define('vitrina-media-view', VitrinaMediaView);
define('vitrina-call-stage', VitrinaCallStage);
define('vitrina-callback-form', VitrinaCallbackForm);
define('vitrina-call-summary', VitrinaCallSummary);
define('vitrina-call-panel', VitrinaCallPanel);
