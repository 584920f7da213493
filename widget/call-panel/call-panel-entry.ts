/** The lazily loaded half of the widget: the panel, its media views, and livekit-client with them. */
import { VitrinaCallbackForm } from '../callback-form/callback-form.js';
import { VitrinaDeviceCheck } from '../device-check/device-check.js';
import { define } from '../define.js';
import { VitrinaMediaView } from '../media-view/media-view.js';
import { VitrinaCallStage } from '../call-stage/call-stage.js';
import { VitrinaCallPanel } from './call-panel.js';

define('vitrina-media-view', VitrinaMediaView);
define('vitrina-call-stage', VitrinaCallStage);
define('vitrina-callback-form', VitrinaCallbackForm);
define('vitrina-device-check', VitrinaDeviceCheck);
define('vitrina-call-panel', VitrinaCallPanel);
