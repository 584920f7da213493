import { CHROMIUM_PATH } from '../../scripts/system/ensure-chromium.js';

/** Headless flags checked on this machine kind; the fake devices give a live camera, microphone and screen. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export const chromiumLaunchOptions = { executablePath: CHROMIUM_PATH, args: chromiumArgs };
