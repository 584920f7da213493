import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/system/free-port.js';
import { stopProcess } from '../../scripts/system/stop-process.js';
import { driverReady, WebDriverSession } from './webdriver.js';

/**
 * MiniBrowser's switches: WebRTC's media half (getUserMedia) on, answered by WebKit's mock
 * camera and microphone, so no device and no permission prompt is needed. (`--enable-webrtc`
 * changes nothing in Debian's build, which has no WebRTC: see docs/widget.md.)
 */
export const MINIBROWSER_ARGS = ['--enable-media-stream=true', '--enable-mock-capture-devices=true'];

export interface RunningWebKit {
  driverUrl: string;
  /** The X display MiniBrowser draws on, e.g. ":99". */
  display: string;
  /** A fresh MiniBrowser; `args` replaces MINIBROWSER_ARGS. Closed by `stop` if the test has not. */
  newSession(args?: string[]): Promise<WebDriverSession>;
  stop(): Promise<void>;
}

/** Resolves with the first line `child` writes to `stream`, or rejects when it exits first. */
function firstLine(child: ChildProcess, stream: NodeJS.ReadableStream, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before it was ready`)));
  });
}

/** Stops a process group we started (the driver, its MiniBrowser and WebKit's helper processes) and waits for its leader. */
async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // The group is gone already.
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  // A browser the driver left behind would outlive it in the same group.
  signal('SIGKILL');
}

/**
 * Xvfb on a display it picks itself (`-displayfd`: no race for a free number) and
 * WebKitWebDriver on a free port drawing there, with a throwaway home for WebKit's data so no
 * run sees another's storage. `stop` closes every session and ends both processes.
 */
export async function startWebKit(o: { driver: string; miniBrowser: string }): Promise<RunningWebKit> {
  const home = mkdtempSync(path.join(tmpdir(), 'vitrina-webkit-'));
  const output: string[] = [];
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  xvfb.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const sessions = new Set<WebDriverSession>();
  let driver: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all([...sessions].map((s) => s.delete().catch(() => undefined)));
    sessions.clear();
    if (driver) await stopGroup(driver);
    await stopProcess(xvfb, 'SIGTERM', 3_000);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const fd = xvfb.stdio[3];
    if (!fd) throw new Error('Xvfb has no display pipe');
    const display = `:${(await firstLine(xvfb, fd as NodeJS.ReadableStream, 'Xvfb')).trim()}`;
    const port = await freePort();
    driver = spawn(o.driver, [`--port=${port}`, '--host=127.0.0.1'], {
      env: {
        ...process.env,
        DISPLAY: display,
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        XDG_CONFIG_HOME: path.join(home, 'config'),
        // No Wayland and no accessibility bus here: GTK would look for both and warn on every start.
        WAYLAND_DISPLAY: '',
        NO_AT_BRIDGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so `stop` reaches MiniBrowser and WebKit's web and network processes too.
      detached: true,
    });
    driver.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    driver.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const driverUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 15_000;
    while (!(await driverReady(driverUrl))) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with code ${driver.exitCode}:\n${output.join('')}`);
      if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${driverUrl} within 15 s:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      driverUrl,
      display,
      async newSession(args = MINIBROWSER_ARGS) {
        const session = await WebDriverSession.create(driverUrl, { binary: o.miniBrowser, args }, () => sessions.delete(session));
        sessions.add(session);
        return session;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
