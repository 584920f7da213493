/** The device check, loaded when a shopper opens it from the lobby: most never do. */
import { define } from '../define.js';
import { VitrinaDeviceCheck } from './device-check.js';

define('vitrina-device-check', VitrinaDeviceCheck);
