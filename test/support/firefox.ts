import puppeteer, { type Browser } from 'puppeteer-core';
import { FIREFOX_PATH } from '../../scripts/system/ensure-system-tools.js';

/**
 * Preferences that let a headless Firefox take part in a call on this machine, as ENVIRONMENT.md
 * found them: fake camera and microphone with no prompt, ICE over loopback to a livekit-server
 * on 127.0.0.1 (Firefox leaves loopback out of its candidates otherwise and the connection never
 * forms), host candidates as addresses rather than mDNS names, and sound that plays without a
 * click (the remote voice's element, the console's ring).
 */
export const FIREFOX_PREFS: Record<string, boolean | number> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/**
 * Debian's Firefox ESR (`ensureFirefox` installs it), driven over WebDriver BiDi by puppeteer-core,
 * which never downloads a browser of its own. Each call gets a fresh profile.
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // The Chromium tests' window (playwright.config.ts), rather than puppeteer's 800×600.
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: FIREFOX_PREFS,
  });
}
