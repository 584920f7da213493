/**
 * Page-side source of a function telling whether a video element's current frame has a picture
 * in it: drawn to a 16 × 12 canvas, some colour channel above 48. Black frames (what a held track
 * sends before the answer) have none; the fake camera is green. A string, so that the e2e tests
 * (`page.evaluateHandle`) and the accept bench (inside its own page script) share one check and
 * no bundler helper leaks into the page.
 */
export const PICTURE_CHECK = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 12;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return (video) => {
    if (!ctx || video.videoWidth === 0) return false;
    ctx.drawImage(video, 0, 0, 16, 12);
    return ctx.getImageData(0, 0, 16, 12).data.some((value, i) => i % 4 !== 3 && value > 48);
  };
})()`;
