/**
 * A small W3C WebDriver client over `fetch`: the commands the WebKit suite needs, no npm
 * dependency (Playwright cannot drive Debian's WebKitGTK; its own WebKit build is a download).
 */

/** The W3C key that marks a web element reference in JSON. */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
export const SHADOW_ROOT_KEY = 'shadow-6066-11e4-a52e-4f735466cecf';

export interface ElementRef {
  [ELEMENT_KEY]: string;
}

export interface ShadowRootRef {
  [SHADOW_ROOT_KEY]: string;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the driver sends back when a command fails: the W3C error code, so a test can tell "not supported" from a bug. */
export class WebDriverError extends Error {
  constructor(
    readonly command: string,
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(`${command} → ${status} ${error}: ${message}`);
    this.name = 'WebDriverError';
  }
}

/** What goes to the driver as JSON; an element reference, too, which the page receives as the element. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json } | ElementRef;

export const isElement = (value: unknown): value is ElementRef => typeof value === 'object' && value !== null && ELEMENT_KEY in value;

async function command<T>(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: Json, signal?: AbortSignal): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    signal,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: { value?: unknown } = {};
  try {
    parsed = JSON.parse(text) as { value?: unknown };
  } catch {
    // A driver that answers with no JSON at all is reported with its text below.
  }
  if (!res.ok) {
    const value = (parsed.value ?? {}) as { error?: string; message?: string };
    throw new WebDriverError(`${method} ${path}`, res.status, value.error ?? 'unknown error', value.message ?? text.slice(0, 300));
  }
  return parsed.value as T;
}

/** Options for MiniBrowser through WebKitWebDriver. */
export interface WebKitOptions {
  /** MiniBrowser, which WebKitWebDriver starts with `--automation`. */
  binary: string;
  /** Extra MiniBrowser switches (media, mock devices). */
  args?: string[];
}

/** MiniBrowser starts in a second or two; one that has not answered by then is not coming. */
const SESSION_START_MS = 20_000;

export class WebDriverSession {
  private constructor(
    private readonly base: string,
    readonly id: string,
    readonly capabilities: Record<string, unknown>,
    private readonly onDelete: (() => void) | undefined,
  ) {}

  /** A new browser behind `driverUrl` (a running WebKitWebDriver); `onDelete` hears when it is closed. */
  static async create(driverUrl: string, webkit: WebKitOptions, onDelete?: () => void): Promise<WebDriverSession> {
    const capabilities = { alwaysMatch: { 'webkitgtk:browserOptions': { binary: webkit.binary, args: ['--automation', ...(webkit.args ?? [])] } } };
    const start = () =>
      command<{ sessionId: string; capabilities: Record<string, unknown> }>(
        driverUrl,
        'POST',
        '/session',
        { capabilities },
        AbortSignal.timeout(SESSION_START_MS),
      );
    // A MiniBrowser that never comes up (seen once in CI on a loaded machine) leaves the request hanging: one more try.
    const value = await start().catch((err: unknown) => {
      if (err instanceof WebDriverError) throw err;
      return start();
    });
    const session = new WebDriverSession(driverUrl, value.sessionId, value.capabilities, onDelete);
    // The widget's lazy chunk and the server answer within seconds; a script that waits longer is stuck.
    await session.call('POST', '/timeouts', { script: 20_000, pageLoad: 30_000, implicit: 0 });
    return session;
  }

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: Json): Promise<T> {
    return command<T>(this.base, method, `/session/${this.id}${path}`, body);
  }

  navigate(url: string): Promise<void> {
    return this.call('POST', '/url', { url });
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns what it returns. Elements come back as references. */
  execute<T = unknown>(script: string, ...args: Json[]): Promise<T> {
    return this.call<T>('POST', '/execute/sync', { script, args });
  }

  /** Like `execute`, but the result is what the script passes to its last argument, the callback. */
  executeAsync<T = unknown>(script: string, ...args: Json[]): Promise<T> {
    return this.call<T>('POST', '/execute/async', { script, args });
  }

  /** An element in the document (not inside shadow roots: see `execute` for those). */
  async find(css: string): Promise<ElementRef> {
    return this.call<ElementRef>('POST', '/element', { using: 'css selector', value: css });
  }

  /** WebDriver's own way into a shadow root; not every driver has it (see the WebKit suite). */
  shadowRoot(element: ElementRef): Promise<ShadowRootRef> {
    return this.call<ShadowRootRef>('GET', `/element/${element[ELEMENT_KEY]}/shadow`);
  }

  findInShadow(root: ShadowRootRef, css: string): Promise<ElementRef> {
    return this.call<ElementRef>('POST', `/shadow/${root[SHADOW_ROOT_KEY]}/element`, { using: 'css selector', value: css });
  }

  /** A real click: the driver scrolls the element into view and presses at its centre, as a person would. */
  click(element: ElementRef): Promise<void> {
    return this.call('POST', `/element/${element[ELEMENT_KEY]}/click`, {});
  }

  /** Typed key by key into the element, which gets focus first. */
  sendKeys(element: ElementRef, text: string): Promise<void> {
    return this.call('POST', `/element/${element[ELEMENT_KEY]}/value`, { text });
  }

  /** Empties a field the way a person selecting all and deleting would (the driver fires the change). */
  clear(element: ElementRef): Promise<void> {
    return this.call('POST', `/element/${element[ELEMENT_KEY]}/clear`, {});
  }

  /** Commands from now on act inside this frame (an `<iframe>` element), or the top page again with null. */
  switchToFrame(frame: ElementRef | null): Promise<void> {
    return this.call('POST', '/frame', { id: frame });
  }

  switchToParentFrame(): Promise<void> {
    return this.call('POST', '/frame/parent', {});
  }

  windowRect(): Promise<Rect> {
    return this.call<Rect>('GET', '/window/rect');
  }

  setWindowRect(rect: Partial<Rect>): Promise<Rect> {
    return this.call<Rect>('POST', '/window/rect', rect);
  }

  /** The viewport as a PNG. */
  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.call<string>('GET', '/screenshot'), 'base64');
  }

  /** One element (in the current frame) as a PNG, cut to its box. */
  async elementScreenshot(element: ElementRef): Promise<Buffer> {
    return Buffer.from(await this.call<string>('GET', `/element/${element[ELEMENT_KEY]}/screenshot`), 'base64');
  }

  /** Closes the browser; a session already gone is not an error. */
  async delete(): Promise<void> {
    this.onDelete?.();
    await this.call('DELETE', '').catch((err: unknown) => {
      if (!(err instanceof WebDriverError && err.error === 'invalid session id')) throw err;
    });
  }
}

/** The driver's readiness, as `GET /status` reports it. */
export async function driverReady(driverUrl: string): Promise<boolean> {
  try {
    return (await command<{ ready?: boolean }>(driverUrl, 'GET', '/status')).ready === true;
  } catch {
    return false;
  }
}
