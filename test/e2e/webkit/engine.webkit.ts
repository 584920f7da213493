import { ELEMENT_KEY } from '../../support/webdriver.js';
import { BUTTON, expect, PANEL, test } from './support.js';

/** What the page could find out about its browser. */
interface EngineFacts {
  userAgent: string;
  secureContext: boolean;
  rtcPeerConnection: string;
  getDisplayMedia: string;
  setSinkId: boolean;
  tracks?: { kind: string; label: string; width?: number; height?: number }[];
  getUserMediaError?: string;
  devices: string[];
}

/**
 * The facts docs/widget.md's WebKit section states, checked on every run: if Debian's build
 * gains WebRTC one day, this fails and says so (and the call itself becomes testable here).
 */
test('the engine: MiniBrowser 2.50, mock camera and microphone on localhost, no RTCPeerConnection', async ({ shopper }, testInfo) => {
  const caps = shopper.session.capabilities;
  await shopper.open('/products/reading-chair.html');
  const facts = await shopper.session.executeAsync<EngineFacts>(`
    const done = arguments[arguments.length - 1];
    (async () => {
      const facts = {
        userAgent: navigator.userAgent,
        secureContext: isSecureContext,
        rtcPeerConnection: typeof RTCPeerConnection,
        getDisplayMedia: typeof navigator.mediaDevices?.getDisplayMedia,
        setSinkId: 'setSinkId' in HTMLMediaElement.prototype,
      };
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        facts.tracks = stream.getTracks().map((t) => ({ kind: t.kind, label: t.label, width: t.getSettings().width, height: t.getSettings().height }));
        stream.getTracks().forEach((t) => t.stop());
      } catch (e) {
        facts.getUserMediaError = e.name + ': ' + e.message;
      }
      facts.devices = (await navigator.mediaDevices.enumerateDevices()).map((d) => d.kind + ': ' + d.label);
      return facts;
    })().then(done, (e) => done({ userAgent: 'script failed: ' + e }));
  `);
  const version = `${String(caps.browserName)} ${String(caps.browserVersion)}`;
  testInfo.annotations.push({ type: 'browser', description: version }, { type: 'facts', description: JSON.stringify(facts) });
  console.log(`WebKit here: ${version}; ${JSON.stringify(facts)}`);

  expect(caps.browserName).toBe('MiniBrowser');
  expect(String(caps.browserVersion)).toMatch(/^2\.50\./);
  expect(facts.secureContext, 'http://localhost is a secure context, so getUserMedia is offered').toBe(true);
  expect(facts.getUserMediaError).toBeUndefined();
  expect(facts.tracks?.map((t) => `${t.kind}: ${t.label}`).sort()).toEqual(['audio: Mock audio device 1', 'video: Mock video device 1']);
  expect(facts.tracks?.find((t) => t.kind === 'video')?.width).toBeGreaterThan(0);
  expect(facts.rtcPeerConnection, "Debian's WebKitGTK has no WebRTC; if it now has, let the call tests run in WebKit too").toBe('undefined');
});

/** The suite reaches into shadow roots with scripts; WebKitGTK's driver also has WebDriver's own commands for it, and both find the same element. */
test("into shadow roots: WebDriver's shadow-root commands and a script find the same element, and the driver clicks it", async ({ shopper }) => {
  await shopper.open('/products/reading-chair.html');
  await expect.poll(() => shopper.find(BUTTON)).not.toBeNull();
  const byScript = await shopper.element(BUTTON);
  const root = await shopper.session.shadowRoot(await shopper.session.find('vitrina-call-button'));
  const byDriver = await shopper.session.findInShadow(root, 'button[part=button]');
  expect(byDriver[ELEMENT_KEY]).toBe(byScript[ELEMENT_KEY]);
  // A trusted click, as a person's: the driver presses at the element's centre, through the shadow root.
  await shopper.session.click(byDriver);
  await expect.poll(() => shopper.find(PANEL)).not.toBeNull();
});
