import { CHROMIUM_PATH } from '../../scripts/system/ensure-system-tools.js';
import flags from './chromium-flags.json' with { type: 'json' };

/**
 * Headless flags checked on this machine kind (see chromium-flags.json, which
 * web-test-runner.config.mjs reads too); the fake devices give a live camera, microphone and screen.
 */
export const chromiumLaunchOptions = { executablePath: CHROMIUM_PATH, args: flags };
