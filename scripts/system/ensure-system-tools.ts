import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

export const onPath = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

/** Installs Debian packages with apt-get when running as root; otherwise says what to install. */
export function aptInstall(packages: string[], say: (line: string) => void): void {
  const canApt = process.getuid?.() === 0 && onPath('apt-get');
  if (!canApt) {
    throw new Error(`Missing ${packages.join(', ')}. Install with: sudo apt-get install -y ${packages.join(' ')}`);
  }
  say(`Installing ${packages.join(', ')} from Debian packages (apt-get install)…`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed with exit code ${run.status}`);
  }
}

/** Debian's Chromium (tests and the recorder); tools must never download a browser of their own. */
export function ensureChromium(say: (line: string) => void = console.log): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH is set to ${CHROMIUM_PATH}, which does not exist.`);
  aptInstall(['chromium'], say);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

/**
 * Debian's Firefox ESR, for the end-to-end suite's other engine (`e2e-firefox`), which puppeteer-core
 * drives over WebDriver BiDi. Only that suite needs it, so it is not among `ensureSystemTools`.
 */
export function ensureFirefox(say: (line: string) => void = console.log): string {
  if (existsSync(FIREFOX_PATH)) return FIREFOX_PATH;
  aptInstall(['firefox-esr'], say);
  if (!existsSync(FIREFOX_PATH)) throw new Error(`apt-get installed firefox-esr but ${FIREFOX_PATH} is still missing`);
  return FIREFOX_PATH;
}

/** ffmpeg and ffprobe: they finish recordings (stream copy) and make the composite download. */
export function ensureFfmpeg(say: (line: string) => void = console.log): void {
  if (onPath('ffmpeg') && onPath('ffprobe')) return;
  aptInstall(['ffmpeg'], say);
}

/** Where Debian's WebKitGTK keeps MiniBrowser (not on PATH); MINIBROWSER_PATH overrides. */
export function miniBrowserPath(): string | undefined {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  const lib = '/usr/lib';
  const arches = existsSync(lib) ? readdirSync(lib).filter((d) => d.endsWith('-linux-gnu')) : [];
  return arches.map((arch) => path.join(lib, arch, 'webkit2gtk-4.1', 'MiniBrowser')).find((p) => existsSync(p));
}

/** Debian's WebKitGTK (WebKitWebDriver with MiniBrowser) and Xvfb for it to draw on: the WebKit suite, the engine Safari is built on. */
export function ensureWebkit(say: (line: string) => void = console.log): { driver: string; miniBrowser: string } {
  if (!onPath('WebKitWebDriver') || !onPath('Xvfb') || !miniBrowserPath()) aptInstall(['webkit2gtk-driver', 'xvfb'], say);
  const miniBrowser = miniBrowserPath();
  if (!miniBrowser) throw new Error('webkit2gtk-driver is installed but MiniBrowser is not under /usr/lib/<arch>/webkit2gtk-4.1/; set MINIBROWSER_PATH');
  return { driver: 'WebKitWebDriver', miniBrowser };
}

/** Everything from the system's package manager that the server's recorder and the tests need. */
export function ensureSystemTools(say: (line: string) => void = console.log): void {
  ensureChromium(say);
  ensureFfmpeg(say);
}
