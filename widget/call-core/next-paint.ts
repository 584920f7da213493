/**
 * Resolves once the browser has had a chance to paint what was just rendered: joining a room
 * starts with tens of milliseconds of script (more on a slow phone), and a status shown just
 * before it would otherwise reach the screen only after. A hidden tab paints nothing, so it
 * waits at most `atMostMs`.
 */
export function nextPaint(atMostMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, atMostMs);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}
