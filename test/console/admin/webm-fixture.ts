/**
 * A VP8 WebM of one bright colour, as a blob URL for a player to load. Chromium's MediaRecorder
 * writes it as the recorder does a track: live, without cues or a duration up front.
 * (mediabunny, which the recorder uses, does not load in the component tests' dev server.)
 */
export async function webmOf(colour: string, ms = 1200): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const g = canvas.getContext('2d') as CanvasRenderingContext2D;
  const recorder = new MediaRecorder(canvas.captureStream(24), { mimeType: 'video/webm;codecs=vp8' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  let frame = 0;
  const draw = () => {
    g.fillStyle = colour;
    g.fillRect(0, 0, canvas.width, canvas.height);
    // Something that moves, so frames differ as a camera's do.
    g.fillStyle = '#fff';
    g.fillRect((frame++ * 4) % canvas.width, 80, 20, 20);
  };
  draw();
  recorder.start();
  const timer = setInterval(draw, 1000 / 24);
  await new Promise((r) => setTimeout(r, ms));
  clearInterval(timer);
  recorder.stop();
  await stopped;
  return URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
}
