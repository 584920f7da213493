import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../../widget/device-check/device-check-entry.js';
import type { VitrinaDeviceCheck } from '../../../widget/device-check/device-check.js';

describe('<vitrina-device-check>', () => {
  it('previews the camera, shows the microphone level, lists devices, and lets them go when closed', async () => {
    const el = await fixture<VitrinaDeviceCheck>(html`<vitrina-device-check></vitrina-device-check>`);
    const root = el.shadowRoot!;
    const video = () => root.querySelector('video');
    await waitUntil(() => (video()?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.readyState === 'live', 'the camera preview');
    const tracks = (video()!.srcObject as MediaStream).getTracks();
    await waitUntil(() => root.querySelectorAll('select').length >= 2, 'device lists');
    expect(root.querySelector('[data-device=cameraId] option')!.textContent.trim()).to.not.equal('');
    // The fake microphone plays a beep: the meter moves.
    await waitUntil(() => Number(root.querySelector('[role=meter]')!.getAttribute('aria-valuenow')) > 0, 'the microphone level', { timeout: 5000 });
    await expect(el).shadowDom.to.be.accessible();

    const mic = root.querySelector('[data-device=microphoneId]') as HTMLSelectElement;
    setTimeout(() => mic.dispatchEvent(new Event('change')));
    const picked = await oneEvent<CustomEvent<{ microphoneId?: string }>>(el, 'vitrina-devices-change');
    expect(picked.detail.microphoneId).to.equal(mic.value);

    el.remove();
    await waitUntil(() => tracks.every((t) => t.readyState === 'ended'), 'the devices released');
  });

  it('says what to do when the browser refuses the camera', async () => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    try {
      const el = await fixture<VitrinaDeviceCheck>(html`<vitrina-device-check lang="ru"></vitrina-device-check>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[role=alert]'), 'a message');
      expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('Разрешите его в адресной строке');
      expect(el.shadowRoot!.querySelector('video')).to.equal(null);
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });
});
