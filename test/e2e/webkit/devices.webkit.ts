import { BUTTON, expect, inPanel, Shopper, test } from './support.js';

const CHECK = inPanel('vitrina-device-check');
const inCheck = (selector: string) => [...CHECK, selector];

/** Opens the lobby on Safari's path (see pretendWebRTC) and then the device check. */
async function openDeviceCheck(shopper: Shopper): Promise<void> {
  await shopper.open('/products/linen-sofa.html');
  await expect.poll(() => shopper.find(BUTTON)).not.toBeNull();
  await shopper.pretendWebRTC();
  await shopper.click(BUTTON);
  await expect.poll(() => shopper.find(inPanel('[data-action=check-devices]'))).not.toBeNull();
  await shopper.click(inPanel('[data-action=check-devices]'));
}

const CHECK_ROOT = `
  const check = document.querySelector('vitrina-call-button').shadowRoot.querySelector('vitrina-call-panel').shadowRoot.querySelector('vitrina-device-check');
  const root = check && check.shadowRoot;
  if (!root) return null;
`;

/** The preview: its size, how far it has played, and the camera it shows. */
const preview = (shopper: Shopper) =>
  shopper.session.execute<{ width: number; time: number; camera: string | undefined } | null>(`${CHECK_ROOT}
    const video = root.querySelector('video');
    return video ? { width: video.videoWidth, time: video.currentTime, camera: video.srcObject?.getVideoTracks()[0]?.label } : null;
  `);

/** A device list: what it offers and which one it shows as chosen. */
const picker = (shopper: Shopper, key: 'cameraId' | 'microphoneId') =>
  shopper.session.execute<{ chosen: string | undefined; all: string[] } | null>(
    `${CHECK_ROOT}
    const select = root.querySelector('select[data-device=' + arguments[0] + ']');
    return select ? { chosen: select.selectedOptions[0]?.textContent.trim(), all: [...select.options].map((o) => o.textContent.trim()) } : null;
  `,
    key,
  );

const level = (shopper: Shopper) =>
  shopper.session.execute<string | null>(`${CHECK_ROOT} return root.querySelector('[role=meter]').getAttribute('aria-valuenow');`);

test("the device check with WebKit's mock camera and microphone: a moving preview, a microphone level and the devices by name", async ({ shopper, desk }) => {
  await desk();
  await openDeviceCheck(shopper);
  await expect.poll(async () => (await preview(shopper))?.width ?? 0, { message: 'the preview shows the camera' }).toBe(640);
  const first = await preview(shopper);
  await expect.poll(async () => (await preview(shopper))?.time ?? 0, { message: 'the preview plays' }).toBeGreaterThan(first?.time ?? 0);
  await expect.poll(() => picker(shopper, 'cameraId')).toEqual({ chosen: 'Mock video device 1', all: ['Mock video device 1', 'Mock video device 2'] });
  expect(await picker(shopper, 'microphoneId')).toEqual({
    chosen: 'Mock audio device 1',
    all: ['Mock audio device 1', 'Mock audio device 2', 'Mock audio device 3'],
  });
  // The mock microphone plays a tone: the level moves.
  await expect.poll(async () => Number(await level(shopper)), { message: 'the microphone level moves' }).toBeGreaterThan(0);

  // Another camera, picked as a shopper picks it: the preview switches to it.
  await shopper.click(inCheck('select[data-device=cameraId] option:nth-child(2)'));
  await expect.poll(async () => (await preview(shopper))?.camera).toBe('Mock video device 2');
  expect((await picker(shopper, 'cameraId'))?.chosen).toBe('Mock video device 2');
  expect(await shopper.find(inCheck('[role=alert]'))).toBeNull();

  // Done checking: the camera is let go.
  await shopper.click(inPanel('[data-action=check-devices]'));
  await expect.poll(() => shopper.find(CHECK)).toBeNull();
});

test('the device check on a computer with no camera or microphone: says so in words, shows no preview', async ({ webkit, desk }) => {
  await desk();
  // MiniBrowser without the mock devices, on a machine that has none: WebKit's own answer (OverconstrainedError here).
  const shopper = new Shopper(await webkit.newSession(['--enable-media-stream=true']));
  try {
    await openDeviceCheck(shopper);
    await expect.poll(() => shopper.text(inCheck('[role=alert]'))).toBe('No camera or microphone was found. Connect one and try again.');
    expect(await shopper.find(inCheck('video'))).toBeNull();
    expect(await shopper.find(inCheck('select'))).toBeNull();
    await shopper.screenshot('device-check-no-camera');
  } finally {
    await shopper.session.delete();
  }
});
